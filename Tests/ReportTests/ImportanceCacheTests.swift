import Core
import Foundation
import Testing
@testable import Notebook
@testable import Report

/// A re-render reuses the forest estimate of an unchanged input (`ImportanceCache`), bit for bit,
/// and fits the forest again when a run, the build or the file changed.
@Suite struct ImportanceCacheTests {
    /// A small random search the forest (not the exact grid) estimates.
    static func results(shift: Double = 0) -> ExperimentResults {
        var sweep = SyntheticSweep(parameters: [("training.learning_rate", [], true, false),
                                                ("model.activation", [.string("relu"), .string("tanh")], false, true)])
        sweep.method = .random
        sweep.seeds = [1]
        var generator = SeededGenerator(seed: 3)
        let points: [[ConfigValue]] = (0..<30).map { _ in
            [.double(pow(10, -4 + 3 * generator.nextDouble())), .string(generator.nextInt(below: 2) == 0 ? "relu" : "tanh")]
        }
        return sweep.results(points: points) { point, seed in
            0.95 - 0.15 * abs(log10(point[0].doubleValue!) + 2) + (point[1] == .string("relu") ? 0.03 : 0)
                + 0.002 * SyntheticSweep.noise(point, seed) + shift
        }
    }

    static func same(_ a: ParameterImportance?, _ b: ParameterImportance?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.method == b.method && a.runs == b.runs
            && a.shares.map(\.parameters) == b.shares.map(\.parameters)
            && a.shares.map(\.share.bitPattern) == b.shares.map(\.share.bitPattern)
            && a.interactions.bitPattern == b.interactions.bitPattern && a.seedNoise.bitPattern == b.seedNoise.bitPattern
    }

    @Test func unchangedInputIsReusedAndAnyChangeRecomputes() throws {
        let root = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let results = Self.results()
        let fitted = ParameterImportance(results)
        #expect(fitted?.method == .forest(trees: 64, runs: 30))

        let first = ImportanceCache(directory: root, identity: "build 1")
        #expect(Self.same(ParameterImportance(results, cache: first), fitted))
        #expect(first.reused == 0)
        try first.save()
        #expect(FileManager.default.fileExists(atPath: "\(root)/\(ImportanceCache.fileName)"))

        // The same input: the stored estimate, bit for bit.
        let second = ImportanceCache(directory: root, identity: "build 1")
        #expect(Self.same(ParameterImportance(results, cache: second), fitted))
        #expect(second.reused == 1)

        // One run's value changed: fitted again, to what an uncached fit gives.
        var edited = results
        edited.records[4].outcome.finalMetrics["val_accuracy"]! += 0.01
        let third = ImportanceCache(directory: root, identity: "build 1")
        #expect(Self.same(ParameterImportance(edited, cache: third), ParameterImportance(edited)))
        #expect(third.reused == 0)

        // Another build (its identity names the executable) fits again.
        let rebuilt = ImportanceCache(directory: root, identity: "build 2")
        #expect(Self.same(ParameterImportance(results, cache: rebuilt), fitted))
        #expect(rebuilt.reused == 0)

        // An unreadable file, or a number in it that does not parse, counts as no estimate.
        try Data("{".utf8).write(to: URL(fileURLWithPath: "\(root)/\(ImportanceCache.fileName)"))
        let unreadable = ImportanceCache(directory: root, identity: "build 1")
        #expect(Self.same(ParameterImportance(results, cache: unreadable), fitted))
        #expect(unreadable.reused == 0)
        try unreadable.save()
        let path = "\(root)/\(ImportanceCache.fileName)"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let seedNoise = ImportanceCache.bits(try #require(fitted).seedNoise)
        try text.replacingOccurrences(of: "\"\(seedNoise)\"", with: "\"not hex\"").write(toFile: path, atomically: true, encoding: .utf8)
        let garbled = ImportanceCache(directory: root, identity: "build 1")
        #expect(Self.same(ParameterImportance(results, cache: garbled), fitted))
        #expect(garbled.reused == 0)
    }

    /// The file keeps only the estimates of the last render, and is not rewritten when unchanged.
    @Test func fileHoldsTheLastRenderOnly() throws {
        let root = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = ImportanceCache(directory: root, identity: "build 1")
        _ = ParameterImportance(Self.results(), cache: first)
        _ = ParameterImportance(Self.results(shift: 0.001), cache: first)
        try first.save()
        let path = "\(root)/\(ImportanceCache.fileName)"
        let written = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        let same = ImportanceCache(directory: root, identity: "build 1")
        _ = ParameterImportance(Self.results(), cache: same)
        _ = ParameterImportance(Self.results(shift: 0.001), cache: same)
        try same.save()
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == written)
        let fewer = ImportanceCache(directory: root, identity: "build 1")
        _ = ParameterImportance(Self.results(), cache: fewer)
        try fewer.save()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.components(separatedBy: "\"estimate\"").count == 2)
    }
}
