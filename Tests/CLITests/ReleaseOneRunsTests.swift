import Foundation
import Testing

/// A `runs/` folder written by release one (gradbook 0.1.0, committed under
/// Fixtures/release-one) resumes with nothing retrained and nothing rewritten: ids that stayed
/// the same match directly, and ids that changed because the variant id no longer hashes
/// operational keys (`timeout`, `save`, `metric`) match through the first release's hash.
@Suite struct ReleaseOneRunsTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/release-one")

    @Test func releaseOneRunsResumeWithNothingRetrained() throws {
        let space = try Workspace()
        defer { space.remove() }
        let manager = FileManager.default
        try manager.copyItem(atPath: Self.fixture.appendingPathComponent("legacy.yaml").path,
                             toPath: "\(space.folder)/legacy.yaml")
        try manager.createDirectory(atPath: "\(space.folder)/out/legacy", withIntermediateDirectories: true)
        let runs = "\(space.folder)/out/legacy/runs"
        try manager.copyItem(atPath: Self.fixture.appendingPathComponent("runs").path, toPath: runs)
        let before = try Self.files(under: runs)
        #expect(before.keys.filter { $0.hasSuffix(".json") }.count == 6)

        let result = try GradbookProcess.run(["run", "legacy.yaml", "--out", "out", "--no-progress"], in: space.folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("all 6 runs already finished"), "\(result.stderr)")

        let after = try Self.files(under: runs)
        for (name, bytes) in before where name.hasSuffix(".json") {
            #expect(after[name] == bytes, "\(name) was rewritten or removed")
        }
        let records = after.keys.filter { name in
            let file = URL(fileURLWithPath: name).lastPathComponent
            return file.hasSuffix(".json") && file.count == 17 && file.prefix(12).allSatisfy(\.isHexDigit)
        }
        #expect(Set(records) == Set(before.keys.filter { $0.hasSuffix(".json") }), "a run was retrained")
        let report = try String(contentsOfFile: "\(space.folder)/out/legacy/report.md", encoding: .utf8)
        #expect(!report.contains("missing"), "every planned run should be found")
    }

    /// Every file below `folder` by relative path, with its bytes.
    static func files(under folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = "\(folder)/\(relative)"
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }
}
