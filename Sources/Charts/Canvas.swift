// The raster canvas: an opaque RGBA8 image plus the coverage accumulator its shapes are filled with.
//
// Pixels are stored straight (not premultiplied) RGBA, 4 bytes per pixel, rows top to bottom. The canvas
// starts opaque and every drawing operation blends source-over onto an opaque destination, so alpha
// stays 255 and straight and premultiplied coincide in the stored image. Drawing coordinates are
// logical units (the chart is designed in 800x500); `scale` maps them to pixels (2 for 1600x1000).
// Pixel (i, j) covers the square [i, i+1) x [j, j+1) in pixel coordinates.

/// An axis-aligned rectangle in logical units.
public struct Rect: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }
    func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
    func insetBy(_ d: Double) -> Rect { Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }
}

public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

public final class Canvas {
    public let width: Int
    public let height: Int
    public let scale: Double
    /// Pixels, coverage cells and row bounds, borrowed from `CanvasStorage` for the canvas's life.
    private let storage: CanvasStorage
    /// RGBA8, `width * height * 4` bytes.
    let pixels: UnsafeMutablePointer<UInt8>
    /// Signed coverage deltas, `(width + 2) * height`; all zero between fills.
    let cells: UnsafeMutablePointer<Float>
    let cellStride: Int
    /// Per row, the first and last cell touched by the pending shape (min > max when untouched).
    let rowMin: UnsafeMutablePointer<Int32>
    let rowMax: UnsafeMutablePointer<Int32>
    var touchedTop = Int.max
    var touchedBottom = Int.min
    /// The clip rectangle in whole pixels: [clipX0, clipX1) x [clipY0, clipY1).
    var clipX0 = 0, clipY0 = 0, clipX1: Int, clipY1: Int

    /// A canvas of `width` x `height` pixels filled with `background`.
    public init(width: Int, height: Int, scale: Double = 1, background: RGBA = .white) {
        precondition(width > 0 && height > 0, "canvas must have a positive size")
        self.width = width
        self.height = height
        self.scale = scale
        storage = CanvasStorage.take(width: width, height: height)
        pixels = storage.pixels
        cellStride = width + 2
        cells = storage.cells
        rowMin = storage.rowMin
        rowMax = storage.rowMax
        clipX1 = width
        clipY1 = height
        // One 32-bit store per pixel; `littleEndian` puts the bytes in R, G, B, A order on any host.
        let opaque = (UInt32(background.r) | UInt32(background.g) << 8 | UInt32(background.b) << 16 | 0xFF00_0000).littleEndian
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: UInt32.self, capacity: width * height) {
            $0.initialize(repeating: opaque, count: width * height)
        }
    }

    deinit {
        // A shape accumulated but never filled leaves cells set: such storage is not reused.
        if touchedTop > touchedBottom { CanvasStorage.recycle(storage) }
    }

    /// Logical size.
    public var logicalWidth: Double { Double(width) / scale }
    public var logicalHeight: Double { Double(height) / scale }

    /// A copy of the RGBA8 bytes.
    public var rgba: [UInt8] { Array(UnsafeBufferPointer(start: pixels, count: width * height * 4)) }

    public func pixel(_ x: Int, _ y: Int) -> RGBA {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside the canvas")
        let i = 4 * (y * width + x)
        return RGBA(pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
    }

    /// Restricts drawing to `rect` (logical units, rounded outwards to whole pixels); nil clears it.
    public func setClip(_ rect: Rect?) {
        guard let rect else {
            clipX0 = 0; clipY0 = 0; clipX1 = width; clipY1 = height
            return
        }
        clipX0 = max(0, min(width, Int((rect.x * scale).rounded(.down))))
        clipY0 = max(0, min(height, Int((rect.y * scale).rounded(.down))))
        clipX1 = max(clipX0, min(width, Int((rect.maxX * scale).rounded(.up))))
        clipY1 = max(clipY0, min(height, Int((rect.maxY * scale).rounded(.up))))
    }

    /// Blends `color` with coverage `coverage` (0...255, already including nothing of the colour's alpha).
    @inline(__always)
    func blend(at index: Int, _ color: RGBA, coverage: Int) {
        let a = (coverage * Int(color.a) + 127) / 255
        if a <= 0 { return }
        if a >= 255 {
            pixels[index] = color.r
            pixels[index + 1] = color.g
            pixels[index + 2] = color.b
            return
        }
        let inverse = 255 - a
        pixels[index] = UInt8((Int(color.r) * a + Int(pixels[index]) * inverse + 127) / 255)
        pixels[index + 1] = UInt8((Int(color.g) * a + Int(pixels[index + 1]) * inverse + 127) / 255)
        pixels[index + 2] = UInt8((Int(color.b) * a + Int(pixels[index + 2]) * inverse + 127) / 255)
    }

    /// Fills an axis-aligned rectangle with exact fractional-edge coverage (a fast path for bars,
    /// cells and backgrounds).
    public func fillRect(_ rect: Rect, _ color: RGBA) {
        fillPolygon([Point(rect.x, rect.y), Point(rect.maxX, rect.y), Point(rect.maxX, rect.maxY), Point(rect.x, rect.maxY)],
                    color)
    }

    /// Blends an 8-bit coverage mask (`maskWidth` x `maskHeight`, row-major) at whole pixel `(px, py)`.
    func blitMask(_ mask: [UInt8], maskWidth: Int, maskHeight: Int, px: Int, py: Int, color: RGBA) {
        let x0 = max(clipX0, px), x1 = min(clipX1, px + maskWidth)
        let y0 = max(clipY0, py), y1 = min(clipY1, py + maskHeight)
        guard x0 < x1, y0 < y1 else { return }
        mask.withUnsafeBufferPointer { m in
            for y in y0..<y1 {
                let maskRow = (y - py) * maskWidth - px
                let pixelRow = y * width
                for x in x0..<x1 {
                    let c = Int(m[maskRow + x])
                    if c != 0 { blend(at: 4 * (pixelRow + x), color, coverage: c) }
                }
            }
        }
    }
}
