import Core

// A report reads every record of a sweep; through JSONDecoder that was ~1.5 ms of CPU a record
// (100,000 records: most of a 150 CPU-second report). `JSONByteReader` reads the same fields in a
// fraction of that. Whatever it cannot read (malformed JSON, a number spelt so that JSONDecoder's
// reading of it is platform-dependent) is decoded by JSONDecoder instead, so the record or the
// error is JSONDecoder's: `RunRecordByteReadingTests` checks both readings agree on edge values.
extension RunRecord {
    /// What `read` keeps of a record.
    enum Reading {
        /// Everything.
        case full
        /// No configuration (`config` is `.null`).
        case withoutConfig
        /// No configuration and no curves (`light`).
        case light
    }

    /// The record in `bytes` read as `reading` says, by `JSONByteReader`; nil when it cannot.
    static func read(_ bytes: [UInt8], _ reading: Reading) -> RunRecord? {
        var reader = JSONByteReader(bytes)
        return try? reader.runRecord(reading)
    }
}

extension JSONByteReader {
    mutating func runRecord(_ reading: RunRecord.Reading) throws -> RunRecord {
        var formatVersion: Int?, gradbookVersion: String?, experiment: String?, variant: String?, label: String?
        var seed: Int?, fold: Int?, parameters: [String: ConfigValue]?, config: ConfigValue?, finishedAt: String?
        var shard: String?, status: RunStatus?, reason: String?, divergedEpoch: Int?, bestEpoch: Int?
        var epochs: [EpochRecord]?, epochCount = 0, finalMetrics: [String: Double]?, seconds: Double?
        var weightsFile: String?, numerics: Int?, termination: Termination?, threads: Int?
        try object { reader, key in
            switch key {
            case "format_version": formatVersion = try reader.int()
            case "gradbook_version": gradbookVersion = try reader.string()
            case "experiment": experiment = try reader.string()
            case "variant": variant = try reader.string()
            case "label": label = try reader.string()
            case "seed": seed = try reader.int()
            case "fold": fold = reader.takeNull() ? nil : try reader.int()
            case "parameters":
                var values: [String: ConfigValue] = [:]
                try reader.object { reader, name in values[name] = try reader.configValue() }
                parameters = values
            case "config":
                if reading == .full { config = try reader.configValue() } else { try reader.skipValue(); config = .null }
            case "finished_at": finishedAt = try reader.string()
            case "shard": shard = reader.takeNull() ? nil : try reader.string()
            case "status":
                guard let value = RunStatus(rawValue: try reader.string()) else { throw reader.fail("unknown status") }
                status = value
            case "reason": reason = reader.takeNull() ? nil : try reader.string()
            case "diverged_epoch": divergedEpoch = reader.takeNull() ? nil : try reader.int()
            case "best_epoch": bestEpoch = reader.takeNull() ? nil : try reader.int()
            case "epochs":
                if reading == .light {
                    guard reader.peek() == UInt8(ascii: "[") else { throw reader.fail("expected an array") }
                    epochCount = try reader.skipValue()
                    epochs = []
                } else {
                    var values: [EpochRecord] = []
                    try reader.array { reader in values.append(try reader.epochRecord()) }
                    epochs = values
                }
            case "final_metrics": finalMetrics = try reader.doubles()
            case "seconds": seconds = try reader.double()
            case "weights_file": weightsFile = reader.takeNull() ? nil : try reader.string()
            case "numerics": numerics = reader.takeNull() ? nil : try reader.int()
            case "termination": termination = reader.takeNull() ? nil : try reader.termination()
            case "threads": threads = reader.takeNull() ? nil : try reader.int()
            default: try reader.skipValue()
            }
        }
        try expectEnd()
        guard let formatVersion, let gradbookVersion, let experiment, let variant, let label, let seed, let parameters,
              let config, let finishedAt, let status, let epochs, let finalMetrics, let seconds else {
            throw fail("a required field is missing")
        }
        var outcome = RunOutcome(status: status, reason: reason, divergedEpoch: divergedEpoch, bestEpoch: bestEpoch,
                                 epochs: epochs, finalMetrics: finalMetrics, seconds: seconds, weightsFile: weightsFile,
                                 numerics: numerics)
        outcome.termination = termination
        outcome.threads = threads
        var record = RunRecord(gradbookVersion: gradbookVersion, experiment: experiment, variant: variant, label: label,
                               seed: seed, parameters: parameters, config: config, outcome: outcome, finishedAt: finishedAt,
                               shard: shard)
        record.formatVersion = formatVersion
        record.fold = fold
        if reading == .light { record.droppedEpochCount = epochCount }
        return record
    }

    mutating func epochRecord() throws -> EpochRecord {
        var epoch: Int?, learningRate: Double?, metrics: [String: Double]?, layers: [LayerStatistics]?
        var norms: [NormStatistics] = []
        try object { reader, key in
            switch key {
            case "epoch": epoch = try reader.int()
            case "learning_rate": learningRate = try reader.double()
            case "metrics": metrics = try reader.doubles()
            case "layers":
                var values: [LayerStatistics] = []
                try reader.array { reader in values.append(try reader.layerStatistics()) }
                layers = values
            case "norms":
                norms = []
                guard !reader.takeNull() else { return }
                try reader.array { reader in norms.append(try reader.normStatistics()) }
            default: try reader.skipValue()
            }
        }
        guard let epoch, let learningRate, let metrics, let layers else { throw fail("an epoch field is missing") }
        return EpochRecord(epoch: epoch, learningRate: learningRate, metrics: metrics, layers: layers, norms: norms)
    }

    mutating func layerStatistics() throws -> LayerStatistics {
        var gradient: Double?, weight: Double?, update: Double?
        try object { reader, key in
            switch key {
            case "gradient_rms": gradient = try reader.double()
            case "weight_rms": weight = try reader.double()
            case "update_ratio": update = try reader.double()
            default: try reader.skipValue()
            }
        }
        guard let gradient, let weight, let update else { throw fail("a layer statistic is missing") }
        return LayerStatistics(gradientRMS: gradient, weightRMS: weight, updateRatio: update)
    }

    mutating func normStatistics() throws -> NormStatistics {
        var weight: LayerStatistics?, bias: LayerStatistics?
        try object { reader, key in
            switch key {
            case "weight": weight = try reader.layerStatistics()
            case "bias": bias = try reader.layerStatistics()
            default: try reader.skipValue()
            }
        }
        guard let weight, let bias else { throw fail("a norm statistic is missing") }
        return NormStatistics(weight: weight, bias: bias)
    }

    mutating func termination() throws -> Termination {
        var band: Int?, value: Double?, cutoff: Double?, kept: Int?, configurations: Int?
        try object { reader, key in
            switch key {
            case "band": band = try reader.int()
            case "value": value = try reader.double()
            case "cutoff": cutoff = try reader.double()
            case "kept": kept = try reader.int()
            case "configurations": configurations = try reader.int()
            default: try reader.skipValue()
            }
        }
        guard let band, let value, let cutoff, let kept, let configurations else { throw fail("a termination field is missing") }
        return Termination(band: band, value: value, cutoff: cutoff, kept: kept, configurations: configurations)
    }
}
