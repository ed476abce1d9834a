import Foundation
import FuzzEntryPoints
import Testing

/// Every committed fuzzing input (the seed corpus and the reproducers of fixed findings) goes
/// through the fuzzers' own entry points in a normal build: CI catches a regression of a fixed
/// crash without a sanitizer toolchain. Returning at all is the check (a crash or trap fails the
/// run; a hang is caught by the reproducer tests' expectations below and by CI's time limit).
@Suite(.serialized) struct CorpusReplayTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    enum Target: String, CaseIterable, Sendable {
        case notebook, csv, idx
        func run(_ bytes: [UInt8]) -> Int? {
            switch self {
            case .notebook: FuzzEntryPoints.notebook(bytes)
            case .csv: FuzzEntryPoints.csv(bytes)
            case .idx: FuzzEntryPoints.idx(bytes)
            }
        }
    }

    static func inputs(_ folder: String, _ target: Target) -> [URL] {
        let directory = fuzzFolder.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: Target.allCases) func seedCorpusReplays(_ target: Target) throws {
        let files = Self.inputs("corpus", target)
        #expect(files.count >= 5, "the seed corpus of \(target) is missing")
        var accepted = 0
        for file in files where target.run([UInt8](try Data(contentsOf: file))) != nil { accepted += 1 }
        // The seeds are mostly valid inputs: a loader that refuses them all has broken its target.
        #expect(accepted > 0, "no seed of \(target) was accepted")
    }

    @Test(arguments: Target.allCases) func regressionsReturn(_ target: Target) throws {
        for file in Self.inputs("regressions", target) {
            _ = target.run([UInt8](try Data(contentsOf: file)))
        }
    }
}
