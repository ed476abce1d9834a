import Core
import Foundation
import Search
import Testing
@testable import Notebook

@Suite struct LoaderFeatureTests {
    @Test func anchorsAliasesAndMergeKeys() throws {
        let document = try NotebookLoader.load(path: Fixtures.path("valid/anchors.yaml"), catalog: testCatalog)
        let variants = document.variants
        #expect(variants.count == 2)
        let config = try #require(variants.first?.config)
        #expect(config.dataset.name == "moons" && config.dataset.n == 300 && config.dataset.noise == 0.2)
        #expect(config.training.epochs == 4)          // explicit key beats the merged `epochs: 3`
        #expect(config.training.batchSize == 16)      // from the first merge source
        #expect(config.training.learningRate == 0.05) // the cell's explicit key beats its own merge
        #expect(variants.map(\.label) == ["act=relu seed=1", "act=tanh seed=1"])
    }

    @Test func csvPathsAreAbsoluteAndRepeatsCountUpFromTheSeed() throws {
        let document = try NotebookLoader.load(path: Fixtures.path("valid/csv-data.yaml"), catalog: testCatalog)
        let tiny = document.experiments[0]
        #expect(tiny.variants.map(\.seed) == [1, 2, 3])
        let csv = try #require(tiny.variants[0].config.dataset.csv)
        #expect(csv.hasPrefix("/") && csv.hasSuffix("/data/tiny.csv") && !csv.contains(".."))
        #expect(tiny.variants[0].config.dataset.name == nil)   // csv replaced the default data set
        // Run records and ids see the path relative to the notebook, so moving the project keeps ids.
        #expect(tiny.variants[0].resolved.value(at: "dataset.csv") == .string("../data/tiny.csv"))
        #expect(RunConfig.path("/a/b/data/x.csv", relativeTo: "/a/b") == "data/x.csv")
        #expect(RunConfig.path("/a/shared/x.csv", relativeTo: "/a/b/c") == "../../shared/x.csv")
        #expect(tiny.metric == RunConfig.Metric(name: "val_loss", goal: .minimize))  // task unknown until loaded
        #expect(tiny.variants[0].cost > 0)
        let builtin = document.experiments[1]
        #expect(builtin.variants.count == 1 && builtin.variants[0].parameters.isEmpty)
        #expect(builtin.metric == RunConfig.Metric(name: "val_accuracy", goal: .maximize))
    }

    @Test func shorthandIsNamedAfterTheFile() throws {
        let text = """
            dataset: {name: moons}
            parameters:
              learning_rate: {values: [0.1, 0.01]}
            seeds: [5]
            """
        let document = try loadText(text, name: "My Sweep.v2.yaml")
        #expect(document.title == "My Sweep.v2")
        #expect(document.experiments.map(\.name) == ["my-sweep-v2"])
        #expect(document.variants.map(\.label) == ["lr=0.1 seed=5", "lr=0.01 seed=5"])
    }

