import Core
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The run records of one notebook's output folder: `<directory>/runs/<experiment>/<variant>.json`.
/// Records are written atomically (`AtomicFile`), so a reader never sees half of one.
public struct RunRecordStore: Sendable {
    /// The notebook's output folder (`reports/<stem>`), which holds `runs/`.
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public var runsDirectory: String { "\(directory)/runs" }

    public func experimentDirectory(_ experiment: String) -> String { "\(runsDirectory)/\(experiment)" }

    public func recordPath(experiment: String, variant: String) -> String {
        "\(experimentDirectory(experiment))/\(variant).json"
    }

    public func weightsPath(experiment: String, variant: String) -> String {
        "\(experimentDirectory(experiment))/\(variant).safetensors"
    }

    /// A running variant's mid-run checkpoint (hidden, beside its claim), removed once its record is written.
    public func checkpointPath(experiment: String, variant: String) -> String {
        "\(experimentDirectory(experiment))/.\(variant).checkpoint"
    }

    /// What a scan of runs/ found: every readable record, ordered by experiment then variant id
    /// (a stable order for every caller), and one message per file that could not be read.
    public struct Scan: Sendable {
        public var records: [RunRecord]
        public var problems: [String]
    }

    public func scan() throws -> Scan {
        try scan(keepingCurves: { _, _ in true })
    }

    /// As `scan()`, but records for which `keepingCurves(variant id, records in its experiment)`
    /// is false are read `light` (no curves, no configuration): how a report of 100,000 runs
    /// stays within a few hundred megabytes.
    ///
    /// `keepingConfigurations: false` reads every record without its resolved configuration
    /// (`config` is `.null`, see `RunRecord.decodeWithoutConfig`), for readers that never look at it.
    ///
    /// With a `cache`, files an earlier scan with the same cache read (and unchanged since) are not
    /// read again (`RecordScanCache`).
    public func scan(keepingCurves: (String, Int) -> Bool, keepingConfigurations: Bool = true,
                     cache: RecordScanCache? = nil) throws -> Scan {
        let manager = FileManager.default
        guard isDirectory(runsDirectory) else { return Scan(records: [], problems: []) }
        var scan = Scan(records: [], problems: [])
        for experiment in try manager.contentsOfDirectory(atPath: runsDirectory).sorted() where !experiment.hasPrefix(".") {
            let folder = experimentDirectory(experiment)
            guard isDirectory(folder) else { continue }
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: folder).sorted()
            } catch {
                scan.problems.append("\(folder): cannot list run records: \(error.localizedDescription)")
                continue
            }
            let recordNames = names.filter(Self.isRecordFileName)
            let full = recordNames.map { keepingCurves(String($0.dropLast(".json".count)), recordNames.count) }
            let paths = recordNames.map { "\(folder)/\($0)" }
            let decoded = Self.decodeAll(paths, full: full, configurations: keepingConfigurations, cache: cache)
            cache?.keepOnly(Set(paths), in: folder)
            for (name, result) in zip(recordNames, decoded) {
                switch result {
                case .success(let record): scan.records.append(record)
                case .failure(let error):
                    scan.problems.append("\(folder)/\(name): unreadable run record, skipped: \(JSONCoding.describe(error))")
                }
            }
        }
        return scan
    }

    /// The record of one variant, or nil when it is missing or unreadable.
    public func load(experiment: String, variant: String) -> RunRecord? {
        try? Self.decode(path: recordPath(experiment: experiment, variant: variant))
    }

    /// Writes the record atomically to `runs/<experiment>/<variant>.json`.
    public func save(_ record: RunRecord) throws {
        try AtomicFile.write(try Self.encode(record), to: recordPath(experiment: record.experiment, variant: record.variant))
    }

    /// Removes a record (and nothing else); missing files are not an error.
    public func remove(experiment: String, variant: String) throws {
        let path = recordPath(experiment: experiment, variant: variant)
        if unlink(path) != 0 && errno != ENOENT {
            throw FileWriteError(path: path, operation: "remove", code: errno)
        }
    }

    /// A file name the loader reads: `<id>.json`, never a dot-prefixed temporary file nor the
    /// experiment's best-weights pointer.
    public static func isRecordFileName(_ name: String) -> Bool {
        name.hasSuffix(".json") && !name.hasPrefix(".") && name != BestWeightsPointer.fileName
    }

    /// A record's bytes as stored: pretty, sorted keys, a final newline.
    public static func encode(_ record: RunRecord) throws -> [UInt8] {
        // The curves by hand, the rest by JSONEncoder: the same bytes (`RunRecord+CurveWriting`).
        try record.prettyJSON() + [0x0A]
    }

    public static func decode(path: String) throws -> RunRecord {
        try JSONCoding.decoder.decode(RunRecord.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Decodes `paths` on every core (a 100,000-run folder is mostly decoding), results in order.
    /// With a `cache`, only the files it does not hold unchanged are decoded, and those are added.
    static func decodeAll(_ paths: [String], full: [Bool], configurations: Bool = true,
                          cache: RecordScanCache?) -> [Result<RunRecord, Error>] {
        guard let cache else { return decodeAll(paths, full: full, configurations: configurations) }
        let stamps = paths.map(RecordScanCache.Stamp.init(path:))
        var results = [Result<RunRecord, Error>?](repeating: nil, count: paths.count)
        var missing: [Int] = []
        for index in paths.indices {
            if let record = cache.record(path: paths[index], stamp: stamps[index], full: full[index], configurations: configurations) {
                results[index] = .success(record)
            } else {
                missing.append(index)
            }
        }
        let decoded = decodeAll(missing.map { paths[$0] }, full: missing.map { full[$0] }, configurations: configurations)
        for (index, result) in zip(missing, decoded) {
            results[index] = result
            if case .success(let record) = result {
                cache.store(record, path: paths[index], stamp: stamps[index], configurations: configurations)
            }
        }
        return results.map { $0! }
    }

    static func decodeAll(_ paths: [String], full: [Bool], configurations: Bool = true) -> [Result<RunRecord, Error>] {
        let threads = paths.count < 64 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var results = [Result<RunRecord, Error>?](repeating: nil, count: paths.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = SendableSlots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                // Strided, so each thread meets full and light records alike.
                for index in stride(from: thread, to: paths.count, by: threads) {
                    slots.base[index] = Result {
                        guard full[index] else { return try decodeLight(path: paths[index]) }
                        return configurations ? try decode(path: paths[index]) : try decodeWithoutConfig(path: paths[index])
                    }
                }
            }
        }
        return results.map { $0! }
    }

    public static func decodeWithoutConfig(path: String) throws -> RunRecord {
        try RunRecord.decodeWithoutConfig(try fileBytes(path))
    }

    public static func decodeLight(path: String) throws -> RunRecord {
        try RunRecord.decodeLight(try fileBytes(path))
    }

    /// A record file's bytes (`FileBytes`); Foundation's read, with its error, when the plain read fails.
    static func fileBytes(_ path: String) throws -> [UInt8] {
        if let bytes = FileBytes.read(path) { return bytes }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// Each index is written by exactly one thread of `decodeAll`.
private struct SendableSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<Result<RunRecord, Error>?>
}
