import Charts
import Core
import Foundation
import Records
import Testing
@testable import Notebook
@testable import Report

/// Norm parameters are rows of their own everywhere the layers' statistics go: the record's JSON,
/// the gradient-flow summary, table and charts, and TensorBoard.
@Suite struct NormRowsReportTests {
    static func norm(_ scale: Double, _ shift: Double) -> NormStatistics {
        NormStatistics(weight: LayerStatistics(gradientRMS: scale, weightRMS: 1, updateRatio: 0.01),
                       bias: LayerStatistics(gradientRMS: shift, weightRMS: 0.1, updateRatio: 0.02))
    }

    /// The fixture's records, the relu ones with a norm after each of their two hidden layers.
    static var results: ExperimentResults {
        let records = ReportFixture.records.map { record -> RunRecord in
            guard record.label.contains("relu") else { return record }
            var normed = record
            normed.epochs = record.epochs.map { var entry = $0; entry.norms = [norm(0.04, 0.02), norm(0.003, 0.001)]; return entry }
            return normed
        }
        return ExperimentResults(experiment: ReportFixture.lrExperiment, records: records)
    }

    @Test func recordsWithoutNormsKeepTheirBytesAndOldRecordsLoad() throws {
        let plain = EpochRecord(epoch: 1, learningRate: 0.1, metrics: ["val_loss": 0.5],
                                layers: [LayerStatistics(gradientRMS: 0.25, weightRMS: 0.5, updateRatio: 0.125)])
        let bytes = try JSONCoding.encoder(pretty: false).encode(plain)
        let written = String(decoding: bytes, as: UTF8.self)
        #expect(written == #"{"epoch":1,"layers":[{"gradient_rms":0.25,"update_ratio":0.125,"weight_rms":0.5}],"learning_rate":0.1,"metrics":{"val_loss":0.5}}"#)
        // The same text is what a record written before norm rows existed holds.
        #expect(try JSONCoding.decoder.decode(EpochRecord.self, from: bytes) == plain)

        var normed = plain
        normed.norms = [Self.norm(0.5, 0.25)]
        let text = String(decoding: try JSONCoding.encoder(pretty: false).encode(normed), as: UTF8.self)
        #expect(text.contains(#""norms":[{"bias":{"gradient_rms":0.25,"#))
        #expect(try JSONCoding.decoder.decode(EpochRecord.self, from: Data(text.utf8)) == normed)
    }

    @Test func summaryTableAndChartsCarryTheNormRows() throws {
        let flow = GradientFlowSummary(results: Self.results)
        let relu = try #require(flow.charted.first { $0.label.contains("relu") })
        let sigmoid = try #require(flow.charted.first { $0.label.contains("sigmoid") })
        #expect(relu.normScale.count == 2 && relu.normShift.count == 2)
        #expect(relu.normScale[1].allSatisfy { abs($0 - 0.003) < 1e-12 })
        #expect(relu.normShift[0].allSatisfy { abs($0 - 0.02) < 1e-12 })
        #expect(sigmoid.normScale.isEmpty)
        // The first-over-last ratio (and so the sentence) reads the layers only.
        #expect(flow.sentence == GradientFlowSummary(results: ExperimentResults(experiment: ReportFixture.lrExperiment,
                                                                                records: ReportFixture.records)).sentence)

        let table = try #require(flow.table)
        let lines = table.split(separator: "\n").map(String.init)
        let scaleRow = try #require(lines.first { $0.contains("`norms.1.weight`") })
        let shiftRow = try #require(lines.first { $0.contains("`norms.0.bias`") })
        #expect(scaleRow.contains("0.003") && scaleRow.contains("| - |"))
        #expect(shiftRow.contains("0.02"))
        #expect(lines.contains { $0.contains("3 (output)") && $0.contains("`layers.2.weight`") })
        #expect(!lines.contains { $0.contains("norms.2") })

        let chart = GradientFlowChart(title: "t", variants: flow.charted.map {
            .init(label: $0.label, perLayer: $0.perLayer, normScale: $0.normScale, normShift: $0.normShift)
        })
        let plain = GradientFlowChart(title: "t", variants: flow.charted.map { .init(label: $0.label, perLayer: $0.perLayer) })
        #expect(try ChartRenderer.png(chart) != ChartRenderer.png(plain))
        #expect(try ChartRenderer.depthProfilePNG(chart) != ChartRenderer.depthProfilePNG(plain))
    }

    @Test func tensorBoardHasAScalarPerNormParameter() {
        let epoch = EpochRecord(epoch: 2, learningRate: 0.1, metrics: [:],
                                layers: [LayerStatistics(gradientRMS: 1, weightRMS: 1, updateRatio: 1)],
                                norms: [Self.norm(0.5, 0.25)])
        let scalars = Dictionary(uniqueKeysWithValues: RunEventLog.scalars(of: epoch).map { ($0.tag, $0.value) })
        #expect(scalars["gradient_rms/norms.0.weight"] == 0.5)
        #expect(scalars["gradient_rms/norms.0.bias"] == 0.25)
        #expect(scalars["weight_rms/norms.0.bias"] == 0.1)
        #expect(scalars["update_ratio/norms.0.weight"] == 0.01)
        #expect(scalars["gradient_rms/layer_1"] == 1)
        #expect(scalars.count == 1 + 3 + 6)
    }
}
