import Core
import Foundation
import Records

// results.json of a 100,000-run sweep is ~160 MB, nearly all of it the runs' and variants'
// summaries; JSONEncoder boxed every value of it first (most of the report's memory, and tens of
// CPU-seconds). The file is still JSONEncoder's bytes: it encodes the rest (notebook, metadata,
// best variant, importance, advice) with those two lists empty, and they are written by hand
// (`PrettyJSONWriter`, the record writer's spelling) in the place of the empty lists.
// `ResultsFileWritingTests` compares the result with JSONEncoder's over edge values. A summary the
// writer does not spell (see `PrettyJSONWriter`) sends the whole file through JSONEncoder.
extension ResultsFile {
    /// The file's bytes as `ResultsFile.encoder()` writes them, without the final newline.
    func encodedText() throws -> String { String(decoding: try encodedBytes(), as: UTF8.self) }

    /// `encodedText` as bytes: what the report writes, with no `String` copy of a file this big.
    func encodedBytes() throws -> [UInt8] {
        try Self.encodedBytes(stub: withoutLists, missing: run.missing, runs: { experiments[$0].runs },
                              variants: { experiments[$0].variants }) { self }
    }

    /// The file's bytes and its final newline, written into `file` a megabyte (`spillAt` bytes)
    /// at a time: the whole file is never in memory (~160 MB at 100,000 runs).
    func write(into file: StagedFile, spillAt: Int = 1 << 20) throws {
        try Self.write(into: file, spillAt: spillAt, stub: withoutLists, missing: run.missing,
                       runs: { experiments[$0].runs }, variants: { experiments[$0].variants }) { self }
    }

    /// The file with each experiment's runs and variants, and the missing runs, left empty.
    var withoutLists: ResultsFile {
        var stub = self
        stub.run.missing = []
        for index in stub.experiments.indices {
            stub.experiments[index].runs = []
            stub.experiments[index].variants = []
        }
        return stub
    }

    /// `encodedBytes` of the file made of `stub`, its missing runs and each experiment's two lists
    /// (by index); `whole` builds the file whole only if a summary holds something the writer does
    /// not spell.
    static func encodedBytes<Runs: Collection<RunSummary>, Variants: Collection<VariantSummary>>(
        stub: ResultsFile, missing: [MissingRun], runs: (Int) -> Runs, variants: (Int) -> Variants, whole: () -> ResultsFile
    ) throws -> [UInt8] {
        if let bytes = try handWritten(stub: stub, missing: missing, runs: runs, variants: variants, spillAt: 0, spill: nil) {
            return bytes
        }
        return Array(try encoder().encode(whole()))
    }

    /// `write(into:spillAt:)` of the file made of `stub` and the lists, as `encodedBytes` above.
    static func write<Runs: Collection<RunSummary>, Variants: Collection<VariantSummary>>(
        into file: StagedFile, spillAt: Int, stub: ResultsFile, missing: [MissingRun], runs: (Int) -> Runs,
        variants: (Int) -> Variants, whole: () -> ResultsFile
    ) throws {
        var failure: Error?
        let rest = try handWritten(stub: stub, missing: missing, runs: runs, variants: variants, spillAt: spillAt) { bytes in
            // After a failed append the rest is dropped; the failure is thrown once writing ends.
            if failure == nil {
                do { try file.append(bytes) } catch { failure = error }
            }
            bytes.removeAll(keepingCapacity: true)
        }
        if let failure { throw failure }
        if let rest {
            try file.append(rest)
        } else {
            try file.restart()
            try file.append(Array(try encoder().encode(whole())))
        }
        try file.append([0x0A])
    }

