import Backprop
import Core

/// The built-in synthetic data sets: small, seeded, and shaped to show what a network can and cannot
/// separate. Every generator takes `samples` and `noise` (Gaussian standard deviation added to the
/// inputs, or to the target for the regression sets); some also take `classes` or `dimensions`.
enum DatasetGenerator: String, CaseIterable, Sendable {
    case xor, moons, circles, spirals, blobs, checkerboard, sine, friedman1

    static let defaultSamples = 1000

    /// The options one generation uses, after defaults and validation.
    struct Options: Sendable, Equatable {
        var samples: Int
        var noise: Double
        var classes: Int
        var dimensions: Int
    }

    var task: LearningTask {
        switch self {
        case .sine, .friedman1: return .regression
        default: return .classification
        }
    }

    var defaultNoise: Double {
        switch self {
        case .xor: return 0.1
        case .moons: return 0.2
        case .circles: return 0.1
        case .spirals: return 0.1
        case .blobs: return 1.0
        case .checkerboard: return 0
        case .sine: return 0.1
        case .friedman1: return 1.0
        }
    }

    /// The default class count, or nil when the class count is fixed and `classes` is not an option.
    var defaultClasses: Int? {
        switch self {
        case .spirals: return 2
        case .blobs: return 3
        default: return nil
        }
    }

    /// The default input width, or nil when the width is fixed and `dimensions` is not an option.
    var defaultDimensions: Int? {
        switch self {
        case .blobs: return 2
        case .friedman1: return 10
        default: return nil
        }
    }

    /// The input width and class count of the default options.
    var defaultOptions: Options {
        Options(samples: Self.defaultSamples, noise: defaultNoise,
                classes: defaultClasses ?? (task == .classification ? 2 : 0),
                dimensions: defaultDimensions ?? (self == .sine ? 1 : 2))
    }

    var summary: String {
        switch self {
        case .xor: return "generator: XOR quadrants in [-1, 1]^2"
        case .moons: return "generator: two interleaving half circles"
        case .circles: return "generator: a circle inside a circle (radius 0.5)"
        case .spirals: return "generator: k interleaved spiral arms (classes = k)"
        case .blobs: return "generator: Gaussian blobs (classes, dimensions)"
        case .checkerboard: return "generator: 4x4 checkerboard in [-1, 1]^2"
        case .sine: return "generator: y = sin(x) on [-pi, pi]"
        case .friedman1: return "generator: Friedman #1 regression (dimensions >= 5)"
        }
    }

    /// Applies defaults and rejects options the generator does not have or values out of range.
    func options(from spec: DatasetSpec) throws -> Options {
        var options = defaultOptions
        if let samples = spec.samples {
            guard samples >= 2, samples <= 50_000_000 else {
                throw DatasetError(message: "\(rawValue): samples must be in 2...50000000, got \(samples)")
            }
            options.samples = samples
        }
        if let noise = spec.noise {
            guard noise.isFinite, noise >= 0 else {
                throw DatasetError(message: "\(rawValue): noise must be a finite number >= 0, got \(noise)")
            }
            options.noise = noise
        }
        if let classes = spec.classes {
            guard defaultClasses != nil else {
                throw DatasetError(message: "\(rawValue) has no 'classes' option (only spirals and blobs do)")
            }
            guard classes >= 2, classes <= 100 else {
                throw DatasetError(message: "\(rawValue): classes must be in 2...100, got \(classes)")
            }
            options.classes = classes
        }
        if let dimensions = spec.dimensions {
            guard defaultDimensions != nil else {
                throw DatasetError(message: "\(rawValue) has no 'dimensions' option (only blobs and friedman1 do)")
            }
            let least = self == .friedman1 ? 5 : 1
            guard dimensions >= least, dimensions <= 100_000 else {
                throw DatasetError(message: "\(rawValue): dimensions must be in \(least)...100000, got \(dimensions)")
            }
            options.dimensions = dimensions
        }
        if task == .classification, options.samples < options.classes {
            throw DatasetError(message: "\(rawValue): \(options.samples) samples cannot cover \(options.classes) classes")
        }
        return options
    }

    /// Generates the whole data set from stream "generate.<name>" of `seed`, rows shuffled so that
    /// classes are interleaved as they would be in a real file.
    func generate(_ options: Options, seed: UInt64) -> RawDataset {
        var random = SeededGenerator(seed: seed, stream: "generate.\(rawValue)")
        var sample = GeneratedSamples(columns: options.dimensions, capacity: options.samples)
        switch self {
        case .xor: Self.xor(options, &random, &sample)
        case .moons: Self.moons(options, &random, &sample)
        case .circles: Self.circles(options, &random, &sample)
        case .spirals: Self.spirals(options, &random, &sample)
        case .blobs: Self.blobs(options, &random, &sample)
        case .checkerboard: Self.checkerboard(options, &random, &sample)
        case .sine: Self.sine(options, &random, &sample)
        case .friedman1: Self.friedman1(options, &random, &sample)
        }
        let order = random.permutation(options.samples)
        let inputs = Matrix(rows: options.samples, columns: options.dimensions, storage: sample.inputs).gatherRows(order)
        let featureNames = (1...options.dimensions).map { "x\($0)" }
        switch task {
        case .classification:
            let labels = order.map { sample.labels[$0] }
            return RawDataset(name: rawValue, task: task, featureNames: featureNames,
                              classNames: (0..<options.classes).map(String.init), inputs: inputs,
                              targets: .classes(labels: labels, classCount: options.classes))
        case .regression:
            let values = order.map { sample.values[$0] }
            return RawDataset(name: rawValue, task: task, featureNames: featureNames, classNames: [],
                              inputs: inputs, targets: .values(Matrix(rows: values.count, columns: 1, storage: values)))
        }
    }
}

/// Rows collected by a generator before they are shuffled.
struct GeneratedSamples {
    var inputs: [Float] = []
    var labels: [Int32] = []
    var values: [Float] = []

    init(columns: Int, capacity: Int) {
        inputs.reserveCapacity(columns * capacity)
    }

    mutating func append(_ point: [Double], label: Int) {
        inputs += point.map { Float($0) }
        labels.append(Int32(label))
    }

    mutating func append(_ point: [Double], value: Double) {
        inputs += point.map { Float($0) }
        values.append(Float(value))
    }
}

/// `count` evenly spaced values from `start` to `end`, like numpy's `linspace`.
func evenlySpaced(_ start: Double, _ end: Double, count: Int, includingEnd: Bool = true) -> [Double] {
    guard count > 1 else { return count == 1 ? [start] : [] }
    let step = (end - start) / Double(includingEnd ? count - 1 : count)
    return (0..<count).map { start + Double($0) * step }
}

/// How many of `samples` go to each of `classes` classes: equal shares, the remainder to the first.
func classShares(samples: Int, classes: Int) -> [Int] {
    (0..<classes).map { samples / classes + ($0 < samples % classes ? 1 : 0) }
}
