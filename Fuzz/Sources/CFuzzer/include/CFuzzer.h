#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (compiler-rt's FuzzerInterface.h): runs the fuzzer with `argv`'s flags and
// corpus folders, calling `callback` with each input. SwiftPM links an executable with its entry
// point renamed (`--defsym main=HandoffFuzz_main`), so libFuzzer's own `main` is not the one that
// runs: the fuzz executable's calls this instead.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
