import Foundation
import Testing
@testable import Notebook

/// Every notebook under Fixtures/errors lists the diagnostics it must produce as trailing
/// `# expect: LINE:COL: message` comments; the loader must report exactly those, in that order.
@Suite struct ErrorFixtureTests {
    static let files = Fixtures.files(in: "errors")

    static func expectations(_ file: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: file) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("# expect: ") }
            .map { String($0.dropFirst("# expect: ".count)).replacingOccurrences(of: "FIXTURES", with: Fixtures.directory.standardizedFileURL.path) }
    }

    @Test func fixturesExist() {
        #expect(Self.files.count >= 10)
    }

    @Test(arguments: files)
    func reportsExactDiagnostics(file: String) {
        let expected = Self.expectations(file)
        #expect(!expected.isEmpty, "fixture \(file) lists no '# expect:' lines")
        #expect(problems(file: file) == expected, "\(URL(fileURLWithPath: file).lastPathComponent)")
    }
}
