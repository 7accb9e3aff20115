/// The bytes that end a run of bytes the argument scanners copy or skip as they are: one table
/// load and a test a byte, where testing each special byte in turn cost several compares a byte
/// (a quarter of the flag scanner's instructions). Constant data, so reading it costs no lazy
/// initialisation check.
enum RunStops {
    /// A BuildKit word (`BuildKitWords`) outside quotes: controls and space (up to 0x20), `"`, `'`,
    /// `=` (noted, for `KEY=value`), both possible escape characters `\` and `` ` ``, and 0x80 and above.
    static let word: UInt8 = 1
    /// A flag word (`FlagScanner`): as `word`, but the backquote is an ordinary byte there.
    static let flag: UInt8 = 2
    /// The inside of a JSON string (`JSONArrayForm`): controls below 0x20, `"`, `\` and 0x80 and above.
    static let jsonString: UInt8 = 4

    /// Per byte, the sum of the scanners above whose runs it ends, as a digit (row `r`, column `c`
    /// is byte `16 * r + c`).
    static let table: StaticString = """
        7777777777777777\
        7777777777777777\
        3070000300000000\
        0000000000000300\
        0000000000000000\
        0000000000007000\
        1000000000000000\
        0000000000000000\
        7777777777777777\
        7777777777777777\
        7777777777777777\
        7777777777777777\
        7777777777777777\
        7777777777777777\
        7777777777777777\
        7777777777777777
        """

    /// `byte` ends a run of the scanner `kind`.
    @inline(__always)
    static func stops(_ byte: UInt8, _ kind: UInt8) -> Bool { table.utf8Start[Int(byte)] & kind != 0 }

    /// The first position from `start` whose byte ends a run of the scanner `kind`, `end` when none.
    /// Four bytes a round (one bounds test for four table tests: a byte costs three instructions
    /// instead of seven).
    @inline(__always)
    static func runEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ kind: UInt8) -> Int {
        let table = table.utf8Start
        var index = start
        while index &+ 4 <= end {
            if table[Int(bytes[index])] & kind != 0 { return index }
            if table[Int(bytes[index &+ 1])] & kind != 0 { return index &+ 1 }
            if table[Int(bytes[index &+ 2])] & kind != 0 { return index &+ 2 }
            if table[Int(bytes[index &+ 3])] & kind != 0 { return index &+ 3 }
            index &+= 4
        }
        while index < end, table[Int(bytes[index])] & kind == 0 { index &+= 1 }
        return index
    }
}
