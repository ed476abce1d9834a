import Core
import Foundation
import Notebook
import Records
import Search
import Testing

/// Round files as input: a process whose observations match a round file's basis trains the
/// file's points, not its own proposal; the points survive the file bit for bit.
struct RoundAdoptionTests {
    @Test func pointTextReadsBackEveryValueBitForBit() throws {
        let values: [ConfigValue] = [
            .int(1), .double(1), .double(-0.0), .double(.leastNonzeroMagnitude), .double(0.1 + 0.2), .double(.infinity),
            .int(-42), .bool(true), .bool(false), .null, .string(""), .string("s3:l2:é \"quoted\" 🙂;"),
            .list([.int(8), .list([.double(0.5)])]), .map([ConfigEntry(key: "b:1", value: .string("x")), ConfigEntry(key: "a", value: .int(2))]),
        ]
        let text = ExactPointText.text(of: values)
        let read = try #require(ExactPointText.values(from: text))
        #expect(read == values)
        // Kinds are kept: an int and a double of the same number are different trained values.
        #expect(ExactPointText.values(from: ExactPointText.text(of: [.int(1)])) != [.double(1)])
        for (a, b) in zip(read, values) {
            if case .double(let x) = a, case .double(let y) = b { #expect(x.bitPattern == y.bitPattern) }
        }
        let nan = try #require(ExactPointText.values(from: ExactPointText.text(of: [.double(.nan)])))
        if case .double(let x) = nan[0] { #expect(x.bitPattern == Double.nan.bitPattern) } else { Issue.record("not a double") }
        // Every cut of the text, and edited text, is refused rather than misread.
        for end in text.indices.dropLast() { #expect(ExactPointText.values(from: String(text[..<end])) == nil, "cut at \(text.distance(from: text.startIndex, to: end))") }
        #expect(ExactPointText.values(from: text + "n") == nil)
        #expect(ExactPointText.values(from: "l1:s99:short") == nil)
        #expect(ExactPointText.values(from: "l1:dnothexnothexnoth") == nil)
        #expect(ExactPointText.values(from: "") == nil)
    }

    static let space = """
      training.learning_rate: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0}
      model.hidden: {values: [[8], [16], [32]]}
    """

    @Test func aRoundFileWithTheSameBasisIsTrainedInsteadOfTheOwnProposal() throws {
        let folder = NSTemporaryDirectory() + "gradbook-adopt-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = RoundFiles(directory: folder)
        let document = try loadNotebook(notebook(method: "bayes", extra: "count: 8\nround_size: 4", parameters: Self.space))
        let experiment = document.experiments[0], name = experiment.name
        let own = try document.replayedRounds(records: [], stored: files)
        #expect(own.rounds[name]?.count == 1)
        let first = try #require(own.rounds[name]?.first)
        #expect(first.points.count == 4 && first.variants.count == 4)

        // Another process wrote round 0 with other points (as another build could round them).
        let theirs = [SearchPoint([.double(0.001.nextUp), .list([.int(16)])])] + first.points.dropFirst()
        let made = try theirs.flatMap { try experiment.factory!.variants(at: $0.values) }
        try files.settle(experiment: name, round: 0, basis: first.basis, variants: made, points: theirs)
        let adopted = try document.replayedRounds(records: [], stored: files)
        #expect(adopted.document.variants.map(\.id) == made.map(\.id))
        #expect(adopted.document.variants.map(\.id) != first.variants.map(\.id))
        #expect(adopted.rounds[name]?.first?.points == theirs)
        // The next round is proposed from the adopted round's records, and adopted in turn.
        let records = made.map { record(of: $0, value: 0.5 + 0.01 * Double($0.label.count)) }
        let next = try document.replayedRounds(records: records, stored: files)
        let second = try #require(next.rounds[name]?.dropFirst().first)
        #expect(second.variants.count == 4)
        #expect(Set(second.variants.map(\.id)).isDisjoint(with: made.map(\.id)))

        // A file proposed for another search (the space edited since) is not adopted.
        let edited = try loadNotebook(notebook(method: "bayes", extra: "count: 8\nround_size: 4",
                                               parameters: Self.space.replacingOccurrences(of: "max: 1.0", with: "max: 0.5")))
        let fresh = try edited.replayedRounds(records: [], stored: files)
        #expect(fresh.rounds[name]?.first?.basis != first.basis)
        #expect(fresh.document.variants.map(\.id) != made.map(\.id))
        // Nor one of another size (a count that cuts the round shorter).
        let shorter = try loadNotebook(notebook(method: "bayes", extra: "count: 3\nround_size: 4", parameters: Self.space))
        #expect(try shorter.replayedRounds(records: [], stored: files).document.variants.count == 3)
    }
}
