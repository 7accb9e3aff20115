enum Usage {
    static let main = """
    infralint: lint Dockerfiles and Docker Compose files

    USAGE:
      infralint parse [--language dockerfile|yaml|compose] [--resolved] [--env-file F] FILE... [--format json]
      infralint version

    Run 'infralint COMMAND --help' for a command's options.
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
