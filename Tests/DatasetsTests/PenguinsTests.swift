import Backprop
import Core
import Testing
@testable import Datasets

/// The shipped Palmer penguins file (experiments/data/penguins.csv, the `palmerpenguins` 0.1.6
/// package's copy): its holes, both remedies, and the split the peer script reproduces.
@Suite struct PenguinsTests {
    func spec(_ missing: MissingPolicy) throws -> DatasetSpec {
        DatasetSpec(csv: try ShippedDataLocator.path(of: "penguins.csv", environment: [:]), target: "species",
                    validation: 0.25, seed: 0, missing: missing)
    }

    @Test func theFileIsRefusedWithoutAMissingPolicy() throws {
        let error = loadError(try spec(.error))
        #expect(error?.line == 5 && error?.column == 3)
        #expect(error?.message.hasPrefix("missing value 'NA' in column 'bill_length_mm'") == true)
    }

    @Test func dropKeeps333RowsAndImputeAll344() throws {
        let dropped = try DatasetLoader.load(try spec(.drop))
        let summary = try #require(dropped.preparation)
        #expect(summary.rowsRead == 344 && summary.droppedForMissingFeature == 11 && summary.droppedForMissingTarget == 0)
        #expect(summary.missingCells.map(\.count) == [2, 2, 2, 2, 11])
        #expect(summary.classBalance.map(\.counts) == [[109, 51, 89], [37, 17, 30]])
        let imputed = try DatasetLoader.load(try spec(.impute))
        #expect(imputed.train.count + (imputed.validation?.count ?? 0) == 344)
        #expect(imputed.preparation?.imputed.map(\.column) == ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"])
        #expect(imputed.preparation?.imputed.last?.cells == 11)
        #expect(imputed.featureNames == ["island=Biscoe", "island=Dream", "island=Torgersen", "bill_length_mm", "bill_depth_mm",
                                         "flipper_length_mm", "body_mass_g", "sex=female", "sex=male", "year"])
    }

    /// bench/peers/penguins_mlp.py reimplements the split in Python and prints these figures;
    /// equal figures mean scikit-learn trains and scores on exactly gradbook's rows.
    @Test(arguments: [(MissingPolicy.drop, 13685, [2, 3, 6, 10, 14]), (.impute, 14578, [2, 3, 7, 11, 17])])
    func heldOutRowsMatchThePeerScript(_ missing: MissingPolicy, checksum: Int, first: [Int]) throws {
        let raw = try DatasetLoader.loadRaw(try spec(missing))
        let split = DatasetSplitter.split(targets: raw.targets, validation: 0.25, test: 0, seed: 0)
        #expect(split.validation.reduce(0, +) == checksum)
        #expect(Array(split.validation.prefix(5)) == first)
    }
}
