#if canImport(Glibc)
import Glibc
#endif

/// Hands memory the process has freed back to the system (glibc's `malloc_trim`).
///
/// glibc keeps freed heap pages for reuse, so a phase that allocates and frees a lot (planning
/// 100,000 variants, or the run's records let go before the final report) leaves the process that
/// much larger: the resident size of a 100,000-run sweep's parent was ~100 MB over what it held
/// when its sweep started. Called between phases, never in a loop (it walks the whole heap).
public enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    /// Looked up at run time: Swift's Glibc module does not declare it (malloc.h), and a C library
    /// without it (musl) has nothing to trim this way.
    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    public static func giveBack() { _ = trim?(0) }
}
