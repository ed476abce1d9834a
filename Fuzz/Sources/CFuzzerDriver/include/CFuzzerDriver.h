#include <stddef.h>
#include <stdint.h>

// libFuzzer's own driver (compiler-rt, linked by -sanitize=fuzzer). The harnesses call it from
// their `main`: SwiftPM renames an executable's entry point, which leaves libFuzzer's `main` out.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
