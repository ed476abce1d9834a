import Foundation
import Notebook
import Testing

/// `docs/notebook-keys.md` is generated from the schema table: this keeps the two equal. After
/// adding or changing a key, regenerate the page with `GRADBOOK_WRITE_DOCS=1 swift test --filter KeyReference`.
@Suite struct KeyReferenceTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/notebook-keys.md").standardizedFileURL.path

    @Test func docsListEveryKeyOfTheSchema() throws {
        let generated = KeyReference.markdown
        if ProcessInfo.processInfo.environment["GRADBOOK_WRITE_DOCS"] == "1" {
            try generated.write(toFile: Self.page, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: Self.page, encoding: .utf8)
        #expect(committed == generated, "docs/notebook-keys.md is stale: regenerate it (see this test's comment)")
        for key in ["dataset.csv", "model.activation", "training.learning_rate", "training.early_stopping.patience", "metric.goal"] {
            #expect(generated.contains("`\(key)`"))
        }
    }
}
