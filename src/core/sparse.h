// Sparse matrices: Eigen CSR (row-major) with double values and Matrix Market I/O.
//
// Matrix Market "coordinate" files: the writer emits `real general` with 1-based
// indices, which scipy.io.mmread reads. The reader also accepts `integer` and
// `pattern` fields and `symmetric` storage (expanded), validates the banner, the
// size line, every index range and the entry count, and names file and line.
#pragma once

#include <Eigen/SparseCore>
#include <functional>
#include <string>
#include <vector>

namespace embkit {

using SparseMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor, int>;
using Triplet = Eigen::Triplet<double, int>;

// Called with the size line's rows, columns and entries before anything is
// allocated, e.g. to refuse a matrix too large for what comes next.
using MatrixSizeCheck = std::function<void(std::int64_t rows, std::int64_t cols, std::int64_t entries)>;
SparseMatrix read_matrix_market(const std::string& path, const MatrixSizeCheck& check_size = {});
// `comment` lines (may contain '\n') are written after the banner as "% ...".
void write_matrix_market(const SparseMatrix& matrix, const std::string& path,
                         const std::string& comment = "");

}  // namespace embkit
