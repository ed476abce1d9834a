import Core
import Foundation
import Notebook
import Records

/// The proposals of each round of an adaptive search, written once under the output folder:
/// `rounds/<experiment>/<round>.json` (round 0 first), created exclusively (a fully written,
/// fsynced temporary linked into place, so a reader never sees a partial file) by the first
/// `gradbook run` that proposes the round: one process, a shard, a Slurm array task or a resume.
///
/// A round is a pure function of the search and the records of the rounds before, so every
/// process would propose the same variants; the file makes that a fact rather than a hope. It
/// holds the round's points exactly (`ExactPointText`), and every later process whose basis is
/// the file's adopts them instead of proposing the round itself
/// (`NotebookDocument.replayedRounds(records:stored:)`): the tasks of a sharded search train the
/// round the first of them wrote, whatever a last bit of another build's or libm's arithmetic.
/// Each process still compares the variants it made of those points (ids hash every trained
/// value) with the file's ids and stops with an error on a mismatch (a build that makes other
/// variants of the same points). The `basis` is a digest of the search's definition and of the
/// observations the round came from: when those changed (the notebook's space edited, or a failed
/// or timed-out run of an earlier round retried by a later `gradbook run` and now finished), the
/// search legitimately proposes anew and the file is replaced, as the replay always did.
public struct RoundFiles: Sendable {
    /// What a round file holds: the variants of the round in proposal order.
    public struct Round: Codable, Sendable, Equatable {
        public var experiment: String
        public var round: Int
        /// Digest of the records of the rounds before (`basis(of:metric:)`).
        public var basis: String
        public var ids: [String]
        /// For a reader of the folder; the ids are what is compared.
        public var labels: [String]
        /// The round's points in proposal order (`ExactPointText`); nil in files written before
        /// rounds were adopted, which are then only compared.
        public var points: [String]?

        /// The stored points, nil when there are none or one does not read back.
        public var searchPoints: [SearchPoint]? {
            guard let points else { return nil }
            var read: [SearchPoint] = []
            for text in points {
                guard let values = ExactPointText.values(from: text) else { return nil }
                read.append(SearchPoint(values))
            }
            return read
        }
    }

    /// The notebook's output folder (`<out>/<stem>`).
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func path(experiment: String, round: Int) -> String {
        "\(directory)/rounds/\(experiment)/\(round).json"
    }

    /// The stored round, nil when no process has written it yet (or it cannot be read).
    public func load(experiment: String, round: Int) -> Round? {
        guard let data = FileManager.default.contents(atPath: path(experiment: experiment, round: round)) else { return nil }
        return try? JSONCoding.decoder.decode(Round.self, from: data)
    }

    /// Writes round `round` of `experiment` if no process has, else checks that the stored one
    /// has the same variants. Throws `RoundMismatch` when it does not, a write error when the
    /// file cannot be created.
    public func settle(experiment: String, round: Int, basis: String, variants: [Variant], points: [SearchPoint]) throws {
        try settle(experiment: experiment, round: round, basis: basis, variants: variants, points: points,
                   read: load(experiment: experiment, round: round))
    }

    /// `settle`, with the file as the caller just read it (`read`, nil when there was none: the
    /// replay that proposed the round read it to adopt it), so it is not read again; it is read
    /// again only when another process wrote it since.
    public func settle(experiment: String, round: Int, basis: String, variants: [Variant], points: [SearchPoint],
                       read existing: Round?) throws {
        let proposed = Round(experiment: experiment, round: round, basis: basis, ids: variants.map(\.id), labels: variants.map(\.label),
                             points: points.map { ExactPointText.text(of: $0.values) })
        let target = path(experiment: experiment, round: round)
        let bytes = Array(try JSONCoding.encoder().encode(proposed)) + [0x0A]
        var found = existing
        if found == nil {
            try AtomicFile.createFolder("\(directory)/rounds/\(experiment)")
            if try AtomicFile.createExclusively(bytes, at: target) { return }
            // Someone wrote it first, just now: theirs is the round.
            found = load(experiment: experiment, round: round)
        } else if found?.basis != basis {
            // Proposed from other records than these: the records changed since, so does the round.
            try AtomicFile.write(bytes, to: target)
            return
        }
        guard let stored = found else {
            throw RoundMismatch(path: target, detail: "the file exists but cannot be read")
        }
        guard stored.basis == basis else { return }
        guard stored.ids == proposed.ids else {
            let differing = zip(stored.ids, proposed.ids).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(stored.ids.count, proposed.ids.count)
            let theirs = differing < stored.labels.count ? stored.labels[differing] : "nothing"
            let ours = differing < proposed.labels.count ? proposed.labels[differing] : "nothing"
            throw RoundMismatch(path: target, detail: "its run \(differing + 1) is \(theirs), this process proposes \(ours)")
        }
    }
}

extension RoundFiles {
    /// The digest of what a round is proposed from: the search's definition (`search`, see
    /// `definition(of:)`) and each told run's id, status, ranking metric and, for a run hyperband
    /// cut, its band and value there (bits): everything `ExperimentSearch.tell` hands the method,
    /// sorted so the order runs ended in does not matter.
    public static func basis(of records: [RunRecord], metric: String, search: String) -> String {
        func bits(_ value: Double?) -> String { value.map { String($0.bitPattern, radix: 16) } ?? "-" }
        let lines = records.map { record -> String in
            let cut = record.outcome.termination.map { "\($0.band) \(bits($0.value))" } ?? "-"
            return "\(record.variant) \(record.seed) \(record.outcome.status.rawValue) \(bits(record.outcome.finalMetrics[metric])) \(cut)"
        }.sorted()
        return SHA256.hexDigest(([search] + lines).joined(separator: "\n"))
    }

    /// What decides an experiment's proposals and their variants besides its observations: the
    /// method, space, seed, round size, metric and seeds, and the configuration the points are
    /// set into. Not `count`: raising it repeats every earlier round (a round it cuts shorter is
    /// another size, which is never adopted).
    public static func definition(of experiment: Experiment) -> String {
        var request = experiment.sweep
        request.count = nil
        return String(reflecting: request) + "\n" + (experiment.factory?.baseDefinition ?? "")
    }
}

/// A process proposed another round than the one its round file holds.
public struct RoundMismatch: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var detail: String

    public var description: String {
        "\(path): error: this process proposes another round than the one stored (\(detail)); every task of a sharded search must run the same gradbook build on the same notebook"
    }
}
