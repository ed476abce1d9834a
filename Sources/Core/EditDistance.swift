/// "Did you mean ...?" suggestions from Levenshtein distance.
public enum EditDistance {
    /// Optimal string alignment distance: Levenshtein plus adjacent transpositions, the most
    /// common typo (`valeus` is one slip from `values`).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, table[i - 2][j - 2] + 1)
                }
                table[i][j] = best
            }
        }
        return table[a.count][b.count]
    }

    /// The closest candidate, if it is close enough to be a plausible typo or abbreviation.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        // An abbreviation (`max`, `val_acc`) most likely means the one word it starts.
        let extensions = candidates.filter { $0.hasPrefix(word) && $0 != word }
        if word.count >= 3, extensions.count == 1 { return extensions[0] }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(word, candidate)
            if d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        guard let best else { return nil }
        // Short words are close to everything: allow one slip below four letters.
        let allowed = word.count < 4 ? 1 : max(2, min(word.count, best.name.count) / 3)
        return best.distance <= allowed ? best.name : nil
    }

    /// "; did you mean 'relu'?" or "".
    public static func suggestion(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}
