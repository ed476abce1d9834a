import Core
import Datasets

extension FuzzEntryPoints {
    /// CSV bytes -> the checks `gradbook validate` runs on a data set (load, split, class counts:
    /// `DatasetLoader.inspect`) and the column profile `gradbook datasets --csv` prints. The target
    /// is fixed (`label`); the profile imputes missing cells so that path is reached too.
    /// Returns the number of samples, or nil when the file was refused.
    @discardableResult
    public static func csv(_ bytes: [UInt8]) -> Int? {
        let path = FuzzScratch.write(bytes, to: "input.csv")
        let loaded = try? DatasetLoader.inspect(DatasetSpec(csv: path, target: "label"))
        _ = try? DatasetLoader.profileColumns(DatasetSpec(csv: path, target: "label", missing: .impute))
        return loaded?.samples
    }

    /// IDX bytes -> `DatasetLoader.inspect` of an images file and a labels file. The input holds
    /// both: a 4-byte big-endian length of the labels file, the labels file, then the images file
    /// (the rest), so the fuzzer can make their counts disagree.
    /// Returns the number of samples, or nil when the files were refused.
    @discardableResult
    public static func idx(_ bytes: [UInt8]) -> Int? {
        let (labels, images) = splitIDXInput(bytes)
        let labelsPath = FuzzScratch.write(labels, to: "labels.idx")
        let imagesPath = FuzzScratch.write(images, to: "images.idx")
        return (try? DatasetLoader.inspect(DatasetSpec(idxImages: imagesPath, idxLabels: labelsPath)))?.samples
    }

    /// The inverse of `splitIDXInput`: how the seed corpus is written.
    public static func idxInput(labels: [UInt8], images: [UInt8]) -> [UInt8] {
        let count = UInt32(labels.count)
        return [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + labels + images
    }

    static func splitIDXInput(_ bytes: [UInt8]) -> (labels: [UInt8], images: [UInt8]) {
        guard bytes.count >= 4 else { return ([], bytes) }
        let declared = bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }
        let labelsEnd = 4 + min(declared, bytes.count - 4)
        return (Array(bytes[4..<labelsEnd]), Array(bytes[labelsEnd...]))
    }
}
