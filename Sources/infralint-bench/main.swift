#if canImport(Glibc)
import Glibc
#endif
import SourceSupport

// infralint-bench MODE FILE... : parses each file repeatedly and prints the throughput.
// Modes are registered in `benchmarks` (one file per front end). Always run a release build.

struct Benchmark: Sendable {
    let name: String
    let summary: String
    /// Does the whole front-end work for one file's bytes; returns something derived from the
    /// result so the optimizer cannot drop the work.
    let run: @Sendable ([UInt8]) -> Int
}

func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func readFile(_ path: String) -> [UInt8]? {
    guard let handle = fopen(path, "rb") else { return nil }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = fread(&chunk, 1, chunk.count, handle)
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
}

// The allocator settings of the infralint command (process_memory.h): freed memory stays in the
// process, so a round does not fault in pages the previous one gave back to the system. The
// first (warm-up) parse runs on fresh memory, as a one-shot run of the command does; its time is
// printed as well.
ProcessMemory.keepFreedMemory()

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.count == 2, arguments[0] == "dump-dockerfile" {
    // Not a benchmark: the whole parse result as text, for comparing two builds (Dump.swift).
    guard let bytes = readFile(arguments[1]) else { print("cannot read \(arguments[1])"); exit(1) }
    print(dumpDockerfile(bytes), terminator: "")
    exit(0)
}
guard let mode = arguments.first, let benchmark = benchmarks.first(where: { $0.name == mode }), arguments.count > 1 else {
    print("usage: infralint-bench MODE FILE... [--seconds S]\n       infralint-bench dump-dockerfile FILE   (every node of the parse, as text)\nmodes:")
    for benchmark in benchmarks { print("  \(benchmark.name)  \(benchmark.summary)") }
    exit(2)
}
var seconds = 2.0
var paths: [String] = []
var index = 1
while index < arguments.count {
    if arguments[index] == "--seconds", index + 1 < arguments.count {
        seconds = Double(arguments[index + 1]) ?? seconds
        index += 2
        continue
    }
    paths.append(arguments[index])
    index += 1
}
var inputs: [[UInt8]] = []
for path in paths {
    guard let bytes = readFile(path) else { print("cannot read \(path)"); exit(1) }
    inputs.append(bytes)
}
let totalBytes = inputs.reduce(0) { $0 + $1.count }
var checksum = 0
let firstStart = monotonicSeconds()
for input in inputs { checksum &+= benchmark.run(input) }  // warm-up, on fresh memory
let first = monotonicSeconds() - firstStart
var rounds: [Double] = []
let deadline = monotonicSeconds() + seconds
repeat {
    let start = monotonicSeconds()
    for input in inputs { checksum &+= benchmark.run(input) }
    rounds.append(monotonicSeconds() - start)
} while monotonicSeconds() < deadline || rounds.count < 5
rounds.sort()
let median = rounds[rounds.count / 2]
let megabytes = Double(totalBytes) / 1_000_000
print("\(benchmark.name): \(inputs.count) file(s), \(totalBytes) bytes, \(rounds.count) rounds, median \(median * 1000) ms, \(megabytes / median) MB/s; first parse (fresh memory) \(first * 1000) ms (checksum \(checksum & 0xFF))")
