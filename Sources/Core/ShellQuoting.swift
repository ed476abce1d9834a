import Foundation

/// POSIX shell quoting, for the reproducing command a report states and the scripts
/// `gradbook slurm` writes: words of safe characters stay as they are, anything else goes in
/// single quotes (a quote inside is written `'\''`).
public enum ShellQuoting {
    private static let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./=:,+@%"))

    public static func quote(_ word: String) -> String {
        if !word.isEmpty && word.unicodeScalars.allSatisfy({ $0.isASCII && safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A command line from its words.
    public static func command(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
