import CKernels

/// Which floating-point rules a training run followed, stored in every run record (`numerics`).
///
/// - 1: the first release: IEEE subnormals kept (records without the field).
/// - 2: flush-to-zero and denormals-are-zero in every thread that trains. Runs that never met a
///   subnormal float have the same bits as under 1; runs that did (saturated tanh units, Adam
///   moments of dead units decaying) differ, and on Intel cores run many times faster.
///
/// The state is per thread. `Trainer.train` sets it on entry and restores the caller's state on
/// return, so an application that uses the engine as a library keeps its own settings outside
/// training (PyTorch's `set_flush_denormal` is process-wide and left on; a library call should not
/// change its caller's arithmetic). Gemm pool workers take the training thread's state per product.
public enum Numerics {
    public static let version = 2

    /// Runs `body` with FTZ/DAZ on (or off) in this thread, then restores the previous control word.
    static func with<T>(flushingDenormals flush: Bool, _ body: () -> T) -> T {
        let previous = gb_set_flush_denormals(flush ? 1 : 0)
        defer { gb_restore_float_control(previous) }
        return body()
    }
}
