// The body shared by the vector-file fuzz targets (auto, text, binary, glove):
// read_vectors() in one format; accepted files must satisfy the Embeddings
// contract and survive a binary round trip unchanged; rejected ones must raise
// InputError only.
#pragma once

#include <algorithm>
#include <cmath>

#include "core/vectors_io.h"
#include "fuzz_util.h"

namespace embkit::fuzz {

inline void fuzz_read_vectors(const std::uint8_t* data, std::size_t size, VectorFormat format,
                              const FuzzFile& input, const FuzzFile& copy) {
  input.write(as_view(data, size));
  expect_only_input_errors([&] {
    ReadVectorsOptions options;
    options.format = format;
    const Embeddings emb = read_vectors(input.path(), options);
    require(static_cast<std::int64_t>(emb.labels.size()) == emb.rows(), "one label per row");
    // Element loops over data(), not Eigen's allFinite()/operator==: on a 0 × 40M
    // matrix those walk 40M empty columns and time out under coverage.
    const float* values = emb.vectors.data();
    const std::size_t count = static_cast<std::size_t>(emb.vectors.size());
    require(std::all_of(values, values + count, [](float v) { return std::isfinite(v); }), "no NaN/Inf accepted");
    emb.validate(input.path());
    write_vectors(emb, copy.path(), VectorFormat::Binary);
    ReadVectorsOptions binary;
    binary.format = VectorFormat::Binary;
    const Embeddings back = read_vectors(copy.path(), binary);
    require(back.labels == emb.labels, "labels survive a binary round trip");
    require(back.vectors.rows() == emb.vectors.rows() && back.vectors.cols() == emb.vectors.cols() &&
                std::equal(values, values + count, back.vectors.data()),
            "values survive a binary round trip");
  });
}

}  // namespace embkit::fuzz
