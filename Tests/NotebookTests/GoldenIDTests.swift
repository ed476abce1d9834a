import Core
import Foundation
import Search
import Testing
@testable import Notebook

@Suite struct GoldenIDTests {
    static func load() throws -> NotebookDocument {
        try NotebookLoader.load(path: Fixtures.path("valid/golden.yaml"), catalog: testCatalog)
    }

    @Test func idIsTheHashOfTheIdentityTreeAndTheLegacyIdOfTheResolvedOne() throws {
        for variant in try Self.load().variants {
            // golden.yaml sets `timeout: 120`, an operational key: the id leaves it out, the
            // first release's id (which hashed the whole resolved tree) is kept as the legacy id.
            // Keys newer than the first release (`training.threads`) stay out of both while at their defaults.
            let firstRelease = variant.resolved
            #expect(firstRelease.value(at: "training.threads") == nil && firstRelease.value(at: "model.dropout") == nil)
            let identity = Self.setting(firstRelease, "training", "timeout", to: .null)
            #expect(variant.id == String(SHA256.hexDigest(identity.canonicalJSON).prefix(12)))
            #expect(variant.legacyID == String(SHA256.hexDigest(firstRelease.canonicalJSON).prefix(12)))
            #expect(variant.resolved == variant.config.resolved)  // no data files: nothing to relativise
            #expect(variant.resolved.value(at: "training.seed") == .int(variant.seed))
        }
    }

    @Test func goldenIDsAreStable() throws {
        let document = try Self.load()
        let golden = document.experiments[0].variants.map { "\($0.id) \($0.label)" }
        #expect(golden == [
            "c9c43ad6ac88 lr=0.001 hidden=8 seed=1", "92f26c7a1824 lr=0.001 hidden=8 seed=2",
            "8792acacc7d3 lr=0.001 hidden=32x16 seed=1", "48b70e9453c5 lr=0.001 hidden=32x16 seed=2",
            "3e9f1d142f16 lr=0.1 hidden=8 seed=1", "eb1a43280323 lr=0.1 hidden=8 seed=2",
            "6c2b8fe29053 lr=0.1 hidden=32x16 seed=1", "c2b515bd7ffd lr=0.1 hidden=32x16 seed=2",
        ])
        // The ids release one gave these variants: records stored under them still count.
        #expect(document.experiments[0].variants.compactMap(\.legacyID) == [
            "f2311c1f573b", "f9ca3aaa32d0", "d8204afd98dc", "0d3caccbca04",
            "22e1e07c0f20", "396c17332634", "6e36e993fbca", "8dad4a06afa6",
        ])
        let random = document.experiments[1].variants.map { "\($0.id) \($0.label)" }
        #expect(random == [
            "cf6ea3347b6a wd=4.675e-05 epochs=10 seed=1", "2bf222a3414c wd=5.442e-05 epochs=13 seed=1",
            "a11fdf62a968 wd=1.802e-05 epochs=10 seed=1",
        ])
        #expect(document.experiments[1].variants.compactMap(\.legacyID) == ["a6e9a3fc1bd6", "eb4408154255", "f1ccaaec142f"])
    }

    @Test func operationalKeysDoNotChangeTheId() throws {
        func firstVariant(_ training: String, metric: String = "") throws -> Variant {
            try #require(loadText("""
                title: Operational keys
                defaults:
                  dataset: {name: moons, n: 200}
                  training: {epochs: 3\(training)}\(metric)
                parameters:
                  learning_rate: {values: [0.01]}
                """).variants.first)
        }
        let plain = try firstVariant("")
        // At their defaults, the id is the first release's hash of the whole resolved tree.
        #expect(plain.legacyID == nil)
        #expect(plain.id == String(SHA256.hexDigest(plain.resolved.canonicalJSON).prefix(12)))
        // training.threads (since 2) is operational: any value keeps the id and adds no legacy id.
        for threaded in [try firstVariant(", threads: 1"), try firstVariant(", threads: 4")] {
            #expect(threaded.id == plain.id)
            #expect(threaded.config.training.threads == 1 || threaded.legacyID != plain.id)
        }
        for changed in [try firstVariant(", timeout: 10m"), try firstVariant(", save: all"),
                        try firstVariant("", metric: "\n  metric: {name: val_loss, goal: minimize}")] {
            #expect(changed.id == plain.id)
            #expect(changed.legacyID != nil && changed.legacyID != plain.id)
        }
        #expect(try firstVariant(", learning_rate: 0.5, batch_size: 8").id != plain.id)
    }

    static func setting(_ tree: ConfigValue, _ section: String, _ key: String, to value: ConfigValue) -> ConfigValue {
        guard case .map(let sections) = tree else { return tree }
        return .map(sections.map { entry in
            guard entry.key == section, case .map(let keys) = entry.value else { return entry }
            return ConfigEntry(key: section, value: .map(keys.map { $0.key == key ? ConfigEntry(key: key, value: value) : $0 }))
        })
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
