import Core

/// The hparams plugin's messages (tensorboard/plugins/hparams/plugin_data.proto and api.proto),
/// each wrapped in `HParamsPluginData` as the plugin reads them from a summary's metadata.
enum HParamsPluginData {
    static let pluginName = "hparams"
    // The tags the plugin looks for (tensorboard/plugins/hparams/metadata.py).
    static let experimentTag = "_hparams_/experiment"
    static let sessionStartTag = "_hparams_/session_start_info"
    static let sessionEndTag = "_hparams_/session_end_info"

    /// A hyperparameter's value: `google.protobuf.Value`'s number, string or bool.
    enum Value: Hashable {
        case number(Double)
        case string(String)
        case bool(Bool)
    }

    /// `api.proto`'s DataType.
    enum DataType: Int64 {
        case string = 1, bool = 2, float64 = 3
    }

    /// What the experiment declares about one hyperparameter.
    struct HParamInfo {
        var name: String
        var type: DataType
        var description: String = ""
        /// The values it takes (discrete domain); empty for no stated domain.
        var values: [Value] = []
        /// For numbers: the interval it spans (used instead of `values`).
        var interval: ClosedRange<Double>?
    }

    /// One metric the dashboard shows as a column: a scalar tag of each session's run.
    struct MetricInfo {
        var tag: String
        var description: String = ""
        /// 1 training, 2 validation, 0 unknown (`DatasetType`).
        var datasetType: Int64 = 0
    }

    /// `api.proto`'s Status.
    enum Status: Int64 {
        case success = 1, failure = 2

        /// A run that ended as planned is a success: trained to the end, stopped early, or cut at a
        /// hyperband band (the search chose to stop it; it did not break). Diverged, failed and
        /// timed-out runs are failures, so TensorBoard's status filter separates what went wrong.
        init(_ status: RunStatus) {
            switch status {
            case .ok, .early_stopped, .terminated: self = .success
            case .diverged, .failed, .timed_out: self = .failure
            }
        }
    }

    static func experiment(name: String, description: String, timeCreated: Double,
                           hparams: [HParamInfo], metrics: [MetricInfo]) -> [UInt8] {
        wrapped(PluginField.experiment) { experiment in
            if !description.isEmpty { experiment.string(ExperimentField.description, description) }
            experiment.double(ExperimentField.timeCreated, timeCreated)
            for info in hparams {
                experiment.message(ExperimentField.hparamInfos) { entry in
                    entry.string(HParamInfoField.name, info.name)
                    if !info.description.isEmpty { entry.string(HParamInfoField.description, info.description) }
                    entry.integer(HParamInfoField.type, info.type.rawValue)
                    if let interval = info.interval {
                        entry.message(HParamInfoField.domainInterval) { range in
                            range.double(1, interval.lowerBound)
                            range.double(2, interval.upperBound)
                        }
                    } else if !info.values.isEmpty {
                        entry.message(HParamInfoField.domainDiscrete) { list in
                            for value in info.values { list.message(1) { encode(value, into: &$0) } }
                        }
                    }
                }
            }
            for info in metrics {
                experiment.message(ExperimentField.metricInfos) { entry in
                    entry.message(MetricInfoField.name) { name in name.string(MetricNameField.tag, info.tag) }
                    if !info.description.isEmpty { entry.string(MetricInfoField.description, info.description) }
                    if info.datasetType != 0 { entry.integer(MetricInfoField.datasetType, info.datasetType) }
                }
            }
        }
    }

    /// `hparams` in the order given (the caller sorts them: map order is not defined by protobuf,
    /// but byte-stable files need one).
    static func sessionStart(hparams: [(name: String, value: Value)], startTime: Double) -> [UInt8] {
        wrapped(PluginField.sessionStartInfo) { start in
            for (name, value) in hparams {
                start.message(SessionStartField.hparams) { entry in
                    entry.string(1, name)
                    entry.message(2) { encode(value, into: &$0) }
                }
            }
            start.double(SessionStartField.startTime, startTime)
        }
    }

    static func sessionEnd(status: Status, endTime: Double) -> [UInt8] {
        wrapped(PluginField.sessionEndInfo) { end in
            end.integer(SessionEndField.status, status.rawValue)
            end.double(SessionEndField.endTime, endTime)
        }
    }

    /// `google.protobuf.Value` (struct.proto): a oneof, so a zero is written too.
    private static func encode(_ value: Value, into writer: inout ProtobufWriter) {
        switch value {
        case .number(let number): writer.double(2, number)
        case .string(let text): writer.string(3, text)
        case .bool(let flag): writer.bool(4, flag)
        }
    }

    /// `HParamsPluginData` with version 0 (the default, so not written) and one member of `data`.
    private static func wrapped(_ field: Int, _ body: (inout ProtobufWriter) -> Void) -> [UInt8] {
        var data = ProtobufWriter()
        data.message(field, body)
        return data.bytes
    }

    private enum PluginField { static let experiment = 2, sessionStartInfo = 3, sessionEndInfo = 4 }
    private enum ExperimentField { static let description = 1, timeCreated = 3, hparamInfos = 4, metricInfos = 5 }
    private enum HParamInfoField { static let name = 1, description = 3, type = 4, domainDiscrete = 5, domainInterval = 6 }
    private enum MetricInfoField { static let name = 1, description = 4, datasetType = 5 }
    private enum MetricNameField { static let tag = 2 }
    private enum SessionStartField { static let hparams = 1, startTime = 5 }
    private enum SessionEndField { static let status = 1, endTime = 2 }
}
