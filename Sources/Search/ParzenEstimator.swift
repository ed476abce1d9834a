import Core
import Foundation

/// A Parzen (kernel density) estimator over the coordinates of a search space: one kernel per
/// observed point plus one prior kernel, each a product over parameters of a truncated normal
/// (numbers) or a smoothed one-hot distribution (choices). The tree-structured Parzen estimator
/// fits one to the good points and one to the rest and proposes where good/rest is largest.
///
/// Bandwidths follow Optuna's TPE (the distance to the farther neighbour, clipped to
/// [range / min(100, 1 + kernels), range]); the prior is a normal over the whole interval and a
/// uniform (or the declared probabilities) over choices. Every random choice comes from the
/// generator it is given, so the same observations and seed give the same proposals anywhere.
///
/// Conditional parameters make the space a tree: an observation holds NaN for a parameter it did
/// not have. Such an observation taught nothing about that parameter, so its kernel spreads there
/// like the prior (Optuna's TPE likewise fits each parameter to the trials that have it only);
/// a candidate without the parameter leaves that dimension out of both l(x) and g(x), so their
/// ratio compares the dimensions it has.
struct ParzenEstimator {
    /// Observations and the prior have weight 1 each, as in Optuna (`prior_weight = 1`).
    static let priorWeight = 1.0

    let coordinates: [Coordinate]
    /// Kernel weights, normalised; the prior kernel is the last one.
    private var logWeights: [Double] = []
    private var weights: [Double] = []
    /// Per kernel, per dimension: centre and bandwidth (numeric dimensions).
    private var mus: [[Double]] = []
    private var sigmas: [[Double]] = []
    /// log(sigma) + log(Phi(b) - Phi(a)) + log(sqrt(2 pi)): the truncated normal's normaliser.
    private var logNormalisers: [[Double]] = []
    /// Per kernel, per choice dimension: log probabilities of each choice.
    private var choiceLogs: [[[Double]]] = []

    /// `points` are coordinates (one per dimension, choices as indices), `pointWeights` their
    /// weights (older observations may count less).
    init(coordinates: [Coordinate], points: [[Double]], pointWeights: [Double]) {
        precondition(points.count == pointWeights.count, "one weight per point")
        self.coordinates = coordinates
        let kernels = points.count + 1
        var raw = pointWeights + [Self.priorWeight]
        let total = raw.reduce(0, +)
        raw = raw.map { $0 / total }
        weights = raw
        logWeights = raw.map { log($0) }
        mus = Array(repeating: Array(repeating: 0, count: coordinates.count), count: kernels)
        sigmas = mus
        logNormalisers = mus
        choiceLogs = Array(repeating: Array(repeating: [], count: coordinates.count), count: kernels)
        for (d, coordinate) in coordinates.enumerated() {
            switch coordinate {
            case .fixed: continue
            case .numeric(let low, let high):
                let centres = points.map { $0[d] }
                let present = centres.indices.filter { !centres[$0].isNaN }
                let presentBandwidths = Self.bandwidths(present.map { centres[$0] }, low: low, high: high)
                var bandwidths = Array(repeating: high - low, count: centres.count)
                for (rank, index) in present.enumerated() { bandwidths[index] = presentBandwidths[rank] }
                for k in 0..<kernels {
                    let observed = k < points.count && !centres[k].isNaN
                    let mu = observed ? centres[k] : (low + high) / 2
                    let sigma = observed ? bandwidths[k] : high - low
                    mus[k][d] = mu
                    sigmas[k][d] = sigma
                    let mass = Self.phi((high - mu) / sigma) - Self.phi((low - mu) / sigma)
                    logNormalisers[k][d] = log(sigma) + 0.5 * log(2 * Double.pi) + log(max(mass, 1e-300))
                }
            case .choice(let count, let prior):
                let uniform = prior ?? Array(repeating: 1 / Double(count), count: count)
                for k in 0..<kernels {
                    guard k < points.count, !points[k][d].isNaN else {
                        choiceLogs[k][d] = uniform.map { log(max($0, 1e-300)) }
                        continue
                    }
                    // Optuna's smoothing: the prior's weight spread over every kernel.
                    var p = uniform.map { $0 * Self.priorWeight / Double(kernels) }
                    p[Int(points[k][d])] += 1
                    let sum = p.reduce(0, +)
                    choiceLogs[k][d] = p.map { log(max($0 / sum, 1e-300)) }
                }
            }
        }
    }

