import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way gradbook writes a file that someone may read while it is written, or after a crash:
/// readers see the old content or the complete new one, never half of it. The bytes go to a
/// temporary file in the same folder (so the rename is atomic), are flushed with fsync, are
/// renamed over the target, and the folder is fsynced so the rename itself survives a power cut.
/// Temporary names start with a dot and end in `.tmp`, which no loader of gradbook ever matches.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path`, creating the folder when it is missing. `durable: false` skips
    /// the fsyncs (still atomic for readers, not across a power cut): for files that only matter
    /// while their writer lives, such as run claims.
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = true) throws {
        let folder = Self.folder(of: path)
        let temporary = temporaryPath(for: path)
        let descriptor = try createTemporary(temporary, folder: folder)
        var failure = writeAll(bytes, to: descriptor, path: temporary)
        if failure == nil && durable && fsync(descriptor) != 0 {
            failure = FileWriteError(path: temporary, operation: "fsync", code: errno)
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        if let failure = putInPlace(temporary, at: path) { throw failure }
        if durable { syncFolder(folder) }
    }

    /// Writes every byte to the open `path` (retrying short writes and EINTR); the failure, if any.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) -> FileWriteError? {
        DescriptorWrite.all(bytes, to: descriptor).map {
            FileWriteError(path: path, operation: "write", code: $0)
        }
    }

    /// Renames a complete, flushed temporary over `path`; the failure, if any, with the
    /// temporary removed.
    static func putInPlace(_ temporary: String, at path: String) -> FileWriteError? {
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            return FileWriteError(path: path, operation: "rename", code: code)
        }
        return nil
    }

    /// Creates `path` only if it does not exist yet (O_EXCL), durably; false when it already
    /// existed. What claims and round files need: exactly one writer wins.
    public static func createExclusively(_ bytes: [UInt8], at path: String, durable: Bool = true) throws -> Bool {
        let temporary = temporaryPath(for: path)
        try write(bytes, to: temporary, durable: durable)
        defer { unlink(temporary) }
        // link(2) fails with EEXIST when the target exists: an atomic create-if-absent of a
        // complete file (open(O_EXCL) would expose an empty file until the bytes are written).
        if link(temporary, path) != 0 {
            if errno == EEXIST { return false }
            throw FileWriteError(path: path, operation: "create", code: errno)
        }
        if durable { syncFolder(folder(of: path)) }
        return true
    }

    /// Opens `temporary` for writing, creating `folder` first only when it is missing (a sweep
    /// writes thousands of files into folders that exist: no mkdir per component for each).
    /// `readable` for a temporary that is read back before it is put in place (`StagedFile`).
    static func createTemporary(_ temporary: String, folder: String, readable: Bool = false) throws -> Int32 {
        let flags = (readable ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC | O_CLOEXEC
        var descriptor = open(temporary, flags, 0o644)
        if descriptor < 0 && errno == ENOENT {
            try createFolder(folder)
            descriptor = open(temporary, flags, 0o644)
        }
        guard descriptor >= 0 else { throw FileWriteError(path: temporary, operation: "create", code: errno) }
        return descriptor
    }

    /// The folder holding `path` (`.` for a bare name), split by hand like `temporaryPath`.
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p` that reports the system's reason (a full or read-only disk) when it fails.
    public static func createFolder(_ folder: String) throws {
        var path = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            path += "/\(component)"
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw FileWriteError(path: path, operation: "create the folder", code: errno)
            }
        }
    }

    /// Temporary name for an atomic write of `path`: same folder, dot-prefixed, `.tmp`-suffixed,
    /// unique per process.
    public static func temporaryPath(for path: String) -> String {
        // Split on the last slash by hand: Foundation's URL did the same at ~50 µs a call, which
        // a sweep pays for every record and claim.
        guard let slash = path.lastIndex(of: "/") else { return "./.\(path).\(getpid()).tmp" }
        return "\(path[..<slash])/.\(path[path.index(after: slash)...]).\(getpid()).tmp"
    }

    /// A rename or a new link is durable only once the folder entry is on disk.
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }
}

/// A file operation that failed, with the path and the system's reason (`ENOSPC`, `EROFS`, ...).
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var operation: String
    public var code: Int32

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String { "\(path): cannot \(operation): \(String(cString: strerror(code)))" }
}
