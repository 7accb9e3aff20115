import SourceSupport
import DockerfileParser

/// Recognises RUN steps that build software (compile, bundle, install build toolchains or development
/// dependencies): what makes a single-stage image carry its build tools.
public enum BuildSteps {
    /// Commands that build whatever their arguments, or only with one of the listed first arguments.
    private static let builders: [String: Set<String>?] = [
        "go": ["build", "install"], "cargo": ["build", "install"], "mvn": ["package", "install", "verify", "compile"],
        "gradle": ["build", "assemble", "bootjar", "jar", "installdist", "shadowjar"],
        "./gradlew": ["build", "assemble", "bootjar", "jar", "installdist", "shadowjar"],
        "./mvnw": ["package", "install", "verify", "compile"],
        "make": nil, "cmake": nil, "ninja": nil, "gcc": nil, "g++": nil, "cc": nil, "clang": nil, "clang++": nil,
        "rustc": nil, "javac": nil, "tsc": nil, "webpack": nil, "esbuild": nil, "rollup": nil,
        "dotnet": ["build", "publish"], "swift": ["build"], "vite": ["build"], "ng": ["build"], "next": ["build"],
        "mix": ["release", "compile"], "bazel": ["build"], "pip": ["wheel"], "pip3": ["wheel"],
    ]
    private static let packageManagers: Set<String> = ["npm", "yarn", "pnpm", "bun"]
    private static let productionFlags: Set<String> = ["--omit=dev", "--only=production", "--only=prod", "--production", "--prod", "-P"]
    /// Packages that are compilers or build toolchains.
    private static let toolchainPackages: Set<String> = [
        "build-essential", "build-base", "gcc", "g++", "make", "cmake", "clang", "golang", "go", "rustc", "cargo",
        "default-jdk", "maven", "gradle", "musl-dev", "libc6-dev", "python3-dev", "python-dev", "gcc-c++", "automake", "autoconf",
    ]

    /// Why `instruction` is a build step (`` `npm run build` ``), or nil.
    public static func reason(_ instruction: Instruction) -> String? {
        guard instruction.kind == .run else { return nil }
        for command in commands(of: instruction) {
            if let reason = reason(command) { return reason }
        }
        return nil
    }

    /// The words of each simple command: from the front end's shell model, else split on operators.
    static func commands(of instruction: Instruction) -> [[String]] {
        if instruction.isExecForm { return [instruction.arguments.map(\.value)] }
        let scripts = instruction.allShellScripts
        if !scripts.isEmpty {
            return scripts.flatMap { $0.commands.map { $0.words.map(\.value) } }
        }
        var commands: [[String]] = []
        var current: [String] = []
        for rawWord in instruction.argumentText.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            var word = String(rawWord)
            var ends = false
            if word == "&&" || word == "||" || word == ";" || word == "|" {
                if !current.isEmpty { commands.append(current) }
                current = []
                continue
            }
            if word.hasSuffix(";") { word.removeLast(); ends = true }
            word = word.filter { $0 != "\"" && $0 != "'" }
            if !word.isEmpty { current.append(word) }
            if ends { commands.append(current); current = [] }
        }
        if !current.isEmpty { commands.append(current) }
        return commands
    }

    static func reason(_ words: [String]) -> String? {
        var words = words[...]
        // Skip assignments and wrappers (`CGO_ENABLED=0 go build`, `sudo make`).
        while let first = words.first, first.contains("=") && !first.hasPrefix("-") || first == "sudo" || first == "env" {
            words = words.dropFirst()
        }
        guard let name = words.first.map({ String($0.split(separator: "/").last ?? "") }) else { return nil }
        let full = words.first ?? ""
        let arguments = Array(words.dropFirst())
        let shown = "`" + words.prefix(3).joined(separator: " ") + "`"
        let firstArgument = arguments.first { !$0.hasPrefix("-") }?.lowercased()
        if let entry = builders[full] ?? builders[name] {
            guard let verbs = entry else { return shown }
            if let firstArgument, verbs.contains(firstArgument) { return shown }
            return nil
        }
        if packageManagers.contains(name) {
            // Production-only dependencies, or a global tool (`npm install -g pm2`), are not a build.
            if arguments.contains(where: { productionFlags.contains($0) || $0 == "-g" || $0 == "--global" || $0 == "global" }) { return nil }
            let verb = firstArgument ?? (name == "yarn" ? "install" : "")
            if verb == "run" || verb == "run-script" {
                let script = arguments.drop { $0.lowercased() != verb }.dropFirst().first { !$0.hasPrefix("-") } ?? ""
                return script.contains("build") || script.contains("compile") || script.contains("bundle") ? shown : nil
            }
            if ["build", "ci", "install", "i"].contains(verb) { return shown }
            return nil
        }
        if ["apt-get", "apt", "apk", "yum", "dnf", "microdnf"].contains(name),
           arguments.contains(where: { $0 == "install" || $0 == "add" }),
           let package = arguments.first(where: { toolchainPackages.contains(packageName($0)) || $0.hasSuffix("-jdk") || $0.hasSuffix("-jdk-headless") }) {
            return "`\(name) … \(package)`"
        }
        return nil
    }

    /// `gcc=12.2.0-1` → `gcc`.
    private static func packageName(_ word: String) -> String {
        String(word.split(separator: "=").first ?? Substring(word))
    }
}