    /// Optuna's bandwidth rule, without its endpoints (`consider_endpoints = False`).
    static func bandwidths(_ centres: [Double], low: Double, high: Double) -> [Double] {
        let n = centres.count
        guard n > 0 else { return [] }
        // Ties broken by index so the order (and so the neighbours) never depends on sort stability.
        let order = (0..<n).sorted { centres[$0] != centres[$1] ? centres[$0] < centres[$1] : $0 < $1 }
        var sorted: [Double] = [low]
        for index in order { sorted.append(centres[index]) }
        sorted.append(high)
        var sortedSigmas: [Double] = []
        for i in 1...n {
            let before: Double = sorted[i] - sorted[i - 1]
            let after: Double = sorted[i + 1] - sorted[i]
            sortedSigmas.append(max(before, after))
        }
        if n >= 2 {
            sortedSigmas[0] = sorted[2] - sorted[1]
            sortedSigmas[n - 1] = sorted[n] - sorted[n - 1]
        }
        let range = high - low
        let smallest = range / min(100, 1 + Double(n + 1))
        var sigmas = Array(repeating: 0.0, count: n)
        for (rank, index) in order.enumerated() { sigmas[index] = min(max(sortedSigmas[rank], smallest), range) }
        return sigmas
    }

    /// The standard normal CDF.
    static func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// One draw: pick a kernel by weight, then each dimension from that kernel.
    func sample(_ generator: inout SeededGenerator) -> [Double] {
        let u = generator.nextDouble()
        var cumulative = 0.0
        var kernel = weights.count - 1
        for (k, w) in weights.enumerated() {
            cumulative += w
            if u < cumulative { kernel = k; break }
        }
        var x = Array(repeating: 0.0, count: coordinates.count)
        for (d, coordinate) in coordinates.enumerated() {
            switch coordinate {
            case .fixed: continue
            case .numeric(let low, let high):
                x[d] = Self.truncatedNormal(mu: mus[kernel][d], sigma: sigmas[kernel][d], low: low, high: high, &generator)
            case .choice(let count, _):
                let v = generator.nextDouble()
                var sum = 0.0
                x[d] = Double(count - 1)
                for (i, logP) in choiceLogs[kernel][d].enumerated() {
                    sum += exp(logP)
                    if v < sum { x[d] = Double(i); break }
                }
            }
        }
        return x
    }

    /// By rejection: sigma never exceeds the interval and mu lies in it, so a third of draws or
    /// more land inside; the bound on attempts only guards against pathological input.
    static func truncatedNormal(mu: Double, sigma: Double, low: Double, high: Double, _ generator: inout SeededGenerator) -> Double {
        for _ in 0..<1000 {
            let x = mu + sigma * generator.nextGaussian()
            if x >= low && x <= high { return x }
        }
        return min(max(mu, low), high)
    }

    /// log of the mixture density at `x` (log-sum-exp over kernels).
    func logDensity(_ x: [Double]) -> Double {
        var terms = logWeights
        for k in terms.indices {
            for (d, coordinate) in coordinates.enumerated() {
                switch coordinate {
                case .fixed: continue
                case .numeric:
                    if x[d].isNaN { continue }
                    let z = (x[d] - mus[k][d]) / sigmas[k][d]
                    terms[k] += -0.5 * z * z - logNormalisers[k][d]
                case .choice:
                    if x[d].isNaN { continue }
                    terms[k] += choiceLogs[k][d][Int(x[d])]
                }
            }
        }
        let top = terms.max() ?? 0
        guard top.isFinite else { return top }
        return top + log(terms.reduce(0) { $0 + exp($1 - top) })
    }
}
