import Testing
@testable import Notebook
import Core

/// `model.width` / `model.depth` as a second spelling of `hidden`, the W&B-style bare names, and
/// the loss keys in the variant id.
@Suite struct ShapeAndAliasTests {
    static func experiments(_ body: String, defaults: String = "{dataset: {name: moons}, model: {hidden: [32]}}") throws -> [Experiment] {
        try loadText("title: T\ndefaults: \(defaults)\ncells:\n\(body)").experiments
    }

    @Test func widthAndDepthAreHiddenAndShareItsId() throws {
        let experiments = try Self.experiments("""
              - experiment:
                  name: written
                  model: {hidden: [64, 64]}
              - experiment:
                  name: shaped
                  model: {width: 64, depth: 2}
            """)
        #expect(experiments[1].variants[0].config.model.hidden == [64, 64])
        #expect(experiments[0].variants[0].id == experiments[1].variants[0].id)
        #expect(experiments[0].variants[0].resolved == experiments[1].variants[0].resolved)
    }

    @Test func depthOverAnInheritedHiddenKeepsItsWidth() throws {
        let experiments = try Self.experiments("""
              - experiment:
                  name: deeper
                  parameters:
                    model.depth: {values: [0, 1, 4]}
              - experiment:
                  name: wider
                  parameters:
                    hidden_size: {values: [8, 16]}
                    num_layers: {values: [2]}
            """)
        #expect(experiments[0].variants.map(\.config.model.hidden) == [[], [32], [32, 32, 32, 32]])
        #expect(experiments[0].variants.map(\.label) == ["hidden=[] seed=1", "hidden=32 seed=1", "hidden=[32]*4 seed=1"])
        #expect(experiments[0].variants[0].parameters == [SweptValue(name: "model.depth", value: .int(0))])
        #expect(experiments[1].variants.map(\.config.model.hidden) == [[8, 8], [16, 16]])
        #expect(experiments[1].parameters.map(\.name) == ["model.width", "model.depth"])
        // The inherited [32] with depth 1 is the defaults' own variant.
        let plain = try Self.experiments("  - experiment: {name: plain}")
        #expect(plain[0].variants[0].id == experiments[0].variants[1].id)
    }

    @Test func hiddenBesideWidthInOneMappingIsAnError() {
        let found = problems("title: T\ndefaults: {dataset: {name: moons}}\ncells:\n  - experiment:\n      name: both\n      model: {hidden: [8], depth: 2}\n")
        #expect(found == ["6:15: 'model.hidden' beside 'model.depth' in one mapping: give either hidden or width and depth"])
        // An experiment's hidden replaces an inherited width and depth.
        let experiments = try? Self.experiments("  - experiment: {name: a, model: {hidden: [5]}}", defaults: "{dataset: {name: moons}, model: {width: 9, depth: 3}}")
        #expect(experiments?[0].variants[0].config.model.hidden == [5])
    }

    @Test func bareNamesResolveToTheirPaths() throws {
        let experiments = try Self.experiments("""
              - experiment:
                  name: aliases
                  parameters:
                    lr: {values: [0.01]}
                    wd: {values: [0.001]}
                    dropout: {values: [0.1]}
            """)
        #expect(experiments[0].parameters.map(\.name) == ["training.learning_rate", "training.weight_decay", "model.dropout"])
        #expect(experiments[0].variants[0].config.training.learningRate == 0.01)
    }

    @Test func lossKeysAtTheirDefaultsLeaveTheIdAlone() throws {
        let experiments = try Self.experiments("""
              - experiment: {name: plain}
              - experiment:
                  name: defaults-written
                  training: {loss: auto, huber_delta: 1.0, label_smoothing: 0}
              - experiment:
                  name: losses
                  parameters:
                    training.loss: {values: [auto, mse]}
            """)
        #expect(experiments[0].variants[0].id == experiments[1].variants[0].id)
        #expect(experiments[0].variants[0].id == experiments[2].variants[0].id)
        #expect(experiments[2].variants.map(\.label) == ["loss=auto seed=1", "loss=mse seed=1"])
        #expect(experiments[2].variants[1].resolved.value(at: "training.loss") == .string("mse"))
    }
}
