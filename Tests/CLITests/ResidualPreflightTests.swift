import Foundation
import Testing

/// `model.residual: true` that wraps no block: a warning for the variants where it does nothing,
/// an error (exit 2, at the key) when it does nothing in every variant of an experiment.
struct ResidualPreflightTests {
    @Test func residualWithoutAnEqualWidthBlockIsAnErrorOnlyWhenNoVariantHasOne() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write("""
            title: Skips
            defaults:
              dataset: {name: moons, n: 80}
              model: {hidden: [8, 4], residual: true}
            cells:
              - experiment:
                  name: none
                  parameters:
                    learning_rate: {values: [0.01]}
              - experiment:
                  name: some
                  parameters:
                    model.hidden: {values: [[8, 4], [8, 8]]}
            """, name: "skips.yaml")
        let result = try GradbookProcess.run(["validate", notebook], in: space.folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(notebook):4:27: error: 'model.residual: true' wraps no block in any variant of experiment 'none'"),
                "\(result.stderr)")
        #expect(result.stderr.contains("\(notebook):4:27: warning: 'model.residual: true' wraps no block in 1 of 2 variants of experiment 'some'"),
                "\(result.stderr)")
    }

    /// Cross-validation folds share one data shape (the preflight opens fold 1): the rule sees them too.
    @Test func foldsAreCheckedLikeAnyOtherVariant() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write("""
            title: Skips over folds
            defaults:
              dataset: {name: moons, n: 90, folds: 3}
              model: {hidden: [8, 4], residual: true}
            cells:
              - experiment:
                  name: folded
                  parameters:
                    model.hidden: {values: [[8, 4], [8, 8]]}
            """, name: "folds.yaml")
        let result = try GradbookProcess.run(["validate", notebook], in: space.folder)
        #expect(result.status == 0)
        // Every fold is a variant: 3 of 6, not only fold 1's 1 of 2.
        #expect(result.stderr.contains("'model.residual: true' wraps no block in 3 of 6 variants of experiment 'folded'"),
                "\(result.stderr)")
    }
}
