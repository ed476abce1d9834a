import CKernels

/// The threads one training session's matrix products run on (`training.threads`): a CKernels
/// pool created once per session and joined when the session ends, so a step allocates nothing
/// and starts no thread. Products split by output tiles, so results are bit-identical to one
/// thread (see `gb_gemm_pooled`).
final class GemmPool {
    let handle: OpaquePointer?

    /// nil for one thread: the products then run on the caller as before.
    init?(threads: Int) {
        guard threads > 1, let pool = gb_gemm_pool_create(Int32(min(threads, 256))) else { return nil }
        handle = pool
    }

    var threads: Int { Int(gb_gemm_pool_threads(handle)) }

    deinit { gb_gemm_pool_destroy(handle) }
}
