import Core
import Records

/// One run's TensorBoard event file: per epoch the losses and metrics, the learning rate and the
/// per-layer gradient statistics; the run's final metrics under `final/`; and its hparams session
/// (swept values, seed, label, status) for the HParams dashboard.
enum RunEventLog {
    /// Scalar tags of the final metrics, which the experiment declares as the HParams metrics: the
    /// record's `final_metrics` can differ from the last epoch (early stopping restores the best).
    static func finalTag(_ metric: String) -> String { "final/\(metric)" }

    /// `extra` hparams (e.g. the experiment's name in a notebook of several) come before the rest.
    static func encode(_ record: RunRecord, extra: [(name: String, value: HParamsPluginData.Value)] = []) -> [UInt8] {
        let timeline = RunTimeline(record: record)
        var file = TFRecordFile()
        file.append(TensorBoardEvent.fileVersion(wallTime: timeline.start))
        let start = HParamsPluginData.sessionStart(hparams: extra + hparams(of: record), startTime: timeline.start)
        file.append(TensorBoardEvent.pluginData(tag: HParamsPluginData.sessionStartTag, plugin: HParamsPluginData.pluginName,
                                                content: start, step: 0, wallTime: timeline.start))
        for epoch in record.epochs {
            file.append(TensorBoardEvent.scalars(scalars(of: epoch), step: epoch.epoch,
                                                 wallTime: timeline.wallTime(epoch: epoch.epoch)))
        }
        let lastStep = record.epochs.last?.epoch ?? 0
        if !record.finalMetrics.isEmpty {
            let finals = record.finalMetrics.sorted { $0.key < $1.key }.map { (tag: finalTag($0.key), value: $0.value) }
            file.append(TensorBoardEvent.scalars(finals, step: lastStep, wallTime: timeline.end))
        }
        let end = HParamsPluginData.sessionEnd(status: .init(record.status), endTime: timeline.end)
        file.append(TensorBoardEvent.pluginData(tag: HParamsPluginData.sessionEndTag, plugin: HParamsPluginData.pluginName,
                                                content: end, step: lastStep, wallTime: timeline.end))
        return file.bytes
    }

    /// The swept parameters by dotted name (sorted), then seed, label and status.
    static func hparams(of record: RunRecord) -> [(name: String, value: HParamsPluginData.Value)] {
        var values = record.parameters.sorted { $0.key < $1.key }.map { (name: $0.key, value: hparamValue($0.value)) }
        values.append(("seed", .number(Double(record.seed))))
        values.append(("label", .string(record.label)))
        values.append(("status", .string(record.status.rawValue)))
        return values
    }

    /// Numbers and flags stay typed (the dashboard filters and plots them); lists such as
    /// `model.hidden` read as the report writes them.
    static func hparamValue(_ value: ConfigValue) -> HParamsPluginData.Value {
        switch value {
        case .int(let number): return .number(Double(number))
        case .double(let number): return .number(number)
        case .bool(let flag): return .bool(flag)
        case .string(let text): return .string(text)
        default: return .string(value.display)
        }
    }

    /// Metrics by name, the learning rate, then per layer (1-based, zero-padded so they sort)
    /// gradient RMS, update ratio and weight RMS, each family under one prefix so TensorBoard
    /// draws all layers of it in one section; then the same for every norm's scale and shift,
    /// named as the weights export names them (`norms.0.weight`, `norms.0.bias`, 0-based).
    static func scalars(of epoch: EpochRecord) -> [(tag: String, value: Double)] {
        var values = epoch.metrics.sorted { $0.key < $1.key }.map { (tag: $0.key, value: $0.value) }
        values.append(("learning_rate", epoch.learningRate))
        func add(_ name: String, _ row: LayerStatistics) {
            values.append(("gradient_rms/\(name)", row.gradientRMS))
            values.append(("update_ratio/\(name)", row.updateRatio))
            values.append(("weight_rms/\(name)", row.weightRMS))
        }
        let width = String(epoch.layers.count).count
        for (index, layer) in epoch.layers.enumerated() { add(layerName(index, width: width), layer) }
        for (index, norm) in epoch.norms.enumerated() {
            add("norms.\(index).weight", norm.weight)
            add("norms.\(index).bias", norm.bias)
        }
        return values
    }

    static func layerName(_ index: Int, width: Int) -> String {
        let number = String(index + 1)
        return "layer_" + String(repeating: "0", count: max(0, width - number.count)) + number
    }
}
