import Foundation
import Testing

/// Real CSV files through the built binary: bad missing-value keys and columns rejected at their
/// place with exit status 2, `datasets --csv` describing every column, and a regression file with
/// a partly empty target training with those rows dropped.
struct CSVCommandTests {
    /// Cars-style: an empty or `NA` miles-per-gallon in some rows, a missing horsepower in one.
    static let cars = """
        Name,Cylinders,Horsepower,Weight_in_lbs,Miles_per_Gallon
        chevrolet chevelle,8,130,3504,18.0
        ford torino,8,140,3449,
        citroen ds-21,4,115,3090,NA
        toyota corona,4,95,2372,24.0
        datsun pl510,4,88,2130,27.0
        amc hornet,6,?,2774,19.5
        ford maverick,6,85,2587,21.0
        plymouth duster,6,95,2833,22.0
        buick skylark,8,150,3693,15.0
        honda civic,4,67,1835,38.0
        vw rabbit,4,70,1937,29.0
        dodge colt,4,80,2164,28.0

        """

    private func run(_ arguments: [String], in space: Workspace) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = try GradbookProcess(arguments, in: space.folder)
        let status = process.wait()
        let stdout = (try? String(contentsOfFile: process.stdoutPath, encoding: .utf8)) ?? ""
        return (status, stdout, process.stderr)
    }

    @Test func badMissingPolicyAndUnknownColumnsAreRejectedWhereTheyAreWritten() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.write(Self.cars, name: "cars.csv")
        let notebook = try space.write("""
            title: Cars
            defaults:
              dataset: {csv: cars.csv, target: Miles_per_Gallon, missing: maybe, categorical: [Cylindres]}
            parameters:
              learning_rate: {values: [0.01]}
            """, name: "cars.yaml")
        let result = try run(["validate", notebook], in: space)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(notebook):3:63: error: unknown missing-value policy 'maybe'"), "\(result.stderr)")
        #expect(result.stderr.contains("\(notebook):3:84: error: 'dataset.categorical': cars.csv has no column 'Cylindres'; did you mean 'Cylinders'?"),
                "\(result.stderr)")
    }

    @Test func datasetsDescribesEveryColumn() throws {
        let space = try Workspace()
        defer { space.remove() }
        let csv = try space.write(Self.cars, name: "cars.csv")
        let refused = try run(["datasets", "--csv", csv, "--target", "Miles_per_Gallon", "--features", "Cylinders", "Horsepower", "Weight_in_lbs"], in: space)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(csv):3:5: error: missing value (empty field) in target column 'Miles_per_Gallon'"), "\(refused.stderr)")
        let lines = refused.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Name ") && $0.hasSuffix("not used") }, "\(refused.stdout)")
        #expect(lines.contains { $0.hasPrefix("Horsepower ") && $0.contains("integer") && $0.hasSuffix("scaled (standard); missing: error") },
                "\(refused.stdout)")

        let badOption = try run(["datasets", "--csv", csv, "--target", "Miles_per_Gallon", "--missing", "maybe"], in: space)
        #expect(badOption.status == 2)
        #expect(badOption.stderr.contains("'maybe' is invalid for '--missing"), "\(badOption.stderr)")
        #expect(badOption.stderr.contains("'error', 'drop' or 'impute'"), "\(badOption.stderr)")

        let accepted = try run(["datasets", "--csv", csv, "--target", "Miles_per_Gallon", "--missing", "impute",
                                "--categorical", "Cylinders", "--features", "Cylinders", "Horsepower"], in: space)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("cars: 10 rows, 4 features, regression"), "\(accepted.stdout)")
        #expect(accepted.stdout.contains("rows: 12 read, 2 dropped for a missing target, 0 for a missing feature"), "\(accepted.stdout)")
        let columns = accepted.stdout.split(separator: "\n").map(String.init)
        #expect(columns.contains { $0.hasPrefix("Cylinders ") && $0.hasSuffix("one-hot (3 columns)") }, "\(accepted.stdout)")
        #expect(columns.contains { $0.hasPrefix("Horsepower ") && $0.contains(" 1 ") && $0.hasSuffix("missing -> mean") }, "\(accepted.stdout)")
    }

    @Test func aPartlyEmptyTargetTrainsWithThoseRowsDropped() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.write(Self.cars, name: "cars.csv")
        let notebook = try space.write("""
            title: Cars
            defaults:
              dataset: {csv: cars.csv, target: Miles_per_Gallon, features: [Cylinders, Horsepower, Weight_in_lbs], validation: 0.3}
              model: {hidden: [4]}
              training: {epochs: 3, batch_size: 4, save: none}
            cells:
              - experiment:
                  name: drop
                  dataset: {missing: drop}
              - experiment:
                  name: impute
                  dataset: {missing: impute, categorical: [Cylinders]}
            """, name: "cars.yaml")
        let result = try run(["run", notebook, "--out", "out", "--no-progress"], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        let records = try space.records("out", stem: "cars")
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.status.isFinished && $0.finalMetrics["val_mse"]?.isFinite == true })
    }
}
