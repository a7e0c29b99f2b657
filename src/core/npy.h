// NumPy .npy (format 1.0–3.0) for 2-D float32/float64 arrays, little-endian.
// Reading accepts '<f4' and '<f8' (converted to float32), C or Fortran order;
// anything else (ints, rank ≠ 2, big-endian, truncated data) is an InputError.
#pragma once

#include <string>

#include "core/embeddings.h"
#include "core/input_file.h"

namespace embkit {

Matrix read_npy(const std::string& path);
// The same from `file`, already opened from `path` (stdin, a FIFO).
Matrix read_npy(const std::string& path, FilePtr file);
// Atomic write (temporary file + rename) of a '<f4' C-order array.
void write_npy(const Matrix& matrix, const std::string& path);

}  // namespace embkit
