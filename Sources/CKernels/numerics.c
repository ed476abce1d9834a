// Flush-to-zero / denormals-are-zero for the calling thread (see CKernels.h). The control word is
// per thread, so every thread that trains sets it itself: the training thread through
// Trainer.train, gemm pool workers from the job they run.
#include "CKernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
// MXCSR: FTZ (bit 15) flushes subnormal results to zero, DAZ (bit 6) reads subnormal inputs as zero.
#define GB_FLUSH_BITS ((1u << 15) | (1u << 6))

unsigned long long gb_float_control(void) { return _mm_getcsr(); }
void gb_restore_float_control(unsigned long long previous) { _mm_setcsr((unsigned)previous); }

#elif defined(__aarch64__)
// FPCR.FZ (bit 24) flushes subnormal inputs and outputs of single and double arithmetic to zero.
#define GB_FLUSH_BITS (1ull << 24)

unsigned long long gb_float_control(void) {
    unsigned long long fpcr;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
    return fpcr;
}
void gb_restore_float_control(unsigned long long previous) { __asm__ __volatile__("msr fpcr, %0" : : "r"(previous)); }

#else
#define GB_FLUSH_BITS 0ull
unsigned long long gb_float_control(void) { return 0; }
void gb_restore_float_control(unsigned long long previous) { (void)previous; }
#endif

unsigned long long gb_set_flush_denormals(int on) {
    const unsigned long long previous = gb_float_control();
    const unsigned long long wanted = on ? (previous | GB_FLUSH_BITS) : (previous & ~(unsigned long long)GB_FLUSH_BITS);
    if (wanted != previous) gb_restore_float_control(wanted);
    return previous;
}

int gb_flush_denormals_enabled(void) {
    return GB_FLUSH_BITS != 0 && (gb_float_control() & GB_FLUSH_BITS) == GB_FLUSH_BITS;
}
