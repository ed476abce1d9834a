import Foundation
import Testing

/// `validation_csv` / `test_csv` through the built binary: a file with other columns and a fraction
/// beside a file are rejected at their keys before anything is trained (exit 2).
struct SplitFileCommandTests {
    @Test func otherColumnsAndAFractionBesideAFileAreRejectedWhereWritten() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.write("a,b,y\n1,2,p\n3,4,q\n5,6,p\n7,8,q\n", name: "train.csv")
        _ = try space.write("a,c,y\n1,2,p\n", name: "val.csv")
        let notebook = try space.write("""
            title: Fixed splits
            defaults:
              dataset: {csv: train.csv, validation_csv: val.csv, validation: 0.3, target: y}
            parameters:
              learning_rate: {values: [0.01]}
            """, name: "split.yaml")
        let out = space.folder + "/out"
        let result = try GradbookProcess.run(["run", notebook, "--out", out, "--no-progress"], in: space.folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(notebook):3:45: error: 'dataset.validation_csv': val.csv:1:2: column 2 is 'c' but train.csv has 'b'"),
                "\(result.stderr)")
        #expect(result.stderr.contains("\(notebook):3:66: error: 'dataset.validation' is a fraction to draw, but 'dataset.validation_csv'"),
                "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
