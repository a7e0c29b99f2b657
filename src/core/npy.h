// NumPy .npy (format 1.0–3.0) for 2-D float32/float64 arrays, little-endian.
// Reading accepts '<f4' and '<f8' (converted to float32), C or Fortran order;
// anything else (ints, rank ≠ 2, big-endian, truncated data) is an InputError.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/embeddings.h"
#include "core/input_file.h"

namespace embkit {

Matrix read_npy(const std::string& path);
// The same from `file`, already opened from `path` (stdin, a FIFO).
Matrix read_npy(const std::string& path, FilePtr file);
// Atomic write (temporary file + rename) of a '<f4' C-order array.
void write_npy(const Matrix& matrix, const std::string& path);

// The parts of a .npy header the readers check. `descr` and `shape_text` are
// the dict's values as written, quotes and parentheses included ("'<f4'",
// "(3, 2)"), for error messages; `shape` is empty for a 0-d array.
struct NpyHeader {
  std::string descr;
  bool fortran_order = false;
  std::string shape_text;
  std::vector<std::int64_t> shape;
};
// Reads magic, version, length and header dict at `f`'s position, leaving `f`
// at the first data byte. `path` names the file in errors.
NpyHeader read_npy_header(std::FILE* f, const std::string& path);
// Magic, version 1.0, length and header dict of a C-order array, padded with
// spaces to a multiple of 64 bytes as numpy.save pads it. `descr` is unquoted
// ("<f4", "|S3"); shape {} is a 0-d array.
std::string npy_preamble(const std::string& descr, const std::vector<std::int64_t>& shape);

}  // namespace embkit
