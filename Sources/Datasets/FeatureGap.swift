/// The missing cells of one feature, left for `MissingValueImputer` to fill once the split is
/// known: a numeric feature is one input column holding NaN in those rows, a categorical one is
/// its block of one-hot columns, all zero in those rows.
struct FeatureGap: Sendable, Equatable {
    var name: String
    /// Input columns of the feature (one, or its one-hot block).
    var columns: Range<Int>
    /// Rows of the assembled data set (after any dropping), in increasing order.
    var rows: [Int]
    var isCategorical: Bool
    /// The block's category names (for the summary's "most frequent 'x'"); empty when numeric.
    var categories: [String] = []
}
