import Core

extension RunRecord {
    /// Epochs the run trained: the length of its curves, also once they were dropped.
    public var epochCount: Int { droppedEpochCount ?? epochs.count }

    /// False once `light` dropped the curves.
    public var hasCurves: Bool { droppedEpochCount == nil }

    /// This record without its per-epoch curves (and layer statistics) and its resolved
    /// configuration: what a sweep of 100,000 runs can hold in memory (a few hundred bytes a run
    /// instead of several kilobytes). Status, final metrics, parameters, seconds and the epoch
    /// count stay. Only ever a reading of the record: the file on disk keeps everything.
    public var light: RunRecord {
        guard hasCurves else { return self }
        var copy = self
        copy.droppedEpochCount = epochs.count
        copy.outcome.epochs = []
        copy.config = .null
        return copy
    }
}
