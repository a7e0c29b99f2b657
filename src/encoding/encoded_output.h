// Writing an encoded matrix and its feature (column) names.
//
// The format follows the output's extension:
//   .csv  dense CSV (RFC 4180): a header of feature names, then one row per
//         input row; integral values are written without a decimal point.
//   .npy  dense float32 C-order array (numpy.load), feature names one per line
//         in the sibling NAME.features.txt (NAME = the path without ".npy").
//   .mtx  sparse Matrix Market coordinate file (scipy.io.mmread), feature
//         names in the sibling NAME.features.txt.
//   .npz  sparse CSR as scipy.sparse.save_npz writes it (scipy.sparse.load_npz),
//         feature names in the sibling NAME.features.txt.
//   "-"   standard output, as CSV (the one format without a companion file).
// Every file is written atomically (temporary file, then rename).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/sparse.h"

namespace embkit {

enum class EncodedFormat { Csv, Npy, Mtx, Npz };
// From the extension ("-" → Csv); UsageError naming the path for anything else.
EncodedFormat encoded_format_for(const std::string& path);
// "out/x.npy" → "out/x.features.txt".
std::string features_path(const std::string& output);

// Dense CSV with a header row to `out` (stdout when no --output is given).
void write_encoded_csv(const SparseMatrix& matrix, const std::vector<std::string>& names,
                       std::ostream& out);
// Writes `matrix` (and for .npy/.mtx/.npz the features file) to `path`.
// `max_memory` (bytes, 0 = no cap beyond available memory) bounds the dense copy that .npy needs.
void write_encoded(const SparseMatrix& matrix, const std::vector<std::string>& names,
                   const std::string& path, std::uint64_t max_memory = 0);

// One CSV field, quoted (with doubled quotes) when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);

}  // namespace embkit
