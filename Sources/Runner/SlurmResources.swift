import Foundation

/// What each array task of a sweep asks Slurm for. Values are checked here, before any file is
/// written, so a typo fails on the login node instead of after hours in the queue.
public struct SlurmResources: Sendable, Hashable {
    /// Array tasks: task k runs shard k/tasks of the plan.
    public var tasks: Int
    /// `--cpus-per-task`, also the `--jobs` of each task's `gradbook run`.
    public var cpusPerTask: Int
    /// `--time` in a Slurm format (`30`, `1:30:00`, `2-00:00:00`, ...).
    public var time: String
    /// `--mem` per task (`2G`, `500M`, `4096`).
    public var memory: String
    public var partition: String?
    public var account: String?

    public static let defaultTasks = 4
    public static let defaultCPUsPerTask = 2
    public static let defaultTime = "01:00:00"
    public static let defaultMemory = "2G"

    public init(tasks: Int = SlurmResources.defaultTasks, cpusPerTask: Int = SlurmResources.defaultCPUsPerTask,
                time: String = SlurmResources.defaultTime, memory: String = SlurmResources.defaultMemory,
                partition: String? = nil, account: String? = nil) {
        self.tasks = tasks
        self.cpusPerTask = cpusPerTask
        self.time = time
        self.memory = memory
        self.partition = partition
        self.account = account
    }

    /// Throws the first value Slurm would reject, naming the option.
    public func validate() throws {
        guard tasks >= 1 else {
            throw SlurmError.invalidOption(name: "--tasks", value: "\(tasks)", expected: "a whole number >= 1")
        }
        guard cpusPerTask >= 1 else {
            throw SlurmError.invalidOption(name: "--cpus-per-task", value: "\(cpusPerTask)", expected: "a whole number >= 1")
        }
        guard Self.isSlurmTime(time) else {
            throw SlurmError.invalidOption(name: "--time", value: time, expected:
                "minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 90, 1:30:00, 2-00:00:00)")
        }
        guard Self.isSlurmMemory(memory) else {
            throw SlurmError.invalidOption(name: "--mem", value: memory, expected:
                "a size in megabytes or with a K, M, G or T suffix (e.g. 4096, 500M, 2G)")
        }
        for (name, value) in [("--partition", partition), ("--account", account)] {
            if let value, !Self.isSlurmName(value) {
                throw SlurmError.invalidOption(name: name, value: value, expected:
                    "a Slurm name: letters, digits, '_', '-', '.', and ',' between several names")
            }
        }
    }

    /// Slurm's time formats: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`, or `infinite` /
    /// `unlimited` (`0` is Slurm's "no limit" too).
    public static func isSlurmTime(_ text: String) -> Bool {
        if ["infinite", "unlimited"].contains(text.lowercased()) { return true }
        let dayParts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard dayParts.count <= 2 else { return false }
        if dayParts.count == 2 && !isDigits(dayParts[0]) { return false }
        let fields = dayParts[dayParts.count - 1].split(separator: ":", omittingEmptySubsequences: false)
        return (1...3).contains(fields.count) && fields.allSatisfy(isDigits)
    }

    /// `--mem`: a positive whole number with an optional K/M/G/T suffix (megabytes without one).
    public static func isSlurmMemory(_ text: String) -> Bool {
        var digits = Substring(text)
        if let last = digits.last, "KMGTkmgt".contains(last) { digits = digits.dropLast() }
        guard isDigits(digits), let value = Int(digits) else { return false }
        return value > 0
    }

    /// A partition or account: Slurm names, comma-separated when several partitions are allowed.
    public static func isSlurmName(_ text: String) -> Bool {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,")
        return !text.isEmpty && !text.hasPrefix(",") && !text.hasSuffix(",") && !text.contains(",,")
            && text.unicodeScalars.allSatisfy(allowed.contains)
    }

    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
