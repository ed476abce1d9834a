/// The Pareto front of (cost, quality) pairs: the points no other point beats, that is none is at
/// most as costly and at least as good while strictly better in one of the two. Pure and
/// deterministic; ties (same cost and quality) keep the first of them.
enum ParetoFront {
    /// Indices of the front, cheapest first.
    static func indices(costs: [Double], qualities: [Double], higherIsBetter: Bool) -> [Int] {
        precondition(costs.count == qualities.count)
        let better: (Double, Double) -> Bool = higherIsBetter ? { $0 > $1 } : { $0 < $1 }
        // Cheapest first; at equal cost the best first, then input order: a sweep keeps only points
        // that improve on every cheaper one.
        let order = costs.indices.filter { costs[$0].isFinite && qualities[$0].isFinite }.sorted { a, b in
            if costs[a] != costs[b] { return costs[a] < costs[b] }
            if qualities[a] != qualities[b] { return better(qualities[a], qualities[b]) }
            return a < b
        }
        var front: [Int] = []
        for index in order {
            guard let last = front.last else { front.append(index); continue }
            if better(qualities[index], qualities[last]) { front.append(index) }
        }
        return front
    }
}
