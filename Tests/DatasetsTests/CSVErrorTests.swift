import Backprop
import Core
import Testing
@testable import Datasets

/// Every error names the file, the 1-based line and the 1-based field index (column).
@Suite final class CSVErrorTests {
    let files = TemporaryFiles()

    func error(_ text: String, target: String? = "y", features: [String]? = nil, task: LearningTask? = nil) throws -> (DatasetError?, String) {
        let path = try files.write(text)
        return (loadError(DatasetSpec(csv: path, target: target, features: features, task: task)), path)
    }

    @Test func raggedRows() throws {
        let (short, path) = try error("a,b,y\n1,2,p\n3,4\n")
        #expect(short == DatasetError(file: path, line: 3, column: 3, message: "row has 2 fields but the header has 3"))
        let (long, path2) = try error("a,b,y\n1,2,p\n\"multi\nline\",2,p\n3,4,p,9\n")
        #expect(long == DatasetError(file: path2, line: 5, column: 4, message: "row has 4 fields but the header has 3"))
        #expect(long?.description == "\(path2):5:4: error: row has 4 fields but the header has 3")
    }

    @Test func nonNumericValueInNumericColumn() throws {
        let (found, path) = try error("a,b,y\n1,2,p\n3,4,q\n5,x7,p\n")
        #expect(found == DatasetError(file: path, line: 4, column: 2,
                                      message: "non-numeric value 'x7' in numeric column 'b' (2 of its values are numbers)"))
    }

    @Test func missingValues() throws {
        let (empty, path) = try error("a,b,y\n1,2,p\n3,,q\n")
        #expect(empty == DatasetError(file: path, line: 3, column: 2, message: "missing value (empty field) in column 'b' (1 missing in this column; `dataset.missing: drop` or `impute` accepts them)"))
        let (marker, path2) = try error("a,b,y\n1,2,p\nNA,3,q\n")
        #expect(marker == DatasetError(file: path2, line: 3, column: 1, message: "missing value 'NA' in column 'a' (1 missing in this column; `dataset.missing: drop` or `impute` accepts them)"))
        let (target, path3) = try error("a,y\n1,p\n2,?\n")
        #expect(target == DatasetError(file: path3, line: 3, column: 2, message: "missing value '?' in target column 'y' (1 missing in this column; `dataset.missing: drop` or `impute` accepts them)"))
    }

    @Test func theFirstProblemInTheFileIsReported() throws {
        let (found, path) = try error("a,b,y\n1,2,p\n3,4,p\n5,6,p\n7,,q\nz,8,q\n")
        #expect(found == DatasetError(file: path, line: 5, column: 2, message: "missing value (empty field) in column 'b' (1 missing in this column; `dataset.missing: drop` or `impute` accepts them)"))
    }

    @Test func unknownTargetListsTheColumns() throws {
        let (found, path) = try error("a,b,label\n1,2,p\n", target: "y")
        #expect(found == DatasetError(file: path, line: 1, message: "unknown target column 'y'; the columns are: a, b, label"))
        let (none, _) = try error("a,b,label\n1,2,p\n", target: nil)
        #expect(none?.message == "no target column given (`target:`); the columns are: a, b, label")
    }

    @Test func unknownFeatureListsTheColumns() throws {
        let (found, path) = try error("a,b,y\n1,2,p\n", features: ["a", "c"])
        #expect(found == DatasetError(file: path, line: 1, message: "unknown feature column 'c'; the columns are: a, b, y"))
        let (target, _) = try error("a,b,y\n1,2,p\n", features: ["y"])
        #expect(target?.message == "column 'y' is the target and cannot also be a feature")
    }

    @Test func singleClass() throws {
        let (found, path) = try error("a,y\n1,p\n2,p\n")
        #expect(found == DatasetError(file: path, message: "target column 'y' has a single class ('p'); classification needs at least two"))
    }

    @Test func textTargetForRegression() throws {
        let (found, path) = try error("a,y\n1,2.5\n2,high\n3,1.5\n", task: .regression)
        #expect(found == DatasetError(file: path, line: 3, column: 2,
                                      message: "non-numeric value 'high' in target column 'y' (a regression target must be numbers)"))
    }

    @Test func quotingErrors() throws {
        let (open, path) = try error("a,y\n1,p\n\"2,q\n3,r\n")
        #expect(open == DatasetError(file: path, line: 3, column: 1,
                                     message: "quoted field is never closed (no matching '\"' before the end of the file)"))
        let (stray, path2) = try error("a,y\n1,\"p\"x\n")
        #expect(stray == DatasetError(file: path2, line: 2, column: 2,
                                      message: "unexpected 'x' after a closing quote (a quote inside a quoted field is written \"\")"))
    }

    @Test func headerProblems() throws {
        let (duplicate, path) = try error("a,b,a,y\n1,2,3,p\n")
        #expect(duplicate == DatasetError(file: path, line: 1, column: 3, message: "duplicate column name 'a' (also column 1)"))
        let (empty, path2) = try error("")
        #expect(empty == DatasetError(file: path2, message: "the file is empty (a header row is needed)"))
        let (noRows, path3) = try error("a,y\n")
        #expect(noRows == DatasetError(file: path3, line: 2, message: "no data rows after the header"))
    }

    @Test func valuesBeyondFloatRange() throws {
        let (found, path) = try error("a,y\n1,p\n1e39,q\n")
        #expect(found == DatasetError(file: path, line: 3, column: 1, message: "value '1e39' in column 'a' is outside the 32-bit float range"))
    }

    @Test func missingFileAndOptionsThatDoNotApply() {
        #expect(loadError(DatasetSpec(csv: "/nonexistent/x.csv", target: "y"))
                == DatasetError(file: "/nonexistent/x.csv", message: "cannot open data file: No such file or directory"))
        #expect(loadError(DatasetSpec(csv: "x.csv", target: "y", samples: 10))?.message
                == "samples only apply to generated data sets, not a csv data set")
    }
}
