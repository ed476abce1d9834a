import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The run records of one notebook's output folder: `<directory>/runs/<experiment>/<variant>.json`.
/// Writes are atomic (temp file, fsync, rename), so a reader never sees half a record: temporary
/// files start with a dot and end in `.tmp`, which the loader never matches.
public struct RunRecordStore: Sendable {
    /// The notebook's output folder (`reports/<stem>`), which holds `runs/`.
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public var runsDirectory: String { "\(directory)/runs" }

    public func experimentDirectory(_ experiment: String) -> String { "\(runsDirectory)/\(experiment)" }

    public func recordPath(experiment: String, variant: String) -> String {
        "\(directory)/runs/\(experiment)/\(variant).json"
    }

    public func weightsPath(experiment: String, variant: String) -> String {
        "\(directory)/runs/\(experiment)/\(variant).safetensors"
    }

    /// Every readable record under runs/ (unreadable files are reported on standard error, not fatal).
    public func loadAll() throws -> [RunRecord] {
        let scan = try loadAllReportingProblems()
        for problem in scan.problems {
            FileHandle.standardError.write(Data("warning: \(problem)\n".utf8))
        }
        return scan.records
    }

    /// Every readable record, plus one message per file that could not be read or decoded.
    /// Records are ordered by experiment then variant id, so callers see a stable order.
    public func loadAllReportingProblems() throws -> (records: [RunRecord], problems: [String]) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: runsDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return ([], [])
        }
        var records: [RunRecord] = []
        var problems: [String] = []
        let experiments = try manager.contentsOfDirectory(atPath: runsDirectory).sorted()
        for experiment in experiments where !experiment.hasPrefix(".") {
            let folder = experimentDirectory(experiment)
            var folderIsDirectory: ObjCBool = false
            guard manager.fileExists(atPath: folder, isDirectory: &folderIsDirectory), folderIsDirectory.boolValue else {
                continue
            }
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: folder).sorted()
            } catch {
                problems.append("\(folder): cannot list run records: \(error.localizedDescription)")
                continue
            }
            for name in names where Self.isRecordFileName(name) {
                let path = "\(folder)/\(name)"
                do {
                    records.append(try Self.decode(path: path))
                } catch {
                    problems.append("\(path): unreadable run record, skipped: \(Self.describe(error))")
                }
            }
        }
        return (records, problems)
    }

    /// The record of one variant, or nil when it is missing or unreadable.
    public func load(experiment: String, variant: String) -> RunRecord? {
        try? Self.decode(path: recordPath(experiment: experiment, variant: variant))
    }

    /// Writes the record atomically to `runs/<experiment>/<variant>.json`.
    public func save(_ record: RunRecord) throws {
        let data = try Self.encoder.encode(record)
        try FileManager.default.createDirectory(atPath: experimentDirectory(record.experiment),
                                                withIntermediateDirectories: true)
        try Self.writeAtomically(Array(data) + [0x0A],
                                 to: recordPath(experiment: record.experiment, variant: record.variant))
    }

    /// Removes a record (and nothing else); missing files are not an error.
    public func remove(experiment: String, variant: String) throws {
        let path = recordPath(experiment: experiment, variant: variant)
        if unlink(path) != 0 && errno != ENOENT {
            throw RunRecordStoreError(path: path, operation: "remove", code: errno)
        }
    }

    /// A file name the loader reads: `<id>.json`, never a dot-prefixed temporary file.
    public static func isRecordFileName(_ name: String) -> Bool {
        name.hasSuffix(".json") && !name.hasPrefix(".")
    }

    /// Temporary name for an atomic write of `path`: same folder (so rename is atomic), dot-prefixed
    /// and `.tmp`-suffixed (so no loader ever picks it up), unique per process.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        return "\(folder)/.\(url.lastPathComponent).\(getpid()).tmp"
    }

    /// Writes `bytes` to `path` so that readers see either the old file or the complete new one:
    /// temp file in the same folder, fsync the file, rename over the target, fsync the folder.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RunRecordStoreError(path: temporary, operation: "create", code: errno)
        }
        var failure: RunRecordStoreError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = RunRecordStoreError(path: temporary, operation: "write", code: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil && fsync(descriptor) != 0 {
            failure = RunRecordStoreError(path: temporary, operation: "fsync", code: errno)
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw RunRecordStoreError(path: path, operation: "rename", code: code)
        }
        // The rename is durable only once the folder entry is on disk.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    static func decode(path: String) throws -> RunRecord {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try decoder.decode(RunRecord.self, from: data)
    }

    /// How records are written: sorted keys, and non-finite numbers (a diverged loss) as the
    /// strings "nan", "inf", "-inf" so every record stays valid JSON.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// How records are read (the inverse of `encoder`).
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    static func describe(_ error: Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context): return "invalid JSON: \(context.debugDescription)"
            case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                return "bad value at '\(path)': \(context.debugDescription)"
            @unknown default: return "\(decoding)"
            }
        }
        return error.localizedDescription
    }
}

public struct RunRecordStoreError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var operation: String
    public var code: Int32

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "\(path): cannot \(operation): \(String(cString: strerror(code)))"
    }
}
