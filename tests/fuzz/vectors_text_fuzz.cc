// Fuzz target: read_vectors() with --input-format text; see vectors_fuzz_body.h.
#include "vectors_fuzz_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const embkit::fuzz::FuzzFile input("-vectors-text.vec"), copy("-vectors-text-copy.bin");
  embkit::fuzz::fuzz_read_vectors(data, size, embkit::VectorFormat::Text, input, copy);
  return 0;
}
