import Core
import Foundation
import Testing
@testable import Report

/// The comparison keys of swept values (`ConfigValue.canonical`) format numbers through the C
/// library directly; they must stay the bytes Foundation's `String(format: "%.17g")` gave, since
/// keys order groups, buckets and tables.
@Suite struct CanonicalKeyTests {
    @Test func seventeenDigitsIsFoundationsFormat() {
        var generator = SeededGenerator(seed: 11)
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e-5, 0.0001, 2.5e-7, 1234567, 1e300, -1e-300, 5e-324,
                                .greatestFiniteMagnitude, .leastNormalMagnitude, .nan, .infinity, -.infinity, 16, 256]
        for _ in 0..<2000 {
            values.append(pow(10, -8 + 16 * generator.nextDouble()) * (generator.nextInt(below: 2) == 0 ? 1 : -1))
            values.append(Double(bitPattern: UInt64(generator.nextInt(below: Int.max)) << 1))
        }
        for value in values {
            #expect(ConfigValue.seventeenDigits(value) == String(format: "%.17g", value), "\(value.bitPattern)")
        }
        #expect(ConfigValue.int(64).canonical == "n" + String(format: "%.17g", 64.0))
        // Numbers share a key exactly when their `canonicalNumber` bits are equal.
        var mixed: [ConfigValue] = values.prefix(60).map { .double($0) } + [.int(64), .int(0), .int(-1), .int(1 << 53), .int((1 << 53) + 1),
            .double(-.nan), .double(Double(nan: 3, signaling: false)), .string("n64"), .string("64"), .bool(true), .null,
            .list([.int(1)]), .double(64), .double(-0.0), .double(0)]
        mixed += mixed.prefix(10)
        for a in mixed {
            for b in mixed {
                let numbersAgree = a.canonicalNumber != nil && a.canonicalNumber == b.canonicalNumber
                if a.canonicalNumber != nil || b.canonicalNumber != nil {
                    #expect(numbersAgree == (a.canonical == b.canonical), "\(a) \(b)")
                }
            }
        }
        #expect(ConfigValue.double(0.001).canonical == "n" + String(format: "%.17g", 0.001))
    }
}