    @Test func wandbSweepFilesLoad() throws {
        let demo = try NotebookLoader.load(path: Fixtures.path("wandb/sweepdemo.yaml"), catalog: testCatalog)
        #expect(demo.experiments.map(\.name) == ["sweepdemo"])
        #expect(demo.variants.count == 12)
        #expect(demo.experiments[0].metric == RunConfig.Metric(name: "val_loss", goal: .minimize))

        let distributions = try NotebookLoader.load(path: Fixtures.path("wandb/distributions.yaml"), catalog: testCatalog)
        let variants = distributions.variants
        #expect(variants.count == 30)
        for variant in variants {
            let training = variant.config.training
            #expect((1e-5...1e-1).contains(training.learningRate))
            #expect(training.batchSize % 8 == 0 && (32...256).contains(training.batchSize))
            #expect((5...20).contains(training.epochs))
            #expect((1e-6...1e-2).contains(training.weightDecay))
            #expect(training.minLearningRate >= exp(-12) && training.minLearningRate <= exp(-8))
            #expect(training.optimizer == .adam)
        }
        let sweeps = distributions.experiments[0].parameters
        #expect(sweeps.filter(\.isLogScale).map(\.name) == ["training.learning_rate", "training.batch_size", "training.weight_decay",
                                                           "training.clip_norm", "training.min_learning_rate"])
        #expect(sweeps.filter(\.isCategorical).map(\.name) == ["model.activation", "model.hidden", "training.optimizer"])

        let nested = try NotebookLoader.load(path: Fixtures.path("wandb/nested-grid.yaml"), catalog: testCatalog)
        // epochs 2,3,4 (max inclusive) x batch 16,32,48 (max exclusive) x patience 2 values x 2 seeds.
        #expect(nested.variants.count == 3 * 3 * 2 * 2)
        #expect(Set(nested.variants.map(\.config.training.batchSize)) == [16, 32, 48])
        #expect(Set(nested.variants.map(\.config.training.epochs)) == [2, 3, 4])
        #expect(Set(nested.variants.compactMap(\.config.training.earlyStopping?.patience)) == [2, 5])
        #expect(nested.experiments[0].parameters.map(\.name) == ["training.epochs", "training.batch_size",
                                                                 "training.early_stopping.patience", "model.activation"])
        #expect(nested.variants[0].label == "epochs=2 bs=16 patience=2 seed=3")
        #expect(nested.experiments[0].metric == RunConfig.Metric(name: "val_accuracy", goal: .maximize))
    }

    @Test func listValuedParametersAndBareKeys() throws {
        let text = """
            title: Lists
            defaults: {dataset: {name: digits}}
            cells:
              - experiment:
                  name: widths
                  parameters:
                    hidden: {values: [[], [16], [64, 32]]}
                    activation: {values: [relu]}
                    learning_rate: {value: 0.01}
                  seeds: [2]
            """
        let variants = try loadText(text).variants
        #expect(variants.map(\.config.model.hidden) == [[], [16], [64, 32]])
        #expect(variants.map(\.label) == ["hidden=[] seed=2", "hidden=16 seed=2", "hidden=64x32 seed=2"])
        #expect(variants[2].parameters == [SweptValue(name: "model.hidden", value: .list([.int(64), .int(32)])),
                                          SweptValue(name: "model.activation", value: .string("relu")),
                                          SweptValue(name: "training.learning_rate", value: .double(0.01))])
    }

    @Test func labelsUseShortAliases() throws {
        let text = """
            title: Labels
            defaults: {dataset: {name: digits}}
            cells:
              - experiment:
                  name: labels
                  parameters:
                    training.learning_rate: {values: [0.01, 0.1]}
                    model.hidden: {values: [[64, 32]]}
                    model.activation: {values: [relu, tanh]}
                  seeds: [2]
            """
        let labels = try loadText(text).variants.map(\.label)
        #expect(labels.first == "lr=0.01 act=relu seed=2")
        let grid = try loadText(text.replacingOccurrences(of: "[[64, 32]]", with: "[[64, 32], [8]]")).variants.map(\.label)
        #expect(grid.first == "lr=0.01 hidden=64x32 act=relu seed=2")
    }

    /// Four or more equal widths read `[32]*8`; ids do not depend on labels.
    @Test func repeatedWidthsLabelCompactly() throws {
        let text = """
            title: Depth
            defaults: {dataset: {name: digits}}
            cells:
              - experiment:
                  name: depth
                  parameters:
                    model.hidden: {values: [[32, 32, 32], [32, 32, 32, 32], [32, 32, 32, 32, 32, 32, 32, 32], [64, 32, 32, 32]]}
                  seeds: [2]
            """
        let variants = try loadText(text).variants
        #expect(variants.map(\.label) == ["hidden=32x32x32 seed=2", "hidden=[32]*4 seed=2", "hidden=[32]*8 seed=2",
                                          "hidden=64x32x32x32 seed=2"])
        #expect(ConfigValue.list(Array(repeating: .int(16), count: 5)).compactDescription == "[16]*5")
        #expect(ConfigValue.list(Array(repeating: .int(16), count: 5)).repeatedWidths! == (16, 5))
        #expect(ConfigValue.list([.int(16), .int(16)]).repeatedWidths == nil)
    }

    @Test func metricShorthandAndDefaults() throws {
        func metric(_ block: String, dataset: String = "{name: sine}") throws -> RunConfig.Metric {
            let text = "title: M\ndefaults: {dataset: \(dataset)}\ncells:\n  - experiment:\n      name: m\n\(block)"
            return try #require(loadText(text).experiments.first).metric
        }
        #expect(try metric("      metric: val_r2\n") == RunConfig.Metric(name: "val_r2", goal: .maximize))
        #expect(try metric("      metric: train_mae\n") == RunConfig.Metric(name: "train_mae", goal: .minimize))
        #expect(try metric("      metric: {name: val_mse, goal: maximize}\n") == RunConfig.Metric(name: "val_mse", goal: .maximize))
        #expect(try metric("") == RunConfig.Metric(name: "val_loss", goal: .minimize))
        #expect(try metric("", dataset: "{name: digits, validation: 0, test: 0.1}") == RunConfig.Metric(name: "test_accuracy", goal: .maximize))
    }

    @Test func trainingValueForms() throws {
        let text = """
            title: Forms
            defaults:
              dataset: {name: moons}
              training: {timeout: 1h30m, early_stopping: true, clip_norm: 1}
            cells:
              - experiment: {name: a}
              - experiment: {name: b, training: {timeout: 90, early_stopping: false}}
              - experiment: {name: c, training: {timeout: 45s, early_stopping: {patience: 9}}}
            """
        let configs = try loadText(text).variants.map(\.config.training)
        #expect(configs.map(\.timeoutSeconds) == [5400, 90, 45])
        #expect(configs.map { $0.earlyStopping?.patience } == [5, nil, 9])
        #expect(configs[0].clipNorm == 1)
    }

    @Test func experimentsWithoutParametersRunOncePerSeed() throws {
        let text = "title: T\ndefaults: {dataset: {name: moons}}\ncells:\n  - experiment: {name: plain, seeds: [4, 5, 6]}\n"
        let experiment = try #require(loadText(text).experiments.first)
        #expect(experiment.variants.map(\.seed) == [4, 5, 6])
        #expect(experiment.variants.map(\.label) == ["seed=4", "seed=5", "seed=6"])
        #expect(Set(experiment.variants.map(\.id)).count == 3)
        #expect(experiment.seeds == [4, 5, 6])
    }

    @Test func sweepingTheDataSourceReplacesIt() throws {
        let text = """
            title: Sources
            defaults: {dataset: {csv: data/tiny.csv, target: label}}
            cells:
              - experiment:
                  name: builtin
                  dataset: {target: null}
                  parameters:
                    dataset.name: {values: [moons, spirals]}
            """
        // The swept name replaces the csv and the csv-only `target` with it.
        for variant in [text, text.replacingOccurrences(of: "      dataset: {target: null}\n", with: "")] {
            let document = try loadText(variant)
            #expect(document.variants.map(\.config.dataset.name) == ["moons", "spirals"])
            #expect(document.variants.allSatisfy { $0.config.dataset.csv == nil && $0.config.dataset.target == nil })
        }
        // Written in one block, both sources is a mistake, not an override.
        #expect(problems("title: T\ncells:\n  - experiment: {name: a, dataset: {name: moons, target: y}}\n")
                == ["3:50: 'dataset.target' applies to a csv data set only"])
    }

    @Test func switchingToCsvDropsGeneratorOptions() throws {
        let text = """
            title: Switch
            defaults: {dataset: {name: moons, n: 500, noise: 0.3, validation: 0.1}}
            cells:
              - experiment: {name: a, dataset: {csv: data/tiny.csv, target: label}}
            """
        let config = try #require(loadText(text).variants.first).config.dataset
        #expect(config.n == nil && config.noise == nil && config.name == nil && config.validation == 0.1)
    }

    @Test func contentHashIsTheFileDigest() throws {
        let path = Fixtures.path("valid/anchors.yaml")
        let document = try NotebookLoader.load(path: path, catalog: testCatalog)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(document.contentHash == SHA256.hexDigest(bytes))
        #expect(document.contentHash.count == 64)
    }
}

