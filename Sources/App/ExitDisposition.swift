/// How a command ends, as its exit status. One policy for every command (README "Exit status").
public enum ExitDisposition: Int32, Sendable, Comparable {
    /// Everything asked for was done (runs ended ok, early stopped or diverged).
    case success = 0
    /// A run failed or timed out, or a report, index or submission could not be written.
    case failure = 1
    /// Invalid input: a notebook, a data file or an option value. Nothing was trained or written.
    case invalidInput = 2
    /// A stop signal (Ctrl-C, SIGTERM) ended the sweep early; finished runs are kept.
    case interrupted = 130

    /// The more serious of two: interrupted > invalid input > failure > success.
    public static func < (left: ExitDisposition, right: ExitDisposition) -> Bool { left.rawValue < right.rawValue }
}
