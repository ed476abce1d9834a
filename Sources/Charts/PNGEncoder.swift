// PNG encoding through libpng (CPNGWriter keeps its longjmp-based errors on the C side). The output
// holds no timestamp, so identical pixels give identical bytes.
import CPNGWriter
#if canImport(Glibc)
import Glibc
#endif

public enum PNGEncoder {
    /// Encodes the canvas as an 8-bit RGB PNG (the canvas is opaque, so alpha carries nothing);
    /// `fast` trades file size for encoding speed (deflate level 1 instead of 6).
    public static func encode(_ canvas: Canvas, fast: Bool = false) throws -> [UInt8] {
        let pixelCount = canvas.width * canvas.height
        var rgb = [UInt8](repeating: 0, count: pixelCount * 3)
        rgb.withUnsafeMutableBufferPointer { out in
            for i in 0..<pixelCount {
                out[3 * i] = canvas.pixels[4 * i]
                out[3 * i + 1] = canvas.pixels[4 * i + 1]
                out[3 * i + 2] = canvas.pixels[4 * i + 2]
            }
        }
        return try encodeRGB(rgb, width: canvas.width, height: canvas.height, fast: fast)
    }

    /// `capacity` overrides the first output buffer's size (tests use a tiny one to exercise its growth).
    static func encodeRGB(_ rgb: [UInt8], width: Int, height: Int, fast: Bool = false, capacity: Int? = nil) throws -> [UInt8] {
        guard rgb.count == width * height * 3 else {
            throw ChartError("cannot encode a PNG of \(width)x\(height): \(rgb.count) bytes are not that many RGB pixels")
        }
        // Level 1 encodes ~2x faster than 6 on our charts, for files ~30% larger; reports are
        // committed, so the default favours size.
        let level: Int32 = fast ? 1 : 6
        // A buffer that holds the raw rows plus a little usually needs no growth (charts compress well).
        let rowBytes = width * 3 + 1
        let firstCapacity = capacity ?? rowBytes * height / 4 + 8 * 1024
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let written = rgb.withUnsafeBufferPointer { pixels in
            gb_png_write_rgb(pixels.baseAddress, Int32(width), Int32(height), level, firstCapacity, &out, &size, &message, message.count)
        }
        guard written != 0, let out else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ChartError("libpng failed writing the PNG (\(width)x\(height)): \(text.isEmpty ? "no message" : text)")
        }
        defer { free(out) }
        return [UInt8](UnsafeBufferPointer(start: out, count: size))
    }
}
