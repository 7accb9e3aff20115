enum Usage {
    static let main = """
    infralint: lint Dockerfiles and Docker Compose files

    USAGE:
      infralint [lint] [OPTIONS] [PATH...]   lint files and directories (default: .)
      infralint rules [--format text|json]   list every rule
      infralint explain NAME                 show a rule's documentation
      infralint version                      print the version
      infralint parse [OPTIONS] FILE...      print what a front end makes of a file

    Run 'infralint COMMAND --help' for a command's options.
    """

    static let lint = """
    USAGE: infralint [lint] [OPTIONS] [PATH...]

    Lints Dockerfiles and compose files. A directory is searched (skipping .git, node_modules and
    .build) for Dockerfile, Dockerfile.*, *.dockerfile, Containerfile, compose.y(a)ml,
    docker-compose.y(a)ml and their overlays compose.NAME.y(a)ml / docker-compose.NAME.y(a)ml.
    A base compose file and its compose.override file are one project; any other overlay is linted
    merged on top of its base, as 'docker compose -f BASE -f OVERLAY' reads it.

    OPTIONS:
      -f, --compose-file FILE   a compose project's files, in merge order (repeatable)
      --format text|json|sarif  output format (default text)
      --config FILE             the configuration file (default: the first .infralint.yml in the
                                first path's folder or above; else the recommended pack)
      --select NAMES            run only these rules (comma-separated names, codes or aliases;
                                repeatable); rules that are off by default can be selected
      --ignore NAMES            do not run these rules
      --fail-on error|warning|info
                                exit 1 when a finding is at least this severe (default: the
                                configuration's fail-on, else warning)
      --no-color                no colour (also when NO_COLOR is set)
      --stdin-filename NAME     the name of the file read from '-' (standard input)
      -h, --help                this help

    Exit status: 0 when nothing is at or above --fail-on (or the configuration's fail-on), 1 when
    something is, 2 for a usage or configuration error. A file that cannot be read or parsed is
    reported as a finding; every other file is still linted.
    """

    static let rules = """
    USAGE: infralint rules [--format text|json]

    Lists every rule: code, name, default severity, summary and the equivalent codes of other tools.
    """

    static let explain = """
    USAGE: infralint explain NAME

    Prints a rule's documentation. NAME is a rule name (root-user), code (DF001) or alias (DL3002).
    """

    static let version = """
    USAGE: infralint version

    Prints infralint's version.
    """

    static let parse = """
    USAGE: infralint parse [--language dockerfile|yaml|compose] [--resolved] [--env-file F] FILE... [--format json]

    Prints the syntax tree of FILE as JSON ('-' reads standard input).
      --language   dockerfile, yaml or compose; by default taken from the file name
                   (compose.yaml, docker-compose.yml, ... are compose; other .yml/.yaml are yaml;
                   anything else is a Dockerfile)
      --resolved   compose only: print the project as 'docker compose config --format json' does;
                   several files are merged in order, like 'docker compose -f A -f B'; a lone
                   compose.yaml is merged with compose.override.yaml beside it
      --env-file   compose only: read variables from F instead of the project's .env (repeatable)
      --project-directory DIR
                   compose only: the directory relative paths and .env are taken from
      --format     json (the only format)

    Exit status: 0 when the file parses, 1 when it does not (the error is printed on standard error
    as FILE:LINE:COLUMN: error: MESSAGE), 2 for a usage error.
    """
}
