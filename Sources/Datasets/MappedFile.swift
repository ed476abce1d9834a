#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file. Large CSV files are parsed straight from the mapping, and
/// pages already parsed are handed back to the kernel (`release(before:)`), so resident memory stays
/// proportional to the numbers kept rather than to the file's text.
final class MappedFile {
    let path: String
    let count: Int
    private let address: UnsafeMutableRawPointer?
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(path: String) throws {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw DatasetError(file: path, message: "cannot open data file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw DatasetError(file: path, message: "cannot read data file: \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw DatasetError(file: path, message: "not a regular file")
        }
        count = Int(status.st_size)
        guard count > 0 else {
            address = nil
            return
        }
        let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw DatasetError(file: path, message: "cannot map data file: \(String(cString: strerror(errno)))")
        }
        address = mapped
    }

    deinit {
        if let address { munmap(address, count) }
    }

    /// The file's bytes; valid only while `self` is alive (callers keep it in scope).
    var bytes: UnsafeBufferPointer<UInt8> {
        guard let address else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Drops the resident pages before `offset`; reading them again simply faults them back in.
    func release(before offset: Int) {
        guard let address else { return }
        let length = (min(offset, count) / Self.pageSize) * Self.pageSize
        if length > 0 { _ = madvise(address, length, Int32(MADV_DONTNEED)) }
    }
}
