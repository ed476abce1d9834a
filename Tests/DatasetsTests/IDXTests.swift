import Backprop
import Foundation
import Testing
@testable import Datasets

@Suite final class IDXTests {
    let files = TemporaryFiles()

    func idx(dimensions: [Int], body: [UInt8]) -> Data {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for dimension in dimensions { bytes += [0, 0, UInt8(dimension >> 8), UInt8(dimension & 0xFF)] }
        return Data(bytes + body)
    }

    @Test func imagesAreScaledAndLabelsBecomeClasses() throws {
        let images = try files.write(idx(dimensions: [3, 2, 2], body: [0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0]), name: "images.idx")
        let labelFile = try files.write(idx(dimensions: [3], body: [7, 2, 7]), name: "labels.idx")
        let data = try loadWhole(DatasetSpec(idxImages: images, idxLabels: labelFile))
        #expect(data.inputSize == 4 && data.train.count == 3)
        #expect(data.train.inputs.storage[0...3] == [0, 1, 0.2, 0.4])
        #expect(data.classNames == ["2", "7"])
        #expect(labels(data.train) == [1, 0, 1])
        #expect(data.featureNames[3] == "pixel_1_1")
    }


    @Test func malformedFilesAreRejected() throws {
        let images = try files.write(idx(dimensions: [2, 1, 1], body: [0, 1]), name: "images.idx")
        let fewLabels = try files.write(idx(dimensions: [1], body: [0]), name: "labels.idx")
        #expect(loadError(DatasetSpec(idxImages: images, idxLabels: fewLabels))
                == DatasetError(file: fewLabels, message: "1 labels for 2 images in \(images)"))
        let cut = try files.write(idx(dimensions: [2, 1, 1], body: [0]), name: "cut.idx")
        #expect(loadError(DatasetSpec(idxImages: cut, idxLabels: fewLabels))
                == DatasetError(file: cut, message: "the header promises 18 bytes, the file has 17"))
        let gzip = try files.write(Data([0x1F, 0x8B, 8, 0]), name: "images.gz")
        #expect(loadError(DatasetSpec(idxImages: gzip, idxLabels: fewLabels))?.message == "the file is gzip-compressed; decompress it first (gunzip)")
        #expect(loadError(DatasetSpec(idxImages: images))?.message == "an idx data set needs both `images:` and `labels:` files")
    }

    /// Three dimensions of 0xFFFFFFFF multiply past Int.max: an error, not an overflow trap.
    @Test func aHeaderWhoseSizeOverflowsIsAnError() throws {
        let huge: [UInt8] = [0, 0, 0x08, 3] + Array(repeating: 0xFF, count: 12)
        let images = try files.write(Data(huge), name: "huge.idx")
        let labelFile = try files.write(idx(dimensions: [1], body: [0]), name: "labels.idx")
        #expect(loadError(DatasetSpec(idxImages: images, idxLabels: labelFile))?.message.hasPrefix("the header promises 4294967295 x") == true)
    }
}
