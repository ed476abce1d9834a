/// The warning signal of a Slurm task: `#SBATCH --signal=B:USR1@<warningSeconds>` asks Slurm to
/// send SIGUSR1 to the batch shell that long before the time limit (and on preemption with a grace
/// time), so in-flight runs checkpoint and the task requeues itself before it is killed.
extension SlurmResources {
    /// Three minutes for real limits, a quarter of a short one (at least 30 s). Slurm checks its
    /// timers about once a minute, so the signal comes between the margin and a minute more
    /// before the limit; what must fit in the margin is every worker finishing its current batch
    /// and writing a checkpoint (seconds), the parent waiting for them, and `scontrol requeue`.
    public var warningSeconds: Int {
        guard let limit = timeLimitSeconds else { return 180 }
        return min(180, max(30, limit / 4))
    }

    /// `time` in seconds; nil for `infinite` / `unlimited` (or a form this does not read).
    public var timeLimitSeconds: Int? {
        let text = time.lowercased()
        if text == "infinite" || text == "unlimited" { return nil }
        var days = 0
        var clock = Substring(text)
        if let dash = text.firstIndex(of: "-") {
            guard let value = Int(text[..<dash]) else { return nil }
            days = value
            clock = text[text.index(after: dash)...]
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.contains(where: { $0 == nil }) else { return nil }
        let numbers = parts.map { $0! }
        let seconds: Int
        if text.contains("-") {
            // D-H, D-H:M, D-H:M:S
            let padded = numbers + [Int](repeating: 0, count: max(0, 3 - numbers.count))
            seconds = padded[0] * 3600 + padded[1] * 60 + padded[2]
        } else {
            switch numbers.count {
            case 1: seconds = numbers[0] * 60
            case 2: seconds = numbers[0] * 60 + numbers[1]
            case 3: seconds = numbers[0] * 3600 + numbers[1] * 60 + numbers[2]
            default: return nil
            }
        }
        return days * 86400 + seconds
    }
}
