// Fuzz target: read_vectors() with --input-format auto (the format detected from the bytes); see vectors_fuzz_body.h.
#include "vectors_fuzz_body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const embkit::fuzz::FuzzFile input("-vectors-auto.vec"), copy("-vectors-auto-copy.bin");
  embkit::fuzz::fuzz_read_vectors(data, size, embkit::VectorFormat::Auto, input, copy);
  return 0;
}
