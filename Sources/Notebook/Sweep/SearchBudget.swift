/// How much a search may spend, as the notebook's `budget` key (or `--budget` / `--until`) says.
///
/// Two kinds, which can be combined:
/// - a time budget (`budget: 8h`): wall-clock seconds for this invocation of `gradbook run`. Runs
///   start in proposal order; the first run the cost model says cannot end in the time left ends
///   the search. Which runs exist then depends on the machine; every run that exists does not.
/// - an epoch budget (`budget: {epochs: 700}`): training epochs of one experiment's runs, counted
///   as trained (a run that stops early counts the epochs it ran). A run starts only when the
///   epochs before it plus its own `training.epochs` fit, so the set of runs is a pure function of
///   the notebook: the same on any `--jobs`, shard or resume.
/// Budgets are operational: they decide which runs exist, never what a run computes (no variant id).
public struct SearchBudget: Sendable, Hashable {
    /// Wall-clock seconds (a time budget), notebook-wide.
    public var seconds: Double?
    /// Training epochs per experiment.
    public var epochs: Int?
    /// Where the budget is written (the key's value), for messages.
    public var mark: SourceMark

    public init(seconds: Double? = nil, epochs: Int? = nil, mark: SourceMark = SourceMark(line: 1, column: 1)) {
        self.seconds = seconds
        self.epochs = epochs
        self.mark = mark
    }

    /// What the key accepts, as the docs and messages write it.
    public static let accepts = "a duration (`8h`, `90m`), `{epochs: E}`, or `{time: 8h, epochs: E}`"
    static let keys = ["time", "epochs"]
}

extension SearchBudget: CustomStringConvertible {
    /// `8h`, `700 epochs`, `8h or 700 epochs`.
    public var description: String {
        var parts: [String] = []
        if let seconds { parts.append(Self.duration(seconds)) }
        if let epochs { parts.append("\(epochs) epoch\(epochs == 1 ? "" : "s")") }
        return parts.joined(separator: " or ")
    }

    /// `8h`, `1h30m`, `90s`: the shortest exact spelling of whole units, else seconds.
    public static func duration(_ seconds: Double) -> String {
        let whole = seconds.rounded()
        guard whole == seconds, whole < 1e9 else { return "\(seconds)s" }
        let total = Int(whole), hours = total / 3600, minutes = total % 3600 / 60, rest = total % 60
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 || text.isEmpty { text += "\(rest)s" }
        return text
    }
}
