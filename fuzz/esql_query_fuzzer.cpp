// libFuzzer driver (clang -fsanitize=fuzzer): see fuzz/fuzz_targets.h.
#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  trailhound::fuzz::esql_query(data, size);
  return 0;
}
