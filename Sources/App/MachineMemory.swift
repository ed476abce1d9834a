import Foundation

/// The memory a `gradbook run` on this machine may use: min(physical RAM, the cgroup limit of
/// this process), as the kernel will enforce it. A container or a Slurm step usually limits
/// memory by cgroup, so RAM alone would overstate it.
public enum MachineMemory {
    /// Bytes, or nil when neither can be read (then the preflight checks no memory).
    /// `GRADBOOK_MEMORY_LIMIT` (bytes) overrides both, for tests and for users who share a machine.
    public static func available(environment: [String: String] = ProcessInfo.processInfo.environment) -> Double? {
        if let text = environment["GRADBOOK_MEMORY_LIMIT"], let bytes = Double(text), bytes > 0 { return bytes }
        let limits = [physical(), cgroupLimit()].compactMap { $0 }
        return limits.min()
    }

    /// `MemTotal` of /proc/meminfo.
    static func physical() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else {
            let bytes = Double(ProcessInfo.processInfo.physicalMemory)
            return bytes > 0 ? bytes : nil
        }
        for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kilobytes = Double(fields[1]) { return kilobytes * 1024 }
        }
        return nil
    }

    /// The tightest `memory.max` from this process's cgroup (v2) up to the root, or the v1
    /// `memory.limit_in_bytes`; nil when unlimited or unreadable.
    static func cgroupLimit() -> Double? {
        var limits: [Double] = []
        if let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("0::") {
                var path = String(line.dropFirst(3))
                while true {
                    if let value = number(at: "/sys/fs/cgroup\(path == "/" ? "" : path)/memory.max") { limits.append(value) }
                    guard path != "/" && !path.isEmpty else { break }
                    path = (path as NSString).deletingLastPathComponent
                }
            }
        }
        // cgroup v1 reports "no limit" as a huge number (close to Int64.max), which min() ignores.
        if let value = number(at: "/sys/fs/cgroup/memory/memory.limit_in_bytes"), value < 1e18 { limits.append(value) }
        return limits.min()
    }

    private static func number(at path: String) -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `1.5 GB`, `300 MB`: sizes in messages.
    public static func describe(_ bytes: Double) -> String {
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")]
        for (size, name) in units where bytes >= size {
            let value = bytes / size
            return value >= 100 ? "\(Int(value.rounded())) \(name)" : String(format: "%.1f %@", value, name)
        }
        return "\(Int(bytes)) bytes"
    }
}
