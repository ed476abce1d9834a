// Glyphs through FreeType: DejaVu Sans (regular, and bold for titles), anti-aliased, light hinting
// (vertical only, so spacing stays true), pair kerning from the font's kern table when present.
import CFreeType
import Foundation

struct TextMetrics: Equatable {
    /// Logical units: advance width, height above and below the baseline.
    var width: Double
    var ascent: Double
    var descent: Double
}

/// A rendered coverage mask; `baseline` is the row of the baseline and `originX` the column of the pen
/// start (glyphs may overhang to the left of it).
struct TextMask {
    var width: Int
    var height: Int
    var data: [UInt8]
    var originX: Int
    var baseline: Int
    var advance: Double

    /// The mask turned 90 degrees counter-clockwise (text reads bottom to top).
    func rotatedCounterClockwise() -> TextMask {
        var out = [UInt8](repeating: 0, count: data.count)
        for y in 0..<height {
            for x in 0..<width {
                out[(width - 1 - x) * height + y] = data[y * width + x]
            }
        }
        return TextMask(width: height, height: width, data: out, originX: baseline, baseline: width - originX, advance: advance)
    }
}

final class TextEngine {
    static let searchFolders = [
        "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF",
        "/usr/share/fonts/truetype", "/usr/local/share/fonts", "/usr/share/fonts", "/opt/homebrew/share/fonts",
        "/Library/Fonts", "\(NSHomeDirectory())/.fonts", "\(NSHomeDirectory())/.local/share/fonts",
    ]

    private struct GlyphKey: Hashable {
        var bold: Bool
        var size26: Int
        var index: UInt32
    }

    private struct Glyph {
        var width: Int
        var rows: Int
        var left: Int
        var top: Int
        var advance: Double
        var bitmap: [UInt8]
    }

    private var library: FT_Library?
    private var regular: FT_Face?
    private var bold: FT_Face?
    private var glyphs: [GlyphKey: Glyph] = [:]
    private var currentSize: [Bool: Int] = [:]
    let scale: Double

    /// `folders` replaces the standard font folders (tests).
    init(scale: Double, folders: [String]? = nil) throws {
        self.scale = scale
        guard FT_Init_FreeType(&library) == 0, let library else { throw ChartError("FreeType failed to initialise") }
        let searched = folders ?? Self.standardFolders()
        regular = try Self.openFace(library, file: "DejaVuSans.ttf", folders: searched)
        bold = (try? Self.openFace(library, file: "DejaVuSans-Bold.ttf", folders: searched)) ?? regular
    }

    deinit {
        if let bold, bold != regular { FT_Done_Face(bold) }
        if let regular { FT_Done_Face(regular) }
        if let library { FT_Done_FreeType(library) }
    }

    /// GRADBOOK_FONT_DIR first when set, then the usual system and user font folders.
    static func standardFolders() -> [String] {
        (ProcessInfo.processInfo.environment["GRADBOOK_FONT_DIR"].map { [$0] } ?? []) + searchFolders
    }

