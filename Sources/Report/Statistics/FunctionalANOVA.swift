/// The functional ANOVA decomposition of a function given on every cell of a full grid, under the
/// uniform measure over the cells: f = μ + Σ f_i + Σ f_ij + (higher orders), whose variances add
/// up to the variance of f. The main effect f_i(a) is the mean over the cells with x_i = a minus
/// μ; the pair effect f_ij(a, b) is the mean over the cells with (x_i, x_j) = (a, b) minus μ,
/// f_i(a) and f_j(b); whatever variance the mains and pairs leave is the higher-order remainder.
/// Exact on a grid (Hooker 2007; Hutter et al. 2014 compute the same on a forest's partition).
struct FunctionalANOVA: Sendable, Equatable {
    /// Variance of the cell values.
    var total: Double
    /// Variance of each main effect, per factor.
    var main: [Double]
    /// Variance of each pair effect, `pairs[i][j]` for i < j (zero elsewhere).
    var pairs: [[Double]]
    /// What the mains and pairs leave of the total (three-way and higher), never below zero.
    var higher: Double

    /// `cells` holds one value per combination of levels, row-major (the last factor fastest).
    init(cells: [Double], levels: [Int]) {
        let count = levels.reduce(1, *)
        precondition(cells.count == count && count > 0, "one value per cell of the grid")
        let factors = levels.count
        // Each cell's level of each factor.
        var coordinates = Array(repeating: [Int](repeating: 0, count: count), count: factors)
        var stride = 1
        for factor in (0..<factors).reversed() {
            for cell in 0..<count { coordinates[factor][cell] = (cell / stride) % levels[factor] }
            stride *= levels[factor]
        }
        let mean = cells.reduce(0, +) / Double(count)
        total = cells.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)

        var effects: [[Double]] = []
        for factor in 0..<factors {
            var sums = [Double](repeating: 0, count: levels[factor])
            for cell in 0..<count { sums[coordinates[factor][cell]] += cells[cell] }
            let perLevel = Double(count / levels[factor])
            effects.append(sums.map { $0 / perLevel - mean })
        }
        main = effects.map { effect in effect.reduce(0) { $0 + $1 * $1 } / Double(effect.count) }

        pairs = Array(repeating: [Double](repeating: 0, count: factors), count: factors)
        for i in 0..<factors {
            for j in (i + 1)..<max(i + 1, factors) {
                let (li, lj) = (levels[i], levels[j])
                var sums = [Double](repeating: 0, count: li * lj)
                for cell in 0..<count { sums[coordinates[i][cell] * lj + coordinates[j][cell]] += cells[cell] }
                let perPair = Double(count / (li * lj))
                var variance = 0.0
                for a in 0..<li {
                    for b in 0..<lj {
                        let effect = sums[a * lj + b] / perPair - mean - effects[i][a] - effects[j][b]
                        variance += effect * effect
                    }
                }
                pairs[i][j] = variance / Double(li * lj)
            }
        }
        let explained = main.reduce(0, +) + pairs.joined().reduce(0, +)
        higher = max(0, total - explained)
    }
}
