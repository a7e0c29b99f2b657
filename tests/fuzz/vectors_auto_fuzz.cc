// Fuzz target: read_vectors() with --input-format auto (Auto: the format detected from the bytes).
// Accepted files must satisfy the Embeddings contract and survive a binary
// round trip unchanged; rejected ones must raise InputError only.
#include <algorithm>
#include <cmath>

#include "core/vectors_io.h"
#include "fuzz_util.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::FuzzFile input("-vectors-auto.vec"), copy("-vectors-auto-copy.bin");
  input.write(fuzz::as_view(data, size));
  fuzz::expect_only_input_errors([&] {
    ReadVectorsOptions options;
    options.format = VectorFormat::Auto;
    const Embeddings emb = read_vectors(input.path(), options);
    fuzz::require(static_cast<std::int64_t>(emb.labels.size()) == emb.rows(), "one label per row");
    // Element loops over data(), not Eigen's allFinite()/operator==: on a 0 × 40M
    // matrix those walk 40M empty columns and time out under coverage.
    const float* values = emb.vectors.data();
    const std::size_t count = static_cast<std::size_t>(emb.vectors.size());
    fuzz::require(std::all_of(values, values + count, [](float v) { return std::isfinite(v); }),
                  "no NaN/Inf accepted");
    emb.validate(input.path());
    write_vectors(emb, copy.path(), VectorFormat::Binary);
    ReadVectorsOptions binary;
    binary.format = VectorFormat::Binary;
    const Embeddings back = read_vectors(copy.path(), binary);
    fuzz::require(back.labels == emb.labels, "labels survive a binary round trip");
    fuzz::require(back.vectors.rows() == emb.vectors.rows() && back.vectors.cols() == emb.vectors.cols() &&
                      std::equal(values, values + count, back.vectors.data()),
                  "values survive a binary round trip");
  });
  return 0;
}
