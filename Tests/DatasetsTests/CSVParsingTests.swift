import Backprop
import Core
import Testing
@testable import Datasets

@Suite final class CSVParsingTests {
    let files = TemporaryFiles()

    @Test(arguments: [",", ";", "\t"])
    func delimiterIsDetected(_ delimiter: String) throws {
        let text = ["a", "b", "label"].joined(separator: delimiter) + "\n"
            + ["1", "2", "x"].joined(separator: delimiter) + "\r\n"
            + ["3", "4", "y"].joined(separator: delimiter) + "\n"
        let data = try loadWhole(DatasetSpec(csv: try files.write(text), target: "label"))
        #expect(data.featureNames == ["a", "b"])
        #expect(data.train.inputs.storage == [1, 2, 3, 4])
        #expect(data.classNames == ["x", "y"])
    }

    @Test func quotedFieldsFollowRFC4180() throws {
        let text = "\"name, with comma\",\"quoted \"\"label\"\"\"\n"
            + "\"1.5\",\"say \"\"hi\"\"\"\n"
            + "2,\"two\nlines\"\n"
            + " 3 , \"plain\"\n"
            + "\" 4 \",\" spaced \"\n"
        let data = try loadWhole(DatasetSpec(csv: try files.write(text), target: "quoted \"label\""))
        #expect(data.featureNames == ["name, with comma"])
        #expect(data.train.inputs.storage == [1.5, 2, 3, 4])
        #expect(data.classNames == [" spaced ", "plain", "say \"hi\"", "two\nlines"])
        #expect(labels(data.train) == [2, 3, 1, 0])
    }

    @Test func semicolonFilesMayUseDecimalCommas() throws {
        let data = try loadWhole(DatasetSpec(csv: try files.write("x;y\n1,5;0,25\n-2;1e1\n"), target: "y", task: .regression))
        #expect(data.train.inputs.storage == [1.5, -2])
        #expect(values(data.train).storage == [0.25, 10])
    }

    @Test func semicolonFilesMayUseDecimalPointsToo() throws {
        let text = "area;city;price\n52.8;Lyon;193492\n110,3;Paris;443683.5\n"
        let data = try loadWhole(DatasetSpec(csv: try files.write(text), target: "price"))
        #expect(data.featureNames == ["area", "city=Lyon", "city=Paris"])
        #expect(data.train.inputs.storage == [52.8, 1, 0, 110.3, 0, 1])
        #expect(values(data.train).storage == [193492, 443683.5])
    }

    @Test func categoricalFeaturesAreOneHotEncodedInSortedOrder() throws {
        let text = "size,weight,colour,label\nM,1,red,0\nS,2,blue,1\nL,3,red,0\nM,4,green,1\n"
        let data = try loadWhole(DatasetSpec(csv: try files.write(text), target: "label"))
        #expect(data.featureNames == ["size=L", "size=M", "size=S", "weight", "colour=blue", "colour=green", "colour=red"])
        #expect(data.train.inputs.storage == [
            0, 1, 0, 1, 0, 0, 1,
            0, 0, 1, 2, 1, 0, 0,
            1, 0, 0, 3, 0, 0, 1,
            0, 1, 0, 4, 0, 1, 0,
        ])
        #expect(data.classNames == ["0", "1"])
    }

    @Test func taskIsInferredFromTheTarget() throws {
        let integers = try loadWhole(DatasetSpec(csv: try files.write("x,y\n1,3\n2,1\n3,3\n4,10\n"), target: "y"))
        #expect(integers.task == .classification)
        #expect(integers.classNames == ["1", "3", "10"])
        #expect(labels(integers.train) == [1, 0, 1, 2])
        let fractions = try loadWhole(DatasetSpec(csv: try files.write("x,y\n1,0.5\n2,1\n"), target: "y"))
        #expect(fractions.task == .regression)
        let manyIntegers = (0..<21).map { "\($0),\($0)" }.joined(separator: "\n")
        #expect(try loadWhole(DatasetSpec(csv: try files.write("x,y\n" + manyIntegers), target: "y")).task == .regression)
        let forced = try loadWhole(DatasetSpec(csv: try files.write("x,y\n1,3\n2,1\n"), target: "y", task: .regression))
        #expect(forced.task == .regression && values(forced.train).storage == [3, 1])
    }

    @Test func featuresSelectAndOrderColumns() throws {
        let path = try files.write("id,a,b,c,y\n7,1,2,3,p\n8,4,5,6,q\n")
        let data = try loadWhole(DatasetSpec(csv: path, target: "y", features: ["c", "a"]))
        #expect(data.featureNames == ["c", "a"])
        #expect(data.train.inputs.storage == [3, 1, 6, 4])
        #expect(data.name == "data")
        #expect(try loadWhole(DatasetSpec(name: "mine", csv: path, target: "y")).name == "mine")
        #expect(try loadWhole(DatasetSpec(name: "digits", csv: path, target: "y")).name == "data")
    }

    @Test func unusedColumnsAreNotChecked() throws {
        let data = try loadWhole(DatasetSpec(csv: try files.write("a,notes,y\n1,,p\n2,NA,q\n"), target: "y", features: ["a"]))
        #expect(data.train.count == 2)
    }

    @Test func byteOrderMarkBlankLinesAndMissingFinalNewline() throws {
        let data = try loadWhole(DatasetSpec(csv: try files.write("\u{FEFF}a,y\n\n1,p\r\n\r\n2,q"), target: "y"))
        #expect(data.featureNames == ["a"])
        #expect(data.train.inputs.storage == [1, 2])
    }

    @Test func unnamedColumnsGetAName() throws {
        let data = try loadWhole(DatasetSpec(csv: try files.write(",a,y\n0,1,p\n1,2,q\n"), target: "y"))
        #expect(data.featureNames == ["column1", "a"])
    }

    @Test func numberParserAgreesWithTheStandardLibrary() {
        let samples = ["0", "-0", "1", "+7", "3.", ".5", "-2.25", "1e3", "1E-3", "6.02214076e23", "0.1", "0.30000000000000004",
                       "123456789012345678901234567890", "4.9406564584124654e-324", "1.7976931348623157e308",
                       "0.000000000000000000000000000000000001", "9007199254740993", "2.2250738585072014E-308", "00012.500"]
        for sample in samples {
            let bytes = Array(sample.utf8)
            let parsed = bytes.withUnsafeBufferPointer { NumberParser.parse($0, 0, bytes.count) }
            #expect(parsed == Double(sample), "\(sample)")
        }
        for notNumber in ["", "-", ".", "e5", "1e", "1.2.3", "nan", "inf", "0x10", "1 2", "12a", "--1"] {
            let bytes = Array(notNumber.utf8)
            #expect(bytes.withUnsafeBufferPointer { NumberParser.parse($0, 0, bytes.count) } == nil, "\(notNumber)")
        }
    }

    @Test func numberParserAgreesOnRandomValues() {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<20_000 {
            let magnitude = _exp(Double(random.nextInt(below: 80)) - 40)
            let value = (random.nextDouble() - 0.5) * magnitude
            for text in [String(value), String(Float(value)), String(Int64(max(-1e18, min(1e18, value * 1000))))] {
                let bytes = Array(text.utf8)
                #expect(bytes.withUnsafeBufferPointer { NumberParser.parse($0, 0, bytes.count) } == Double(text), "\(text)")
            }
        }
    }
}
