import Core

/// Gives the variants one factory builds one box for each distinct part they mostly have in
/// common (the data set, the source marks), so a sweep of 100,000 variants holds those once
/// rather than once a variant. Values are unchanged: only where they are stored.
struct SharedParts {
    private var datasets: [RunConfig.Dataset: SharedValue<RunConfig.Dataset>] = [:]
    private var markBoxes: [VariantMarks: SharedValue<VariantMarks>] = [:]

    /// `config` with its data set in the box of an equal one seen before.
    mutating func share(_ config: inout RunConfig) {
        if let box = datasets[config.dataset] {
            config.$dataset = box
        } else {
            datasets[config.dataset] = config.$dataset
        }
    }

    /// The box of marks equal to `marks`.
    mutating func marks(_ marks: VariantMarks) -> SharedValue<VariantMarks> {
        if let box = markBoxes[marks] { return box }
        let box = SharedValue(wrappedValue: marks)
        markBoxes[marks] = box
        return box
    }
}
