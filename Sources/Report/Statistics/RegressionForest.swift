import Core

/// A seeded random forest of regression trees (bagging, every feature tried at every split, as
/// scikit-learn's `RandomForestRegressor` with Optuna's fANOVA settings: 64 trees, leaves of one
/// sample). Numeric features split at midpoints between neighbouring values; a categorical
/// feature splits one level against the rest (the one-hot splits Optuna's encoding gives), so no
/// order is invented for categories. The same data and seed give the same trees on any machine.
struct RegressionForest: Sendable {
    enum Feature: Sendable, Equatable {
        case numeric
        case categorical(levels: Int)
    }

    /// A node: a leaf when `feature` is negative. Numeric: x <= threshold goes left;
    /// categorical: x == threshold goes left.
    struct Node: Sendable {
        var feature: Int
        var threshold: Double
        var left: Int
        var right: Int
        var value: Double
    }

    static let defaultTrees = 64
    static let maximumDepth = 64

    var features: [Feature]
    var trees: [[Node]]
    /// R² of each sample's out-of-bag prediction (trees that did not see it); nil when too few
    /// samples were out of bag to say.
    var outOfBagR2: Double?

    init(x: [[Double]], y: [Double], features: [Feature], trees treeCount: Int = defaultTrees, seed: UInt64) {
        precondition(x.count == y.count && !y.isEmpty, "one target per sample")
        self.features = features
        var generator = SeededGenerator(seed: seed, stream: "importance-forest")
        var trees: [[Node]] = []
        var oobSum = [Double](repeating: 0, count: y.count)
        var oobCount = [Int](repeating: 0, count: y.count)
        for _ in 0..<treeCount {
            var inBag = [Bool](repeating: false, count: y.count)
            let sample = (0..<y.count).map { _ in generator.nextInt(below: y.count) }
            for index in sample { inBag[index] = true }
            var builder = TreeBuilder(x: x, y: y, features: features)
            builder.grow(sample, depth: 0)
            trees.append(builder.nodes)
            for index in y.indices where !inBag[index] {
                oobSum[index] += Self.predict(builder.nodes, features: features, x[index])
                oobCount[index] += 1
            }
        }
        self.trees = trees
        let covered = y.indices.filter { oobCount[$0] > 0 }
        if covered.count >= 5 {
            let mean = covered.map { y[$0] }.reduce(0, +) / Double(covered.count)
            let total = covered.reduce(0) { $0 + (y[$1] - mean) * (y[$1] - mean) }
            let residual = covered.reduce(0) { sum, i in
                let error = y[i] - oobSum[i] / Double(oobCount[i])
                return sum + error * error
            }
            outOfBagR2 = total > 0 ? 1 - residual / total : nil
        }
    }

    static func predict(_ nodes: [Node], features: [Feature], _ point: [Double]) -> Double {
        var at = 0
        while nodes[at].feature >= 0 {
            let node = nodes[at]
            let goesLeft: Bool
            switch features[node.feature] {
            case .numeric: goesLeft = point[node.feature] <= node.threshold
            case .categorical: goesLeft = point[node.feature] == node.threshold
            }
            at = goesLeft ? node.left : node.right
        }
        return nodes[at].value
    }
}

/// Grows one tree by exhaustive best splits on the squared error.
private struct TreeBuilder {
    let x: [[Double]]
    let y: [Double]
    let features: [RegressionForest.Feature]
    var nodes: [RegressionForest.Node] = []

    /// Appends the subtree of `samples` and returns its root's index.
    @discardableResult
    mutating func grow(_ samples: [Int], depth: Int) -> Int {
        let mean = samples.reduce(0) { $0 + y[$1] } / Double(samples.count)
        let at = nodes.count
        nodes.append(.init(feature: -1, threshold: 0, left: -1, right: -1, value: mean))
        guard samples.count >= 2, depth < RegressionForest.maximumDepth,
              let split = bestSplit(samples) else { return at }
        let left = samples.filter { goesLeft($0, split) }
        let right = samples.filter { !goesLeft($0, split) }
        nodes[at].feature = split.feature
        nodes[at].threshold = split.threshold
        nodes[at].left = grow(left, depth: depth + 1)
        nodes[at].right = grow(right, depth: depth + 1)
        return at
    }

    func goesLeft(_ sample: Int, _ split: (feature: Int, threshold: Double)) -> Bool {
        switch features[split.feature] {
        case .numeric: return x[sample][split.feature] <= split.threshold
        case .categorical: return x[sample][split.feature] == split.threshold
        }
    }

    /// The split that most lowers the squared error (maximises Σ sum²/n over the two sides);
    /// nil when no split separates anything or the targets are all equal. Ties keep the first
    /// feature and the lowest threshold, so the tree does not depend on anything but the data.
    func bestSplit(_ samples: [Int]) -> (feature: Int, threshold: Double)? {
        let n = Double(samples.count)
        let totalSum = samples.reduce(0) { $0 + y[$1] }
        let first = y[samples[0]]
        guard samples.contains(where: { y[$0] != first }) else { return nil }
        let baseline = totalSum * totalSum / n
        var best: (feature: Int, threshold: Double)?
        var bestScore = baseline + abs(baseline) * 1e-12 + 1e-300
        for feature in features.indices {
            switch features[feature] {
            case .numeric:
                let sorted = samples.sorted { (x[$0][feature], $0) < (x[$1][feature], $1) }
                var leftSum = 0.0
                for k in 0..<(sorted.count - 1) {
                    leftSum += y[sorted[k]]
                    let (here, next) = (x[sorted[k]][feature], x[sorted[k + 1]][feature])
                    guard here < next else { continue }
                    let nl = Double(k + 1), nr = n - nl
                    let score = leftSum * leftSum / nl + (totalSum - leftSum) * (totalSum - leftSum) / nr
                    if score > bestScore { bestScore = score; best = (feature, here + (next - here) / 2) }
                }
            case .categorical(let levels):
                var sums = [Double](repeating: 0, count: levels), counts = [Double](repeating: 0, count: levels)
                for sample in samples {
                    let level = Int(x[sample][feature])
                    sums[level] += y[sample]
                    counts[level] += 1
                }
                for level in 0..<levels where counts[level] > 0 && counts[level] < n {
                    let rest = totalSum - sums[level]
                    let score = sums[level] * sums[level] / counts[level] + rest * rest / (n - counts[level])
                    if score > bestScore { bestScore = score; best = (feature, Double(level)) }
                }
            }
        }
        return best
    }
}
