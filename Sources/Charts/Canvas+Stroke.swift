// Strokes (round joins and caps, dashes), circles and markers, all built as unions of same-orientation
// pieces (segment quads and discs) so the accumulator merges them into one shape blended once.
import Foundation

public enum MarkerShape: Sendable, CaseIterable {
    case circle, square, triangle, cross
}

extension Canvas {
    /// Strokes a polyline (logical units) with round joins and caps. `dash` alternates on/off lengths in
    /// logical units. Non-finite points break the line into separate pieces.
    public func strokePolyline(_ points: [Point], width: Double, color: RGBA, dash: [Double]? = nil) {
        addStroke(points, width: width, dash: dash)
        fillPending(color)
    }

    public func strokeLine(from a: Point, to b: Point, width: Double, color: RGBA, dash: [Double]? = nil) {
        strokePolyline([a, b], width: width, color: color, dash: dash)
    }

    public func fillCircle(center: Point, radius: Double, color: RGBA) {
        let r = radius * scale
        addDisc(center.x * scale, center.y * scale, UnitCircle(radius: r))
        fillPending(color)
    }

    /// A marker of overall size `size` (logical units, about the diameter) centred on `center`.
    public func drawMarker(_ shape: MarkerShape, at center: Point, size: Double, color: RGBA) {
        let h = size / 2
        switch shape {
        case .circle:
            addDisc(center.x * scale, center.y * scale, UnitCircle(radius: h * scale))
        case .square:
            let s = h * 0.88
            addPolygon([Point(center.x - s, center.y - s), Point(center.x + s, center.y - s),
                        Point(center.x + s, center.y + s), Point(center.x - s, center.y + s)])
        case .triangle:
            let s = h * 1.15
            addPolygon([Point(center.x, center.y - s), Point(center.x + s * 0.866, center.y + s * 0.5),
                        Point(center.x - s * 0.866, center.y + s * 0.5)])
        case .cross:
            let s = h * 0.8
            addStroke([Point(center.x - s, center.y - s), Point(center.x + s, center.y + s)], width: size * 0.26, dash: nil)
            addStroke([Point(center.x - s, center.y + s), Point(center.x + s, center.y - s)], width: size * 0.26, dash: nil)
        }
        fillPending(color)
    }

    /// Adds a stroke to the pending shape without filling it.
    func addStroke(_ points: [Point], width: Double, dash: [Double]?) {
        let halfWidth = width * scale / 2
        guard halfWidth > 0 else { return }
        let circle = UnitCircle(radius: halfWidth)
        var piece: [(Double, Double)] = []
        piece.reserveCapacity(points.count)
        func flush() {
            if !piece.isEmpty {
                if let dash, dash.count >= 2, dash.allSatisfy({ $0 > 0 }), piece.count > 1 {
                    forEachDash(piece, pattern: dash.map { $0 * scale }) { addSolidStroke($0, halfWidth, circle) }
                } else {
                    addSolidStroke(piece, halfWidth, circle)
                }
            }
            piece.removeAll(keepingCapacity: true)
        }
        // Segments are first cut to the clip grown by the pen, so far-off points (a diverging curve) cost
        // nothing and cannot make the dash walk run for ever; pieces break where the line leaves the view.
        let margin = halfWidth + 2
        let view = (Double(clipX0) - margin, Double(clipY0) - margin, Double(clipX1) + margin, Double(clipY1) + margin)
        var previous: (Double, Double)? = nil
        var runLength = 0
        // A run of one finite point between gaps still shows, as a dot.
        func endRun() {
            if runLength == 1, let p = previous, Self.inside(p, view) { piece = [p] }
            flush()
            runLength = 0
            previous = nil
        }
        for p in points {
            guard p.x.isFinite && p.y.isFinite else {
                endRun()
                continue
            }
            let current = (p.x * scale, p.y * scale)
            runLength += 1
            if let start = previous {
                if let (a, b) = Self.clip(start, current, to: view) {
                    if let last = piece.last, last == a { piece.append(b) } else {
                        flush()
                        piece.append(a)
                        piece.append(b)
                    }
                    if b != current { flush() }
                } else {
                    flush()
                }
            }
            previous = current
        }
        endRun()
    }

    private static func inside(_ p: (Double, Double), _ r: (Double, Double, Double, Double)) -> Bool {
        p.0 >= r.0 && p.0 <= r.2 && p.1 >= r.1 && p.1 <= r.3
    }

