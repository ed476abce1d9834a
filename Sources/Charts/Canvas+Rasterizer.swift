// Exact-area anti-aliasing by signed coverage accumulation.
//
// Every edge of a shape adds, to the cells of the rows it crosses, the change in coverage it causes from
// one pixel to the next; a running sum along a row then gives each pixel's signed area coverage. The
// filled value is min(1, |sum|): for one polygon that is the non-zero rule, and shapes built from many
// pieces of the same orientation (stroke segments, round joins, markers) merge into one union that is
// blended once, so overlaps of a translucent stroke are not darkened twice. Only the cells a shape
// touched are visited and re-zeroed, so cost follows the drawn area, not the canvas size.

extension Canvas {
    /// Adds one directed edge in pixel coordinates to the pending shape, clipped to the clip rectangle.
    /// Parts above or below the clip are dropped; parts left of it are moved onto its left side (they
    /// still change the winding inside it); parts right of it cannot affect any pixel inside.
    func addEdge(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) {
        if ay == by || !ax.isFinite || !ay.isFinite || !bx.isFinite || !by.isFinite { return }
        // Rows outside the clip never see the edge: cut it to the clip's rows first (in Double, so far-off
        // data coordinates cannot overflow the Float accumulator).
        var (x0, y0, x1, y1) = (ax, ay, bx, by)
        let top = Double(clipY0), bottom = Double(clipY1)
        if (y0 < top && y1 < top) || (y0 > bottom && y1 > bottom) { return }
        if (y0 < top) != (y1 < top) {
            let x = x0 + (x1 - x0) * (top - y0) / (y1 - y0)
            if y0 < top { (x0, y0) = (x, top) } else { (x1, y1) = (x, top) }
        }
        if (y0 > bottom) != (y1 > bottom) {
            let x = x0 + (x1 - x0) * (bottom - y0) / (y1 - y0)
            if y0 > bottom { (x0, y0) = (x, bottom) } else { (x1, y1) = (x, bottom) }
        }
        if y0 == y1 { return }
        let left = Double(clipX0), right = Double(clipX1)
        if x0 >= right && x1 >= right { return }
        if x0 <= left && x1 <= left {
            rasterizeEdge(Float(left), Float(y0), Float(left), Float(y1))
            return
        }
        // Split where the edge crosses the left side of the clip.
        if (x0 < left) != (x1 < left) {
            let t = (left - x0) / (x1 - x0)
            let ym = y0 + (y1 - y0) * t
            if x0 < left {
                rasterizeEdge(Float(left), Float(y0), Float(left), Float(ym))
                (x0, y0) = (left, ym)
            } else {
                rasterizeEdge(Float(left), Float(ym), Float(left), Float(y1))
                (x1, y1) = (left, ym)
            }
        }
        // Cut off the part beyond the right side.
        if (x0 > right) != (x1 > right) {
            let t = (right - x0) / (x1 - x0)
            let ym = y0 + (y1 - y0) * t
            if x0 > right { (x0, y0) = (right, ym) } else { (x1, y1) = (right, ym) }
        }
        rasterizeEdge(Float(x0), Float(y0), Float(x1), Float(y1))
    }

    /// Accumulates an edge whose x lies inside [clipX0, clipX1]; rows are clipped here.
    private func rasterizeEdge(_ ax: Float, _ ay: Float, _ bx: Float, _ by: Float) {
        var (x0, y0, x1, y1, direction): (Float, Float, Float, Float, Float) =
            ay < by ? (ax, ay, bx, by, 1) : (bx, by, ax, ay, -1)
        let top = max(y0, Float(clipY0)), bottom = min(y1, Float(clipY1))
        if top >= bottom { return }
        let dxdy = (x1 - x0) / (y1 - y0)
        x0 += (top - y0) * dxdy
        y0 = top
        y1 = bottom
        x1 = x0 + (y1 - y0) * dxdy
        let firstRow = Int(top.rounded(.down))
        let lastRow = Int(bottom.rounded(.up)) - 1
        touchedTop = min(touchedTop, firstRow)
        touchedBottom = max(touchedBottom, lastRow)
        let maxCell = Float(cellStride - 2)
        var x = x0
        for row in firstRow...lastRow {
            let rowTop = max(Float(row), y0), rowBottom = min(Float(row + 1), y1)
            let dy = rowBottom - rowTop
            var xNext = x + dxdy * dy
            if row == lastRow { xNext = x1 }
            accumulateSpan(row: row, from: min(max(x, 0), maxCell), to: min(max(xNext, 0), maxCell), height: dy * direction)
            x = xNext
        }
    }

