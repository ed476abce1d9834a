// PNG encoding through libpng's simplified API, which reports errors in `png_image.message` instead of
// longjmp-ing out of Swift. The output holds no timestamp, so identical pixels give identical bytes.
import CPNG

public enum PNGEncoder {
    /// Encodes the canvas as an 8-bit RGB PNG (the canvas is opaque, so alpha carries nothing);
    /// `fast` trades file size for encoding speed (libpng's PNG_IMAGE_FLAG_FAST).
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

    /// `capacity` overrides the first output buffer's size (tests use a tiny one to exercise the retry).
    static func encodeRGB(_ rgb: [UInt8], width: Int, height: Int, fast: Bool = false, capacity: Int? = nil) throws -> [UInt8] {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = png_uint_32(PNG_FORMAT_RGB)
        // Measured on our charts, FAST encodes 4-10x faster (30 against 180 ms) but the files are mostly
        // larger (heat map 72 against 44 kB); reports are committed, so the default favours size.
        image.flags = fast ? png_uint_32(PNG_IMAGE_FLAG_FAST) : 0
        let stride = png_int_32(width * 3)
        // One pass into a buffer that holds even incompressible pixels (stored deflate blocks plus chunk
        // framing); libpng's two-call idiom (measure, then write) would compress every image twice.
        let rowBytes = width * 3 + 1
        var capacity = capacity ?? rowBytes * height + (rowBytes * height) / 256 + 8 * 1024
        for _ in 0..<2 {
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
            defer { scratch.deallocate() }
            var size = png_alloc_size_t(capacity)
            let status = rgb.withUnsafeBytes { raw in
                png_image_write_to_memory(&image, scratch.baseAddress, &size, 0, raw.baseAddress, stride, nil)
            }
            if status != 0, Int(size) <= capacity { return [UInt8](scratch.prefix(Int(size))) }
            // On failure libpng either names the size it needed (grow and retry once) or leaves it alone.
            guard status == 0, Int(size) > capacity else { break }
            capacity = Int(size)
        }
        throw failure(&image, "writing the PNG")
    }

    private static func failure(_ image: inout png_image, _ step: String) -> ChartError {
        let message = withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        return ChartError("libpng failed \(step) (\(image.width)x\(image.height)): \(message.isEmpty ? "no message" : message)")
    }
}
