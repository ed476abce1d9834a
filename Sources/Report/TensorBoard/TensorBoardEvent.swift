/// The `Event` and `Summary` messages of TensorBoard's event files (tensorboard/compat/proto/
/// event.proto and summary.proto), encoded by hand: only the fields gradbook writes.
enum TensorBoardEvent {
    /// The first event of every file; readers check it to know the format.
    static func fileVersion(wallTime: Double) -> [UInt8] {
        var event = ProtobufWriter()
        event.double(EventField.wallTime, wallTime)
        event.string(EventField.fileVersion, "brain.Event:2")
        return event.bytes
    }

    /// One step's scalars as `simple_value`s, which TensorBoard's scalar dashboard and
    /// `EventAccumulator.Scalars` read directly. TensorBoard stores scalars as float32.
    static func scalars(_ values: [(tag: String, value: Double)], step: Int, wallTime: Double) -> [UInt8] {
        summary(step: step, wallTime: wallTime) { summary in
            for (tag, value) in values {
                summary.message(SummaryField.value) { entry in
                    entry.string(ValueField.tag, tag)
                    entry.float(ValueField.simpleValue, Float(value))
                }
            }
        }
    }

    /// A value that carries only plugin data in its metadata (how the hparams plugin's summaries
    /// look: the content is the message, there is no tensor).
    static func pluginData(tag: String, plugin: String, content: [UInt8], step: Int, wallTime: Double) -> [UInt8] {
        summary(step: step, wallTime: wallTime) { summary in
            summary.message(SummaryField.value) { entry in
                entry.string(ValueField.tag, tag)
                entry.message(ValueField.metadata) { metadata in
                    metadata.message(MetadataField.pluginData) { data in
                        data.string(PluginDataField.pluginName, plugin)
                        data.bytes(PluginDataField.content, content)
                    }
                }
            }
        }
    }

    private static func summary(step: Int, wallTime: Double, _ body: (inout ProtobufWriter) -> Void) -> [UInt8] {
        var event = ProtobufWriter()
        event.double(EventField.wallTime, wallTime)
        if step != 0 { event.integer(EventField.step, Int64(step)) }
        event.message(EventField.summary, body)
        return event.bytes
    }

    // Field numbers from the .proto files.
    private enum EventField { static let wallTime = 1, step = 2, fileVersion = 3, summary = 5 }
    private enum SummaryField { static let value = 1 }
    private enum ValueField { static let tag = 1, simpleValue = 2, metadata = 9 }
    private enum MetadataField { static let pluginData = 1 }
    private enum PluginDataField { static let pluginName = 1, content = 2 }
}
