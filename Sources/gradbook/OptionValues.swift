import ArgumentParser
import Core
import Runner

/// Option values more than one command takes or may take, parsed in one place with the library's
/// grammars. A value that does not parse is a usage error: exit 2 with the reason and the usage.
enum OptionValues {
    /// `--shard I/N`.
    static func shard(_ text: String) throws -> Shard {
        guard let shard = Shard(parsing: text) else { throw ValidationError("expected I/N with 1 <= I <= N, e.g. 2/3") }
        return shard
    }

    /// `--timeout 90s` (Core's `DurationGrammar`, as `training.timeout` in a notebook).
    /// A duration, or 0 (`--report-every 0`: off).
    static func durationOrZero(_ text: String) throws -> Double {
        if let zero = Double(text.trimmingCharacters(in: .whitespaces)), zero == 0 { return 0 }
        return try duration(text)
    }

    static func duration(_ text: String) throws -> Double {
        guard let seconds = DurationGrammar.seconds(text) else { throw ValidationError("expected \(DurationGrammar.expected)") }
        return seconds
    }

    /// `--until 07:00`: seconds until that time of day next comes.
    static func untilTime(_ text: String) throws -> Double {
        guard let seconds = ClockTimeGrammar.seconds(until: text) else { throw ValidationError("expected \(ClockTimeGrammar.expected)") }
        return seconds
    }

    /// `--time` of `gradbook slurm`: a Slurm time (`90` minutes, `1:30:00`, `2-00:00:00`) as is, or
    /// a duration with units (`90m`, `1h30m`) written as Slurm's `[D-]HH:MM:SS`, rounded up.
    static func slurmTime(_ text: String) throws -> String {
        if SlurmResources.isSlurmTime(text) { return text }
        guard let seconds = DurationGrammar.seconds(text), seconds < 1e9 else {
            throw ValidationError("expected a Slurm time (minutes, MM:SS, HH:MM:SS, D-HH:MM:SS, e.g. 90, 1:30:00, "
                                  + "2-00:00:00) or a duration such as 90m or 1h30m")
        }
        let total = Int(seconds.rounded(.up))
        let (days, hours, minutes, rest) = (total / 86400, total / 3600 % 24, total / 60 % 60, total % 60)
        let clock = "\(two(hours)):\(two(minutes)):\(two(rest))"
        return days > 0 ? "\(days)-\(clock)" : clock
    }

    /// A whole number of at least 1 (`--jobs`, `--shards`, `--tasks`, `--repeats`).
    static func positive(_ text: String) throws -> Int {
        guard let value = Int(text), value >= 1 else { throw ValidationError("expected a whole number >= 1") }
        return value
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
