import Core

// The record-commit thread spent ~0.5 ms of CPU a record in JSONEncoder on what is left of a
// record once the curves are written by hand (configuration, parameters, outcome; perf, AMD EPYC
// Zen 1): a tiny run's whole overhead budget. The record is now written here whole, in exactly
// JSONEncoder's pretty, sorted-key bytes (`RecordWritingTests` compares the two over edge values:
// no format change). A record holding a value `PrettyJSONWriter` does not spell, or curves
// `PrettyJSONWriter.epochs` does not write, goes through JSONEncoder as before.
extension RunRecord {
    /// The record's bytes as JSONEncoder writes them, by hand; nil when out of the writer's scope.
    func handWrittenJSON() -> [UInt8]? {
        guard outcome.epochs.allSatisfy(PrettyJSONWriter.canWriteCurve) else { return nil }
        var writer = PrettyJSONWriter()
        return writer.record(self) ? writer.bytes : nil
    }
}

extension PrettyJSONWriter {
    /// Writes `record` at the top level; false (and the bytes unusable) when a value is out of scope.
    mutating func record(_ record: RunRecord) -> Bool {
        let outcome = record.outcome
        // The members in JSONEncoder's order (byte order of the keys), the absent optionals left out.
        var members: [Member] = []
        if let value = outcome.bestEpoch { members.append(("best_epoch", { $0.int(value) })) }
        members.append(("config", { $0.config(record.config, level: 1) }))
        if let value = outcome.divergedEpoch { members.append(("diverged_epoch", { $0.int(value) })) }
        members.append(("epochs", { writer in
            writer.epochs(outcome.epochs)
            return true
        }))
        members.append(("experiment", { $0.string(record.experiment) }))
        members.append(("final_metrics", { $0.doubles(outcome.finalMetrics, level: 1) }))
        members.append(("finished_at", { $0.string(record.finishedAt) }))
        if let value = record.fold { members.append(("fold", { $0.int(value) })) }
        members.append(("format_version", { $0.int(record.formatVersion) }))
        members.append(("gradbook_version", { $0.string(record.gradbookVersion) }))
        members.append(("label", { $0.string(record.label) }))
        if let value = outcome.numerics { members.append(("numerics", { $0.int(value) })) }
        members.append(("parameters", { $0.configMap(record.parameters, level: 1) }))
        if let value = outcome.reason { members.append(("reason", { $0.string(value) })) }
        members.append(("seconds", { $0.double(outcome.seconds) }))
        members.append(("seed", { $0.int(record.seed) }))
        if let value = record.shard { members.append(("shard", { $0.string(value) })) }
        members.append(("status", { $0.string(outcome.status.rawValue) }))
        if let value = outcome.termination {
            members.append(("termination", { writer in
                writer.object([("band", { $0.int(value.band) }), ("configurations", { $0.int(value.configurations) }),
                               ("cutoff", { $0.double(value.cutoff) }), ("kept", { $0.int(value.kept) }),
                               ("value", { $0.double(value.value) })], level: 1)
            }))
        }
        if let value = outcome.threads { members.append(("threads", { $0.int(value) })) }
        members.append(("variant", { $0.string(record.variant) }))
        if let value = outcome.weightsFile { members.append(("weights_file", { $0.string(value) })) }
        return object(members, level: 0)
    }
}