    /// Liang-Barsky: the part of segment a-b inside rectangle r (x0, y0, x1, y1), or nil.
    static func clip(_ a: (Double, Double), _ b: (Double, Double), to r: (Double, Double, Double, Double))
        -> ((Double, Double), (Double, Double))? {
        let dx = b.0 - a.0, dy = b.1 - a.1
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.0 - r.0), (dx, r.2 - a.0), (-dy, a.1 - r.1), (dy, r.3 - a.1)] {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let t = q / p
            if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
            if t0 > t1 { return nil }
        }
        let start = t0 == 0 ? a : (a.0 + dx * t0, a.1 + dy * t0)
        let end = t1 == 1 ? b : (a.0 + dx * t1, a.1 + dy * t1)
        return (start, end)
    }

    /// Segment quads, a disc at each end (round caps) and at each visible bend (round joins).
    private func addSolidStroke(_ pts: [(Double, Double)], _ hw: Double, _ circle: UnitCircle) {
        guard let start = pts.first else { return }
        addDisc(start.0, start.1, circle)
        var previousDirection: (Double, Double)? = nil
        var last = start
        for i in 1..<max(1, pts.count) {
            let p = pts[i]
            let dx = p.0 - last.0, dy = p.1 - last.1
            let length = (dx * dx + dy * dy).squareRoot()
            if length < 1e-9 { continue }
            let ux = dx / length, uy = dy / length
            if let d = previousDirection, d.0 * ux + d.1 * uy < 0.998 {
                addDisc(last.0, last.1, circle)
            }
            let nx = -uy * hw, ny = ux * hw
            addEdge(last.0 - nx, last.1 - ny, p.0 - nx, p.1 - ny)
            addEdge(p.0 - nx, p.1 - ny, p.0 + nx, p.1 + ny)
            addEdge(p.0 + nx, p.1 + ny, last.0 + nx, last.1 + ny)
            addEdge(last.0 + nx, last.1 + ny, last.0 - nx, last.1 - ny)
            previousDirection = (ux, uy)
            last = p
        }
        if pts.count > 1 { addDisc(last.0, last.1, circle) }
    }

    /// Splits a polyline (pixel units) into its dashes.
    private func forEachDash(_ pts: [(Double, Double)], pattern: [Double], _ body: ([(Double, Double)]) -> Void) {
        var index = 0, remaining = pattern[0], on = true
        var current: [(Double, Double)] = [pts[0]]
        for i in 1..<max(1, pts.count) {
            var a = pts[i - 1]
            let b = pts[i]
            var segment = ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).squareRoot()
            while segment > remaining {
                let t = remaining / segment
                let cut = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
                if on {
                    current.append(cut)
                    body(current)
                }
                current = [cut]
                segment -= remaining
                a = cut
                on.toggle()
                index = (index + 1) % pattern.count
                remaining = pattern[index]
            }
            remaining -= segment
            if on { current.append(b) } else { current = [b] }
        }
        if on && current.count > 1 { body(current) }
    }

    /// A disc (pixel units) with counter-clockwise orientation, matching the segment quads.
    func addDisc(_ cx: Double, _ cy: Double, _ circle: UnitCircle) {
        let n = circle.cos.count
        var px = cx + circle.cos[n - 1], py = cy + circle.sin[n - 1]
        for i in 0..<n {
            let x = cx + circle.cos[i], y = cy + circle.sin[i]
            addEdge(px, py, x, y)
            px = x
            py = y
        }
    }
}

/// A circle of one radius as a polygon, fine enough that its error stays below ~0.06 pixel; scaled by
/// 1/cos(pi/n) so the polygon's area matches the circle's.
struct UnitCircle {
    let cos: [Double]
    let sin: [Double]
    init(radius: Double) {
        let n = max(8, min(160, Int((Double.pi / acos(max(0.5, 1 - 0.06 / max(radius, 0.1)))).rounded(.up))))
        let r = radius * (1 + (1 / Foundation.cos(Double.pi / Double(n)) - 1) / 2)
        cos = (0..<n).map { r * Foundation.cos(2 * Double.pi * Double($0) / Double(n)) }
        sin = (0..<n).map { r * Foundation.sin(2 * Double.pi * Double($0) / Double(n)) }
    }
}
