/// The one random number generator of gradbook: xoshiro256** seeded through SplitMix64.
/// Every stochastic step (initialisation, shuffling, data generation, random search) takes one
/// explicitly, so the same seed gives the same numbers on every machine and any number of jobs.
/// The helpers below avoid the standard library's sampling algorithms, whose exact sequence is
/// not promised across Swift versions.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    /// A generator for a named purpose derived from a base seed ("init", "shuffle", ...), so that
    /// adding a new consumer of randomness never shifts the numbers another consumer sees.
    public init(seed: UInt64, stream: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in stream.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        self.init(seed: seed ^ hash)
    }

    /// The generator's position as four words, for checkpoints: `init(position:)` continues exactly
    /// where this one is.
    public var position: [UInt64] { [state.0, state.1, state.2, state.3] }

    /// A generator at a `position` returned (nil unless it has four words, not all zero).
    public init?(position words: [UInt64]) {
        guard words.count == 4, words.contains(where: { $0 != 0 }) else { return nil }
        state = (words[0], words[1], words[2], words[3])
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [0, 1) with 24 random bits.
    public mutating func nextFloat() -> Float { Float(next() >> 40) * 0x1.0p-24 }

    /// Uniform integer in 0..<bound (Lemire's multiply-shift with rejection, so unbiased).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// Uniform integer in 0..<bound by rejection then remainder: the draw random sweeps have made
    /// since release one. It is a different sequence from `nextInt(below:)`, and changing it would
    /// change the variants (and ids) of every existing random-search notebook, so the sweep
    /// sampler keeps it while training uses the faster multiply-shift.
    public mutating func nextIndexByRemainder(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit
        while true {
            let value = next()
            if value >= threshold { return Int(value % limit) }
        }
    }

    /// Standard normal by the Box-Muller transform (one value per call; simple and reproducible).
    public mutating func nextGaussian() -> Double {
        var u1 = nextDouble()
        while u1 <= Double.leastNormalMagnitude { u1 = nextDouble() }
        let u2 = nextDouble()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }

    /// A Fisher-Yates permutation of 0..<count.
    public mutating func permutation(_ count: Int) -> [Int] {
        var indices = Array(0..<count)
        shuffleInPlace(&indices)
        return indices
    }

    /// Fisher-Yates from the last element down: element `i` swaps with a uniform `j` in `0...i`.
    public mutating func shuffleInPlace<T>(_ values: inout [T]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            if i != j { values.swapAt(i, j) }
        }
    }

    /// The same shuffle (same draws, same swaps) for the training loop's row order. Callers in
    /// other modules reach the generic one above unspecialised: every epoch of a tiny run then
    /// paid for generic metadata look-ups and witness calls per element (11% of a worker's CPU
    /// in a sweep of tiny runs, measured with perf). This overload is concrete, so it compiles
    /// to a plain loop; `SeededGeneratorTests` checks it permutes exactly as the generic one.
    public mutating func shuffleInPlace(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        values.withUnsafeMutableBufferPointer { buffer in
            var i = buffer.count - 1
            while i > 0 {
                let j = nextInt(below: i + 1)
                if i != j { buffer.swapAt(i, j) }
                i -= 1
            }
        }
    }
}
