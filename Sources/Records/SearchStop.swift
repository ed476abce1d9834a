import Core
import Foundation

/// A budget ended an experiment's search before its proposals ran out: after `runs` runs in
/// proposal order, the next one did not fit. Time stops are facts of one invocation (how fast this
/// machine was), so `gradbook run` writes them to `search-budget.json` for the report; epoch stops
/// are a pure function of the notebook and its records and are derived wherever needed.
public struct SearchStop: Sendable, Codable, Equatable {
    public enum Reason: String, Sendable, Codable { case time, epochs }

    public var experiment: String
    public var reason: Reason
    /// Runs of the experiment, in proposal order, that the budget let start.
    public var runs: Int
    /// The budget as the notebook or command line wrote it (`8h`, `700 epochs`).
    public var budget: String
    /// With an epoch budget: epochs those runs trained.
    public var trainedEpochs: Int?

    public init(experiment: String, reason: Reason, runs: Int, budget: String, trainedEpochs: Int? = nil) {
        self.experiment = experiment
        self.reason = reason
        self.runs = runs
        self.budget = budget
        self.trainedEpochs = trainedEpochs
    }

    enum CodingKeys: String, CodingKey {
        case experiment, reason, runs, budget, trainedEpochs = "trained_epochs"
    }

    /// `the time budget (8h) ended the search after 12 runs`.
    public var sentence: String {
        let kind = reason == .time ? "time budget" : "epoch budget"
        var text = "the \(kind) (\(budget)) ended the search after \(runs) run\(runs == 1 ? "" : "s")"
        if let trainedEpochs { text += " (\(trainedEpochs) epochs trained)" }
        return text
    }
}

extension RunRecordStore {
    /// `<notebook folder>/search-budget.json`: the time stops of the last `gradbook run`.
    public var searchStopsPath: String { "\(directory)/search-budget.json" }

    /// The time stops the last run wrote; empty when there are none (or the file is unreadable).
    public func loadSearchStops() -> [SearchStop] {
        guard let data = FileManager.default.contents(atPath: searchStopsPath) else { return [] }
        return (try? JSONCoding.decoder.decode([SearchStop].self, from: data)) ?? []
    }

    /// Replaces the file with `stops` (removes it when there are none): each run says what its
    /// own clock ended, and a run without a time stop leaves none behind.
    public func saveSearchStops(_ stops: [SearchStop]) throws {
        guard !stops.isEmpty else {
            if unlink(searchStopsPath) != 0 && errno != ENOENT {
                throw FileWriteError(path: searchStopsPath, operation: "remove", code: errno)
            }
            return
        }
        let data = try JSONCoding.encoder().encode(stops)
        try AtomicFile.write([UInt8](data), to: searchStopsPath)
    }
}
