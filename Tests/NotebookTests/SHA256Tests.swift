import Core
import Testing
@testable import Notebook

/// FIPS 180-2 / NIST example vectors.
@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hexDigest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hexDigest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalUpdatesMatchOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for split in [0, 1, 55, 56, 63, 64, 65, 500, 999, 1000] {
            var hasher = SHA256()
            hasher.update(Array(bytes[..<split]))
            hasher.update(Array(bytes[split...]))
            #expect(hasher.finalize() == SHA256.hash(bytes), "split at \(split)")
            // The chart cache digests its inputs in pieces: the same digest as the joined bytes.
            #expect(SHA256.hexDigest(parts: [Array(bytes[..<split]), [], Array(bytes[split...])]) == SHA256.hexDigest(bytes))
        }
    }
}

@Suite struct CanonicalJSONTests {
    @Test func sortsKeysAndDistinguishesIntsFromDoubles() {
        let value = ConfigValue.map([
            ConfigEntry(key: "b", value: .list([.int(10), .double(10), .double(0.1), .double(1e-5), .double(2.5e20)])),
            ConfigEntry(key: "a", value: .map([ConfigEntry(key: "z", value: .null), ConfigEntry(key: "y", value: .bool(true))])),
            ConfigEntry(key: "c", value: .string("quote\" back\\ tab\t nl\n \u{1}")),
        ])
        #expect(value.canonicalJSON == #"{"a":{"y":true,"z":null},"b":[10,10.0,0.1,1e-05,2.5e+20],"c":"quote\" back\\ tab\t nl\n \u0001"}"#)
    }

    /// Strings with nothing to escape are quoted whole; any quote, backslash or control escapes.
    @Test func jsonQuotingEscapesOnlyWhatJSONRequires() {
        #expect(ConfigValue.jsonQuoted("") == #""""#)
        #expect(ConfigValue.jsonQuoted("relu é 日本 \u{7F}") == "\"relu é 日本 \u{7F}\"")
        #expect(ConfigValue.jsonQuoted("a\"b") == #""a\"b""#)
        #expect(ConfigValue.jsonQuoted("a\\b") == #""a\\b""#)
        #expect(ConfigValue.jsonQuoted("é\u{1F}") == #""é\u001f""#)
    }

    @Test func resolvedConfigListsEveryKeyInWritingOrder() {
        let resolved = RunConfig().resolved
        guard case .map(let sections) = resolved else { Issue.record("not a map"); return }
        #expect(sections.map(\.key) == ["dataset", "model", "training", "metric"])
        #expect(resolved.value(at: "training.seed") == .int(1))
        guard case .map(let training)? = resolved.value(at: "training") else { Issue.record("no training"); return }
        // Keys newer than the first release stay out at their defaults.
        #expect(training.map(\.key) == ConfigSchema.training.filter { $0.since == 1 }.map(\.name))
        guard case .map(let dataset)? = resolved.value(at: "dataset") else { Issue.record("no dataset"); return }
        // Keys newer than the first release appear once they leave their default.
        #expect(dataset.map(\.key) == ConfigSchema.dataset.filter { $0.since == 1 }.map(\.name))
        var changed = RunConfig()
        changed.dataset.missing = .drop
        guard case .map(let withMissing)? = changed.resolved.value(at: "dataset") else { Issue.record("no dataset"); return }
        #expect(withMissing.map(\.key) == dataset.map(\.key) + ["missing"])
        #expect(Variant.id(of: resolved).count == 12)
    }
}

@Suite struct SeededGeneratorTests {
    @Test func isDeterministicAndUniformEnough() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<10_000 { counts[a.nextIndexByRemainder(below: 10)] += 1 }
        #expect(counts.allSatisfy { (850...1150).contains($0) })
        let units = (0..<10_000).map { _ in a.nextDouble() }
        #expect(units.allSatisfy { $0 >= 0 && $0 < 1 })
        let gaussians = (0..<10_000).map { _ in a.nextGaussian() }
        let mean = gaussians.reduce(0, +) / 10_000
        #expect(abs(mean) < 0.05)
    }
}
