// One chart being drawn: the canvas, the fonts, the text sizes of the house look, and the rectangles of
// text already placed (so later labels can avoid them).

enum HorizontalAnchor { case left, center, right }
enum VerticalAnchor { case top, middle, baseline, bottom }

final class ChartContext {
    let canvas: Canvas
    let text: TextEngine
    /// Text boxes placed so far (logical units).
    private(set) var placedText: [Rect] = []

    // Type sizes (logical units at 800x500).
    static let titleSize = 16.0
    static let labelSize = 12.5
    static let tickSize = 11.0
    static let legendSize = 11.0
    static let cellSize = 12.0
    /// DejaVu Sans cap height as a fraction of the size: centring text on a point uses it.
    static let capHeight = 0.73

    init(width: Int, height: Int, scale: Double) throws {
        canvas = Canvas(width: width, height: height, scale: scale)
        text = try TextEngine(scale: scale)
    }

    var bounds: Rect { Rect(x: 0, y: 0, width: canvas.logicalWidth, height: canvas.logicalHeight) }

    func measure(_ t: RichText, size: Double, bold: Bool = false) -> TextMetrics {
        text.measure(t, size: size, bold: bold)
    }

    func width(_ t: RichText, size: Double, bold: Bool = false) -> Double { measure(t, size: size, bold: bold).width }

    /// The box text would occupy if drawn with these anchors (cap top to descender bottom).
    func textBox(_ t: RichText, at p: Point, size: Double, bold: Bool = false,
                 h: HorizontalAnchor, v: VerticalAnchor, rotated: Bool = false) -> Rect {
        let metrics = measure(t, size: size, bold: bold)
        let top = size * 0.95, bottom = size * 0.24
        if rotated {
            let baselineX = p.x + size * Self.capHeight / 2
            return Rect(x: baselineX - top, y: p.y - metrics.width / 2, width: top + bottom, height: metrics.width)
        }
        let x0: Double
        switch h {
        case .left: x0 = p.x
        case .center: x0 = p.x - metrics.width / 2
        case .right: x0 = p.x - metrics.width
        }
        let baseline = baselineY(p.y, size: size, v: v)
        return Rect(x: x0, y: baseline - top, width: metrics.width, height: top + bottom)
    }

    private func baselineY(_ y: Double, size: Double, v: VerticalAnchor) -> Double {
        switch v {
        case .top: return y + size * 0.95
        case .middle: return y + size * Self.capHeight / 2
        case .baseline: return y
        case .bottom: return y - size * 0.24
        }
    }

    /// Draws text; `rotated` turns it 90 degrees counter-clockwise, centred on `p`. Returns its box.
    @discardableResult
    func drawText(_ t: RichText, at p: Point, size: Double, bold: Bool = false, color: RGBA = .text,
                  h: HorizontalAnchor = .left, v: VerticalAnchor = .baseline, rotated: Bool = false) -> Rect {
        let scale = canvas.scale
        let box = textBox(t, at: p, size: size, bold: bold, h: h, v: v, rotated: rotated)
        // Far-off or undefined positions (degenerate data) draw nothing rather than trap in Int().
        guard p.x.isFinite, p.y.isFinite, abs(p.x) < 1e6, abs(p.y) < 1e6 else { return box }
        var mask = text.render(t, size: size, bold: bold)
        if rotated {
            mask = mask.rotatedCounterClockwise()
            // Column `originX` of the rotated mask is the baseline; row `baseline` is the pen start.
            let baselineX = Int(((p.x + size * Self.capHeight / 2) * scale).rounded())
            let penStartY = Int(((p.y + mask.advance / scale / 2) * scale).rounded())
            canvas.blitMask(mask.data, maskWidth: mask.width, maskHeight: mask.height,
                            px: baselineX - mask.originX, py: penStartY - mask.baseline, color: color)
        } else {
            let penX = Int((box.x * scale).rounded())
            let baseline = Int((baselineY(p.y, size: size, v: v) * scale).rounded())
            canvas.blitMask(mask.data, maskWidth: mask.width, maskHeight: mask.height,
                            px: penX - mask.originX, py: baseline - mask.baseline, color: color)
        }
        placedText.append(box)
        return box
    }

    /// Whether `box` would overlap text already drawn or leave the image.
    func isFree(_ box: Rect, margin: Double = 2) -> Bool {
        let inside = box.x >= 0 && box.y >= 0 && box.maxX <= bounds.maxX && box.maxY <= bounds.maxY
        return inside && !placedText.contains { $0.insetBy(-margin).intersects(box) }
    }

    func truncated(_ s: String, size: Double, bold: Bool = false, maxWidth: Double) -> String {
        text.truncated(s, size: size, bold: bold, maxWidth: maxWidth)
    }
}
