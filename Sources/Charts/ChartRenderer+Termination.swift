// The end of a curve that a hyperband band cut: a square where the truncated curve stops, so a
// reader tells a run that was stopped on purpose from one that ran its course.
extension ChartRenderer {
    static func drawTerminationMarkers(_ curves: [LossCurve], coloured: [Bool], points: ([Double]) -> [Point], on canvas: Canvas) {
        let colouredIndices = curves.indices.filter { coloured[$0] }
        for (index, curve) in curves.enumerated() {
            guard let epoch = curve.terminatedAtEpoch, epoch >= 1 else { continue }
            let series = curve.validation.isEmpty ? curve.training : curve.validation
            guard epoch <= series.count, case let end = points(series)[epoch - 1], end.y.isFinite else { continue }
            let colour = coloured[index] ? Palette.categorical(colouredIndices.firstIndex(of: index) ?? 0) : RGBA(hex: 0x8A8A8A)
            canvas.drawMarker(.square, at: end, size: coloured[index] ? 8 : 6, color: colour)
        }
    }
}
