extension SlurmResources {
    /// `--mem` in bytes, as Slurm reads it: a bare number is megabytes, K/M/G/T are powers of
    /// 1024. Nil when it does not parse (`validate` reports that).
    public var memoryBytes: Double? {
        var digits = Substring(memory)
        var unit = 1024.0 * 1024
        if let last = digits.last, let power = "kmgt".firstIndex(of: Character(last.lowercased())) {
            unit = pow1024("kmgt".distance(from: "kmgt".startIndex, to: power) + 1)
            digits = digits.dropLast()
        }
        guard let value = Double(digits), value > 0 else { return nil }
        return value * unit
    }

    private func pow1024(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { value, _ in value * 1024 }
    }
}