    /// The hand-written file, or nil when a summary holds something the writer does not spell.
    /// With `spill`, the bytes go to it as they are written and the rest is returned.
    private static func handWritten<Runs: Collection<RunSummary>, Variants: Collection<VariantSummary>>(
        stub: ResultsFile, missing: [MissingRun], runs: (Int) -> Runs, variants: (Int) -> Variants, spillAt: Int,
        spill: ((inout [UInt8]) -> Void)?
    ) throws -> [UInt8]? {
        let bytes = Array(try encoder().encode(stub))
        // Keys of an experiment entry start a line indented by six spaces, and a string cannot
        // hold a raw newline: these are the places of each entry's two lists, in entry order.
        // Keys indented by four belong to `notebook` or `run`, which follow the experiments:
        // there is the place of the missing runs (an interrupted 100,000-run sweep lists most).
        let runsMarker = Array("\n      \"runs\" : [\n\n      ]".utf8)
        let variantsMarker = Array("\n      \"variants\" : [\n\n      ]".utf8)
        let missingMarker = Array("\n    \"missing\" : [\n\n    ]".utf8)
        // One buffer for the whole file, written in place: building each list apart and growing
        // a second buffer by doubling held the file three times over at its peak.
        let estimate = bytes.count + 1 + stub.experiments.indices.reduce(0) { $0 + runs($1).count * 2400 + variants($1).count * 800 }
        var writer = PrettyJSONWriter(capacity: spill == nil ? estimate : 2 * spillAt)
        writer.spill = spill
        writer.spillAt = spillAt
        var position = 0
        for index in stub.experiments.indices {
            guard let runsAt = PrettyJSONWriter.find(runsMarker, in: bytes, from: position),
                  let variantsAt = PrettyJSONWriter.find(variantsMarker, in: bytes, from: runsAt + runsMarker.count) else { return nil }
            writer.append(bytes[position..<(runsAt + runsMarker.count - 10)])
            guard writer.list(runs(index), level: 3, element: { $0.runSummary($1) }) else { return nil }
            writer.append(bytes[(runsAt + runsMarker.count)..<(variantsAt + variantsMarker.count - 10)])
            guard writer.list(variants(index), level: 3, element: { $0.variantSummary($1) }) else { return nil }
            position = variantsAt + variantsMarker.count
        }
        guard let missingAt = PrettyJSONWriter.find(missingMarker, in: bytes, from: position) else { return nil }
        writer.append(bytes[position..<(missingAt + missingMarker.count - 8)])
        guard writer.list(missing, level: 2, element: { $0.missingRun($1) }) else { return nil }
        writer.append(bytes[(missingAt + missingMarker.count)...])
        return writer.bytes
    }
}

extension PrettyJSONWriter {
    /// `RunSummary` as JSONEncoder writes it, as an element of an entry's `runs` (level 4).
    mutating func runSummary(_ run: ResultsFile.RunSummary) -> Bool {
        var members: [Member] = []
        if let value = run.bestEpoch { members.append(("best_epoch", { $0.int(value) })) }
        if let value = run.divergedEpoch { members.append(("diverged_epoch", { $0.int(value) })) }
        members.append(("epochs", { $0.int(run.epochs) }))
        members.append(("final_metrics", { $0.doubles(run.finalMetrics, level: 5) }))
        members.append(("finished_at", { $0.string(run.finishedAt) }))
        if let value = run.fold { members.append(("fold", { $0.int(value) })) }
        members.append(("label", { $0.string(run.label) }))
        members.append(("parameters", { $0.configMap(run.parameters, level: 5) }))
        if let value = run.reason { members.append(("reason", { $0.string(value) })) }
        members.append(("record", { $0.string(run.record) }))
        members.append(("seconds", { $0.double(run.seconds) }))
        members.append(("seed", { $0.int(run.seed) }))
        if let value = run.shard { members.append(("shard", { $0.string(value) })) }
        members.append(("status", { $0.string(run.status.rawValue) }))
        members.append(("variant", { $0.string(run.variant) }))
        if let value = run.weightsFile { members.append(("weights_file", { $0.string(value) })) }
        return object(members, level: 4)
    }

    /// `MissingRun` as an element of `run.missing` (level 3).
    mutating func missingRun(_ run: ResultsFile.MissingRun) -> Bool {
        var members: [Member] = [("experiment", { $0.string(run.experiment) })]
        if let value = run.fold { members.append(("fold", { $0.int(value) })) }
        members.append(("label", { $0.string(run.label) }))
        if let value = run.owner { members.append(("owner", { $0.string(value) })) }
        members.append(("seed", { $0.int(run.seed) }))
        members.append(("variant", { $0.string(run.variant) }))
        return object(members, level: 3)
    }

    /// `VariantSummary` as an element of an entry's `variants` (level 4).
    mutating func variantSummary(_ variant: ResultsFile.VariantSummary) -> Bool {
        var members: [Member] = []
        if let value = variant.ci95 { members.append(("ci95", { $0.list(value, level: 5, element: { $0.double($1) }) })) }
        members.append(("label", { $0.string(variant.label) }))
        if let value = variant.metricMean { members.append(("metric_mean", { $0.double(value) })) }
        if let value = variant.metricStd { members.append(("metric_std", { $0.double(value) })) }
        members.append(("n", { $0.int(variant.n) }))
        members.append(("parameters", { $0.configMap(variant.parameters, level: 5) }))
        members.append(("runs", { $0.list(variant.runs, level: 5, element: { $0.string($1) }) }))
        members.append(("status", { $0.string(variant.status) }))
        return object(members, level: 4)
    }
}
