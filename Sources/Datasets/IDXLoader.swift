import Backprop

/// MNIST-style IDX files: an images file (`0x00000803`, unsigned bytes, count x rows x columns)
/// and a labels file (`0x00000801`, unsigned bytes, count). Pixels are scaled to [0, 1]; classes
/// are the distinct labels in numeric order. Gzipped files must be decompressed first.
enum IDXLoader {
    static func load(images imagesPath: String, labels labelsPath: String, name: String?, heldOut: Bool = false) throws -> RawDataset {
        let imagesFile = try MappedFile(path: imagesPath)
        let labelsFile = try MappedFile(path: labelsPath)
        let imageShape = try header(of: imagesFile, expectedDimensions: 3)
        let labelShape = try header(of: labelsFile, expectedDimensions: 1)
        let count = imageShape[0]
        guard labelShape[0] == count else {
            throw DatasetError(file: labelsPath, message: "\(labelShape[0]) labels for \(count) images in \(imagesPath)")
        }
        guard count > 0 else { throw DatasetError(file: imagesPath, message: "the file holds no images") }
        let pixels = imageShape[1] * imageShape[2]
        let imageBytes = imagesFile.bytes
        let imageOffset = 4 + 4 * 3
        var storage = [Float](repeating: 0, count: count * pixels)
        storage.withUnsafeMutableBufferPointer { target in
            for index in 0..<(count * pixels) { target[index] = Float(imageBytes[imageOffset + index]) / 255 }
        }
        let labelBytes = labelsFile.bytes
        let rawLabels = (0..<count).map { Int(labelBytes[8 + $0]) }
        let distinct = Array(Set(rawLabels)).sorted()
        guard distinct.count >= 2 || heldOut else {
            throw DatasetError(file: labelsPath, message: "every label is \(distinct.first ?? 0): a single class; classification needs at least two")
        }
        var labelOf = [Int32](repeating: 0, count: 256)
        for (index, value) in distinct.enumerated() { labelOf[value] = Int32(index) }
        let columns = imageShape[2]
        return RawDataset(name: name ?? fileStem(imagesPath), task: .classification,
                          featureNames: (0..<pixels).map { "pixel_\($0 / columns)_\($0 % columns)" },
                          classNames: distinct.map(String.init),
                          inputs: Matrix(rows: count, columns: pixels, storage: storage),
                          targets: .classes(labels: rawLabels.map { labelOf[$0] }, classCount: distinct.count))
    }

    /// Checks the magic number and size, and returns the dimensions.
    private static func header(of file: MappedFile, expectedDimensions: Int) throws -> [Int] {
        let bytes = file.bytes
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B {
            throw DatasetError(file: file.path, message: "the file is gzip-compressed; decompress it first (gunzip)")
        }
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 else {
            throw DatasetError(file: file.path, message: "not an IDX file (it must start with two zero bytes)")
        }
        guard bytes[2] == 0x08 else {
            throw DatasetError(file: file.path, message: "IDX element type 0x\(String(bytes[2], radix: 16)) is not supported (only unsigned bytes, 0x08)")
        }
        guard Int(bytes[3]) == expectedDimensions else {
            throw DatasetError(file: file.path, message: "expected \(expectedDimensions) dimension(s), the file has \(bytes[3])")
        }
        guard bytes.count >= 4 + 4 * expectedDimensions else {
            throw DatasetError(file: file.path, message: "the IDX header is cut short")
        }
        let dimensions = (0..<expectedDimensions).map { index in
            (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * index + $1]) }
        }
        // Three 32-bit dimensions can multiply past Int.max: a hostile header must be an error,
        // not an overflow trap.
        var elements = 1
        for dimension in dimensions {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= bytes.count else {
                throw DatasetError(file: file.path, message: "the header promises \(dimensions.map(String.init).joined(separator: " x ")) "
                    + "bytes of data, the file has \(bytes.count) bytes")
            }
            elements = product
        }
        let expectedSize = 4 + 4 * expectedDimensions + elements
        guard bytes.count == expectedSize else {
            throw DatasetError(file: file.path, message: "the header promises \(expectedSize) bytes, the file has \(bytes.count)")
        }
        return dimensions
    }
}
