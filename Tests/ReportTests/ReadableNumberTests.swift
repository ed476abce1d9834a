import Testing
@testable import Report

@Suite struct ReadableNumberTests {
    @Test(arguments: [
        (0.1 + 0.2, "0.3"), (0.91234, "0.912"), (0.9996, "1"), (12.345, "12.3"), (1234.5, "1230"), (106477, "106000"),
        (0, "0"), (-0.00012345, "-0.000123"), (1e-5, "1e-5"), (2.5e-7, "2.5e-7"), (1234567, "1.23e6"),
        (Double.nan, "NaN"), (Double.infinity, "inf"), (-Double.infinity, "-inf"), (0.5, "0.5"),
    ])
    func significantDigits(value: Double, expected: String) {
        #expect(ReadableNumber.format(value) == expected)
    }

    @Test func parametersKeepWhatTheUserTyped() {
        #expect(ReadableNumber.parameter(0.1 + 0.2) == "0.3")
        #expect(ReadableNumber.parameter(0.0001) == "0.0001")
        #expect(ReadableNumber.parameter(3e-5) == "3e-5")
        #expect(ReadableNumber.parameter(64) == "64")
        #expect(ReadableNumber.parameter(0.123456789) == "0.123457")
    }

    @Test func meanAndSpread() {
        #expect(ReadableNumber.meanStd(0.91234, 0.0123) == "0.912 ± 0.012")
        #expect(ReadableNumber.meanStd(0.91234, nil) == "0.912")
        #expect(ReadableNumber.signed(0.0123) == "+0.012")
    }

    @Test func durations() {
        #expect(ReadableNumber.duration(4.23) == "4.2 s")
        #expect(ReadableNumber.duration(42.34) == "42.3 s")
        #expect(ReadableNumber.duration(192.4) == "3 min 12 s")
        #expect(ReadableNumber.duration(3900) == "1 h 05 min")
    }

    @Test func fractions() {
        #expect(ReadableNumber.fraction(0.001) == "1/1000")
        #expect(ReadableNumber.fraction(1.0 / 3) == "1/3")
        #expect(ReadableNumber.fraction(30) == "30 times")
        #expect(ReadableNumber.fraction(1.0 / 106477) == "1/110000")
    }
}

@Suite struct MarkdownTableTests {
    @Test func cellsAreEscaped() {
        #expect(MarkdownTable.escape("a|b") == "a\\|b")
        #expect(MarkdownTable.escape("line one\nline two\r\n") == "line one<br>line two")
        var table = MarkdownTable(headers: ["x", "y"], alignments: [.left, .right])
        table.append(["p|q", "1"])
        #expect(table.rendered == "| x | y |\n| --- | ---: |\n| p\\|q | 1 |")
    }
}

@Suite struct CSVTests {
    @Test func quotingFollowsRFC4180() {
        #expect(CSVTable.quote("plain") == "plain")
        #expect(CSVTable.quote("a,b") == "\"a,b\"")
        #expect(CSVTable.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.quote("two\nlines") == "\"two\nlines\"")
    }

    @Test func numbersRoundTrip() {
        #expect(CSVTable.number(0.1) == "0.1")
        #expect(CSVTable.number(30) == "30")
        #expect(CSVTable.number(.nan) == "NaN")
        #expect(Double(CSVTable.number(0.1 + 0.2)) == 0.1 + 0.2)
    }

    @Test func columnsAndRows() throws {
        let csv = CSVTable.render(notebook: ReportFixture.notebook, records: ReportFixture.records)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines.first == "experiment,variant,label,seed,status,epochs,seconds,training.learning_rate,model.activation,"
            + "train_loss,val_loss,train_accuracy,val_accuracy")
        // 11 lr runs + 1 baseline, a header and the empty string after the final CRLF.
        #expect(lines.count == 14)
        #expect(csv.contains("\"worker killed by signal 9") == false)  // reasons are not a column
        #expect(lines.contains { $0.hasPrefix("lr,") && $0.contains(",diverged,2,") && $0.contains(",NaN,NaN") })
    }
}