@Suite struct DefaultsOnlyTests {
    @Test func defaultsAreCheckedEvenWithoutExperiments() {
        let text = "title: Prose only\ndefaults:\n  model: {activation: rleu}\n  dataset: {name: moons}\ncells:\n  - markdown: hi\n"
        #expect(problems(text) == ["3:23: unknown activation 'rleu'; did you mean 'relu'? (expected one of: identity, relu, leaky_relu, elu, gelu, silu, tanh, sigmoid, softplus)"])
    }

    @Test func proseOnlyNotebookLoads() throws {
        let document = try loadText("title: Prose\ncells:\n  - markdown: just words\n")
        #expect(document.experiments.isEmpty && document.cells.count == 1)
    }
}

@Suite struct PositionAndTypingTests {
    @Test func columnsCountCharactersNotBytes() {
        let text = "title: Ü\ndefaults:\n  dataset: {name: moons}\n  training: {optimizer: \"ädam\", schedule: cosin}\ncells: []\n"
        #expect(problems(text) == [
            "4:25: unknown optimizer 'ädam'; did you mean 'adam'? (expected one of: sgd, momentum, nesterov, adam, adamw, rmsprop, nadam, adagrad)",
            "4:43: unknown schedule 'cosin'; did you mean 'cosine'? (expected one of: constant, step, exponential, cosine)",
        ])
    }

    @Test func numberSpellingDoesNotChangeTheID() throws {
        func id(_ training: String) throws -> String {
            let text = "title: T\ndefaults: {dataset: {name: moons}}\ncells:\n  - experiment: {name: a, training: \(training)}\n"
            return try #require(loadText(text).variants.first).id
        }
        let plain = try id("{learning_rate: 1, epochs: 10, timeout: 60}")
        #expect(try id("{learning_rate: 1.0, epochs: 10.0, timeout: 1m}") == plain)
        #expect(try id("{learning_rate: 1.0e0, epochs: 10, timeout: 60s}") == plain)
        #expect(try id("{learning_rate: 1, epochs: 11, timeout: 60}") != plain)
    }

    @Test func quotedScalarsStayStrings() {
        let text = "title: T\ndefaults:\n  dataset: {name: moons}\n  training: {epochs: \"10\"}\ncells:\n  - experiment: {name: a}\n"
        #expect(problems(text) == ["4:22: 'training.epochs' must be an integer, got '10'"])
    }
}