    static func findFont(_ file: String, folders: [String]) -> String? {
        for folder in folders {
            let path = "\(folder)/\(file)"
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    private static func openFace(_ library: FT_Library, file: String, folders: [String]) throws -> FT_Face {
        guard let path = findFont(file, folders: folders) else {
            throw ChartError("font \(file) not found in \(folders.joined(separator: ", ")) "
                + "(install fonts-dejavu-core, or set GRADBOOK_FONT_DIR to a folder holding it)")
        }
        var face: FT_Face?
        let status = FT_New_Face(library, path, 0, &face)
        guard status == 0, let face else { throw ChartError("FreeType could not open \(path) (error \(status))") }
        return face
    }

    private func face(bold isBold: Bool) -> FT_Face { (isBold ? bold : regular)! }

    /// Pixel size in 26.6 fixed point for a logical size.
    private func size26(_ logicalSize: Double) -> Int { max(64, Int((logicalSize * scale * 64).rounded())) }

    private func setSize(_ face: FT_Face, bold isBold: Bool, _ size26: Int) {
        if currentSize[isBold] != size26 {
            FT_Set_Char_Size(face, 0, FT_F26Dot6(size26), 72, 72)
            currentSize[isBold] = size26
        }
    }

    private func glyph(_ index: UInt32, bold isBold: Bool, size26: Int) -> Glyph {
        let key = GlyphKey(bold: isBold, size26: size26, index: index)
        if let cached = glyphs[key] { return cached }
        let face = face(bold: isBold)
        setSize(face, bold: isBold, size26)
        let loadRender: Int32 = 1 << 2, targetLight: Int32 = 1 << 16
        var result = Glyph(width: 0, rows: 0, left: 0, top: 0, advance: 0, bitmap: [])
        if FT_Load_Glyph(face, index, loadRender | targetLight) == 0, let slot = face.pointee.glyph {
            let bitmap = slot.pointee.bitmap
            let width = Int(bitmap.width), rows = Int(bitmap.rows), pitch = Int(bitmap.pitch)
            var pixels = [UInt8](repeating: 0, count: width * rows)
            if let buffer = bitmap.buffer, pitch > 0 {
                for y in 0..<rows {
                    for x in 0..<width { pixels[y * width + x] = buffer[y * pitch + x] }
                }
            }
            // Unhinted advance (16.16) keeps proportional spacing at every size.
            result = Glyph(width: width, rows: rows, left: Int(slot.pointee.bitmap_left), top: Int(slot.pointee.bitmap_top),
                           advance: Double(slot.pointee.linearHoriAdvance) / 65536, bitmap: pixels)
        }
        glyphs[key] = result
        return result
    }

    private struct Placement {
        var glyph: Glyph
        var x: Double
        var baselineShift: Double
    }

    /// Glyph placements in pixels relative to the pen start and baseline, plus the ascent/descent.
    private func layout(_ text: RichText, size: Double, bold isBold: Bool) -> (placements: [Placement], advance: Double, ascent: Double, descent: Double) {
        let face = face(bold: isBold)
        let hasKerning = (face.pointee.face_flags & (1 << 6)) != 0
        var placements: [Placement] = []
        var pen = 0.0, ascent = 0.0, descent = 0.0
        for span in text.spans {
            let spanSize = size26(size * span.sizeScale)
            setSize(face, bold: isBold, spanSize)
            let metrics = face.pointee.size.pointee.metrics
            let rise = span.rise * size * scale
            ascent = max(ascent, Double(metrics.ascender) / 64 + rise)
            descent = max(descent, -Double(metrics.descender) / 64 - rise)
            var previous: UInt32 = 0
            for scalar in span.text.unicodeScalars {
                var index = FT_Get_Char_Index(face, FT_ULong(scalar.value))
                if index == 0 { index = FT_Get_Char_Index(face, FT_ULong(("?" as Unicode.Scalar).value)) }
                if hasKerning && previous != 0 {
                    var delta = FT_Vector()
                    setSize(face, bold: isBold, spanSize)
                    if FT_Get_Kerning(face, previous, index, FT_KERNING_UNFITTED.rawValue, &delta) == 0 {
                        pen += Double(delta.x) / 64
                    }
                }
                let g = glyph(index, bold: isBold, size26: spanSize)
                placements.append(Placement(glyph: g, x: pen, baselineShift: rise))
                pen += g.advance
                previous = index
            }
        }
        return (placements, pen, ascent, descent)
    }

    func measure(_ text: RichText, size: Double, bold: Bool = false) -> TextMetrics {
        let l = layout(text, size: size, bold: bold)
        return TextMetrics(width: l.advance / scale, ascent: l.ascent / scale, descent: l.descent / scale)
    }

    func render(_ text: RichText, size: Double, bold: Bool = false) -> TextMask {
        let l = layout(text, size: size, bold: bold)
        var minX = 0, maxX = Int(l.advance.rounded(.up)), minY = -Int(l.ascent.rounded(.up)), maxY = Int(l.descent.rounded(.up))
        for p in l.placements where p.glyph.width > 0 {
            let gx = Int(p.x.rounded()) + p.glyph.left
            let gy = -Int(p.baselineShift.rounded()) - p.glyph.top
            minX = min(minX, gx); maxX = max(maxX, gx + p.glyph.width)
            minY = min(minY, gy); maxY = max(maxY, gy + p.glyph.rows)
        }
        let width = max(1, maxX - minX), height = max(1, maxY - minY)
        var data = [UInt8](repeating: 0, count: width * height)
        for p in l.placements where p.glyph.width > 0 {
            let gx = Int(p.x.rounded()) + p.glyph.left - minX
            let gy = -Int(p.baselineShift.rounded()) - p.glyph.top - minY
            for y in 0..<p.glyph.rows {
                for x in 0..<p.glyph.width {
                    let value = p.glyph.bitmap[y * p.glyph.width + x]
                    if value == 0 { continue }
                    let i = (gy + y) * width + gx + x
                    data[i] = max(data[i], value)
                }
            }
        }
        return TextMask(width: width, height: height, data: data, originX: -minX, baseline: -minY, advance: l.advance)
    }

    /// `text` shortened with an ellipsis so that it fits `maxWidth` (logical units).
    func truncated(_ text: String, size: Double, bold: Bool = false, maxWidth: Double) -> String {
        if measure(RichText(text), size: size, bold: bold).width <= maxWidth { return text }
        var characters = Array(text)
        while !characters.isEmpty {
            characters.removeLast()
            let candidate = String(characters).trimmingCharacters(in: .whitespaces) + "\u{2026}"
            if measure(RichText(candidate), size: size, bold: bold).width <= maxWidth { return candidate }
        }
        return ""
    }

    /// `text` shortened in the middle ("configu…ion-12"): for category names, whose ends tell them apart.
    func truncatedMiddle(_ text: String, size: Double, maxWidth: Double) -> String {
        if measure(RichText(text), size: size).width <= maxWidth { return text }
        let characters = Array(text)
        var keep = characters.count - 1
        while keep > 0 {
            let head = keep * 2 / 5, tail = keep - head
            let candidate = String(characters.prefix(head)) + "\u{2026}" + String(characters.suffix(tail))
            if measure(RichText(candidate), size: size).width <= maxWidth { return candidate }
            keep -= 1
        }
        return ""
    }
}
