import Core
import Foundation
import Search
import Testing
@testable import Notebook

@Suite struct GoldenIDTests {
    static func load() throws -> NotebookDocument {
        try NotebookLoader.load(path: Fixtures.path("valid/golden.yaml"), catalog: testCatalog)
    }

    @Test func idIsTheHashOfTheCanonicalResolvedConfig() throws {
        for variant in try Self.load().variants {
            #expect(variant.id == String(SHA256.hexDigest(variant.resolved.canonicalJSON).prefix(12)))
            #expect(variant.resolved == variant.config.resolved)  // no data files: nothing to relativise
            #expect(variant.resolved.value(at: "training.seed") == .int(variant.seed))
        }
    }

    @Test func goldenIDsAreStable() throws {
        let document = try Self.load()
        let golden = document.experiments[0].variants.map { "\($0.id) \($0.label)" }
        #expect(golden == [
            "f2311c1f573b lr=0.001 hidden=8 seed=1", "f9ca3aaa32d0 lr=0.001 hidden=8 seed=2",
            "d8204afd98dc lr=0.001 hidden=32x16 seed=1", "0d3caccbca04 lr=0.001 hidden=32x16 seed=2",
            "22e1e07c0f20 lr=0.1 hidden=8 seed=1", "396c17332634 lr=0.1 hidden=8 seed=2",
            "6e36e993fbca lr=0.1 hidden=32x16 seed=1", "8dad4a06afa6 lr=0.1 hidden=32x16 seed=2",
        ])
        let random = document.experiments[1].variants.map { "\($0.id) \($0.label)" }
        #expect(random == [
            "a6e9a3fc1bd6 wd=4.675e-05 epochs=10 seed=1", "eb4408154255 wd=5.442e-05 epochs=13 seed=1",
            "f1ccaaec142f wd=1.802e-05 epochs=10 seed=1",
        ])
    }

    @Test func canonicalFormOfOneVariantIsPinned() throws {
        let first = try #require(Self.load().variants.first)
        // Python agrees: json.dumps(d, sort_keys=True, separators=(",", ":")) gives the same text and
        // hashlib.sha256 of it starts with f2311c1f573b.
        #expect(first.resolved.canonicalJSON == #"{"dataset":{"classes":null,"csv":null,"dimensions":null,"features":null,"idx":null,"n":500,"name":"moons","noise":0.2,"normalize":"standard","seed":0,"target":null,"task":"auto","test":0.0,"validation":0.25},"metric":{"goal":"maximize","name":"val_accuracy"},"model":{"activation":"relu","hidden":[8],"init":"auto","output":"auto"},"training":{"batch_size":32,"clip_norm":null,"early_stopping":null,"epochs":20,"gamma":0.1,"learning_rate":0.001,"min_learning_rate":0.0,"momentum":0.9,"optimizer":"adam","save":"best","schedule":"constant","seed":1,"step_epochs":10,"timeout":120.0,"warmup":0,"weight_decay":0.0}}"#)
    }

    @Test func idsDoNotDependOnHowTheNotebookIsWritten() throws {
        // Same configuration, written with different key order, quoting and flow/block style.
        let text = """
            title: Rewritten
            cells:
              - experiment:
                  name: golden
                  seeds: [1]
                  metric: {goal: maximize, name: "val_accuracy"}
                  training:
                    timeout: 120
                    epochs: 20
                    batch_size: 32
                    learning_rate: 0.001
                    optimizer: 'adam'
                  model:
                    activation: relu
                    hidden:
                      - 8
                  dataset: {validation: 0.25, noise: 0.2, n: 500, name: moons}
            """
        let rewritten = try #require(loadText(text).variants.first)
        let original = try #require(Self.load().variants.first)
        #expect(rewritten.id == original.id)
    }
}