@Suite struct DocumentShapeTests {
    @Test func emptyAndNonMappingFilesAreExplained() {
        #expect(problems("") == ["1:1: the notebook is empty; it needs a 'title' and 'cells'"])
        #expect(problems("# only a comment\n") == ["1:1: the notebook is empty; it needs a 'title' and 'cells'"])
        #expect(problems("- a\n- b\n") == ["1:1: a notebook is a mapping with 'title', 'description', 'defaults' and 'cells', got a list"])
        #expect(problems("title: T\n") == ["1:1: the notebook has no 'cells' (or top-level 'parameters' for a single experiment)"])
    }

    @Test func unreadableFileIsADiagnosticToo() {
        #expect(throws: NotebookErrors.self) {
            try NotebookLoader.load(path: Fixtures.path("does-not-exist.yaml"), catalog: testCatalog)
        }
    }

    @Test func experimentDescriptionAndMarkdownOrderAreKept() throws {
        let text = """
            title: Order
            defaults: {dataset: {name: moons}}
            cells:
              - markdown: first
              - experiment: {name: a, description: "Why *this* sweep"}
              - markdown: last
            """
        let cells = try loadText(text).cells
        guard cells.count == 3, case .markdown("first") = cells[0], case .experiment(let experiment) = cells[1],
              case .markdown("last") = cells[2] else {
            Issue.record("cells out of order: \(cells)")
            return
        }
        #expect(experiment.description == "Why *this* sweep")
        #expect(experiment.line == 5)
    }
}

@Suite struct SuggestionTests {
    @Test func shorthandsAndTyposGetTheRightSuggestion() {
        func first(_ parameter: String) -> String? {
            let text = "title: T\ndefaults: {dataset: {name: moons}}\ncells:\n  - experiment:\n      name: a\n      parameters:\n        \(parameter): {values: [1]}\n"
            return problems(text).first
        }
        #expect(first("lr") == nil, "lr is declared as an alias of training.learning_rate")
        #expect(first("bs") == "7:9: unknown parameter 'bs'; did you mean 'training.batch_size'?")
        #expect(first("lerning_rate") == "7:9: unknown parameter 'lerning_rate'; did you mean 'learning_rate'?")
        #expect(first("xy") == "7:9: unknown parameter 'xy'")
        #expect(EditDistance.distance("valeus", "values") == 1)
        #expect(EditDistance.distance("kitten", "sitting") == 3)
    }
}