    /// Within one row, an edge piece going from `xa` to `xb` (at constant speed in y) with signed
    /// height `d`: cell j receives d * (A(j) - A(j-1)), where A(j) is the fraction of pixel j lying right
    /// of the edge, averaged over the piece. A(j) = (G(xb) - G(xa)) / (xb - xa) with G the antiderivative
    /// of clamp(j + 1 - x, 0, 1).
    @inline(__always)
    private func accumulateSpan(row: Int, from xa: Float, to xb: Float, height d: Float) {
        let lo = min(xa, xb), hi = max(xa, xb)
        let first = Int(lo), last = Int(hi)
        let base = cells + row * cellStride
        if first == last || hi - lo < 1e-4 {
            // The piece stays in one column: its mean x decides the split between pixel j and j+1.
            let j = first
            let inside = Float(j + 1) - (lo + hi) * 0.5
            base[j] += d * inside
            base[j + 1] += d * (1 - inside)
            noteTouched(row: row, first: j, last: j + 1)
            return
        }
        let inverseWidth = 1 / (hi - lo)
        @inline(__always) func g(_ x: Float, _ j: Int) -> Float {
            let u = x - Float(j)
            if u <= 0 { return u }
            if u >= 1 { return 0.5 }
            return u - 0.5 * u * u
        }
        var previous: Float = 0
        for j in first...last {
            let a = (g(hi, j) - g(lo, j)) * inverseWidth
            base[j] += d * (a - previous)
            previous = a
        }
        base[last + 1] += d * (1 - previous)
        noteTouched(row: row, first: first, last: last + 1)
    }

    @inline(__always)
    private func noteTouched(row: Int, first: Int, last: Int) {
        if Int32(first) < rowMin[row] { rowMin[row] = Int32(first) }
        if Int32(last) > rowMax[row] { rowMax[row] = Int32(last) }
    }

    /// Blends the pending shape with `color` and clears the accumulator.
    func fillPending(_ color: RGBA) {
        guard touchedTop <= touchedBottom else { return }
        for row in touchedTop...touchedBottom {
            let first = Int(rowMin[row]), last = Int(rowMax[row])
            if first > last { continue }
            let base = cells + row * cellStride
            let pixelRow = row * width
            var sum: Float = 0
            let visibleEnd = min(last, clipX1 - 1)
            var x = first
            while x <= last {
                sum += base[x]
                base[x] = 0
                if x <= visibleEnd && x >= clipX0 {
                    let coverage = Int(min(1, abs(sum)) * 255 + 0.5)
                    if coverage > 0 { blend(at: 4 * (pixelRow + x), color, coverage: coverage) }
                }
                x += 1
            }
            // Edges right of the clip were dropped, so the row may end inside the shape: the coverage then
            // stays constant up to the clip's right side.
            let coverage = Int(min(1, abs(sum)) * 255 + 0.5)
            if coverage > 0 {
                for x in max(last + 1, clipX0)..<max(last + 1, clipX1) { blend(at: 4 * (pixelRow + x), color, coverage: coverage) }
            }
            rowMin[row] = Int32.max
            rowMax[row] = Int32.min
        }
        touchedTop = Int.max
        touchedBottom = Int.min
    }

    /// Adds a closed polygon given in logical units to the pending shape.
    func addPolygon(_ points: [Point]) {
        guard points.count >= 3 else { return }
        var previous = points[points.count - 1]
        for point in points {
            addEdge(previous.x * scale, previous.y * scale, point.x * scale, point.y * scale)
            previous = point
        }
    }

    /// Fills a polygon (logical units, non-zero rule, anti-aliased).
    public func fillPolygon(_ points: [Point], _ color: RGBA) {
        addPolygon(points)
        fillPending(color)
    }
}
