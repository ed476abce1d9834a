import Backprop
import Core

// The shapes themselves. Each appends `options.samples` rows; noise is added after the label (or
// target) is decided, so noisy points may cross the true boundary, as in scikit-learn.
extension DatasetGenerator {
    static func xor(_ options: Options, _ random: inout SeededGenerator, _ sample: inout GeneratedSamples) {
        for _ in 0..<options.samples {
            let x = random.nextDouble() * 2 - 1, y = random.nextDouble() * 2 - 1
            let label = (x >= 0) == (y >= 0) ? 0 : 1
            sample.append([x + options.noise * random.nextGaussian(), y + options.noise * random.nextGaussian()], label: label)
        }
    }

    /// scikit-learn's `make_moons`: an upper half circle and a lower one shifted right and down.
    static func moons(_ options: Options, _ random: inout SeededGenerator, _ sample: inout GeneratedSamples) {
        let outer = options.samples / 2
        for angle in evenlySpaced(0, .pi, count: outer) {
            sample.append([_cos(angle) + options.noise * random.nextGaussian(),
                           _sin(angle) + options.noise * random.nextGaussian()], label: 0)
        }
        for angle in evenlySpaced(0, .pi, count: options.samples - outer) {
            sample.append([1 - _cos(angle) + options.noise * random.nextGaussian(),
                           0.5 - _sin(angle) + options.noise * random.nextGaussian()], label: 1)
        }
    }

    /// scikit-learn's `make_circles` with `factor` 0.5: label 0 on the unit circle, 1 inside.
    static func circles(_ options: Options, _ random: inout SeededGenerator, _ sample: inout GeneratedSamples) {
        let outer = options.samples / 2
        for (radius, count, label) in [(1.0, outer, 0), (0.5, options.samples - outer, 1)] {
            for angle in evenlySpaced(0, 2 * .pi, count: count, includingEnd: false) {
                sample.append([radius * _cos(angle) + options.noise * random.nextGaussian(),
                               radius * _sin(angle) + options.noise * random.nextGaussian()], label: label)
            }
        }
    }

    /// Arm `c` of `k` starts at angle 2 pi c / k and makes one full turn while the radius grows to 1.
    static func spirals(_ options: Options, _ random: inout SeededGenerator, _ sample: inout GeneratedSamples) {
        let arms = options.classes
        for (arm, count) in classShares(samples: options.samples, classes: arms).enumerated() {
            for step in 0..<count {
                let radius = (Double(step) + 0.5) / Double(count)
                let angle = 2 * .pi * Double(arm) / Double(arms) + 2 * .pi * radius
                sample.append([radius * _cos(angle) + options.noise * random.nextGaussian(),
                               radius * _sin(angle) + options.noise * random.nextGaussian()], label: arm)
            }
        }
    }

    /// scikit-learn's `make_blobs`: centres uniform in [-10, 10]^d, standard deviation `noise`.
    static func blobs(_ options: Options, _ random: inout SeededGenerator, _ sample: inout GeneratedSamples) {
        let centres = (0..<options.classes).map { _ in
            (0..<options.dimensions).map { _ in random.nextDouble() * 20 - 10 }
        }
        for (label, count) in classShares(samples: options.samples, classes: options.classes).enumerated() {
            for _ in 0..<count {
                sample.append(centres[label].map { $0 + options.noise * random.nextGaussian() }, label: label)
            }
        }
    }

    /// Uniform points in [-1, 1]^2 labelled by the colour of their cell on a 4x4 board.
    static func checkerboard(_ options: Options, _ random: inout SeededGenerator, _ sample: inout GeneratedSamples) {
        for _ in 0..<options.samples {
            let x = random.nextDouble() * 2 - 1, y = random.nextDouble() * 2 - 1
            let cell = Int(((x + 1) * 2).rounded(.down)) + Int(((y + 1) * 2).rounded(.down))
            sample.append([x + options.noise * random.nextGaussian(), y + options.noise * random.nextGaussian()],
                          label: cell % 2)
        }
    }

    static func sine(_ options: Options, _ random: inout SeededGenerator, _ sample: inout GeneratedSamples) {
        for _ in 0..<options.samples {
            let x = (random.nextDouble() * 2 - 1) * .pi
            sample.append([x], value: _sin(x) + options.noise * random.nextGaussian())
        }
    }

    /// scikit-learn's `make_friedman1`: inputs uniform in [0, 1]^d, only the first five matter:
    /// y = 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + noise * N(0, 1).
    static func friedman1(_ options: Options, _ random: inout SeededGenerator, _ sample: inout GeneratedSamples) {
        for _ in 0..<options.samples {
            let x = (0..<options.dimensions).map { _ in random.nextDouble() }
            let y = 10 * _sin(.pi * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3] + 5 * x[4]
            sample.append(x, value: y + options.noise * random.nextGaussian())
        }
    }
}
