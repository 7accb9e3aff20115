#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PolicyEngine

// infralint's command line. Each command lives in its own file; this one only dispatches.

let arguments = Array(CommandLine.arguments.dropFirst())
let status: Int32

switch arguments.first {
case "parse":
    status = ParseCommand.run(Array(arguments.dropFirst()))
case "version", "--version":
    Output.line("infralint \(PolicyEngine.version)")
    status = 0
case "help", "--help", "-h", nil:
    Output.line(Usage.main)
    status = 0
default:
    Output.error("infralint: unknown command '\(arguments[0])'\n\n" + Usage.main)
    status = 2
}

exit(status)
