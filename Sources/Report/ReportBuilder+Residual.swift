import Foundation

extension ReportBuilder {
    /// The variants (points, over seeds) where `model.residual: true` had no block to act on, as
    /// the caller found them (`ReportContext.residualWithoutBlocks`, the preflight's warning):
    /// their networks are the ones `residual: false` trains, which a reader comparing the two
    /// must know.
    func residualNote(_ result: ExperimentResults) -> String? {
        let idle = context.residualWithoutBlocks
        guard !idle.isEmpty else { return nil }
        let residual = result.groups.filter { group in group.planned.contains { $0.config.model.residual } }
        let points = residual.filter { group in group.planned.contains { idle.contains($0.id) } }
        guard !points.isEmpty else { return nil }
        let listed = 5
        var names = points.prefix(listed).map { "`\($0.label)`" }.joined(separator: ", ")
        if points.count > listed { names += " and \(points.count - listed) more" }
        let share = points.count == residual.count ? "any" : "\(points.count)"
        return "`model.residual: true` has no block to act on in \(share) of the \(residual.count) variants that set it (\(names)): "
            + "no hidden layer there keeps its input's width, so they train without skip connections, "
            + "the same network as `residual: false`."
    }
}
