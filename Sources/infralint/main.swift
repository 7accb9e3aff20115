#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PolicyEngine
import SourceSupport

// infralint's command line. Each command lives in its own file; this one only dispatches.

// Freed memory stays in the process: the next file's parse reuses it (see process_memory.h).
ProcessMemory.keepFreedMemory()

let arguments = Array(CommandLine.arguments.dropFirst())
let status: Int32

switch arguments.first {
case "parse":
    status = ParseCommand.run(Array(arguments.dropFirst()))
case "lint":
    status = LintCommand.run(Array(arguments.dropFirst()))
case "rules":
    status = RulesCommand.run(Array(arguments.dropFirst()))
case "explain":
    status = ExplainCommand.run(Array(arguments.dropFirst()))
case "version", "--version":
    if arguments.dropFirst().contains(where: { $0 == "--help" || $0 == "-h" }) {
        Output.line(Usage.version)
    } else {
        Output.line("infralint \(PolicyEngine.version)")
    }
    status = 0
case "help", "--help", "-h":
    Output.line(Usage.main)
    status = 0
default:
    // No command: `infralint [PATH…]` lints (paths and lint options go straight through).
    status = LintCommand.run(arguments)
}

exit(status)
