// Sparse matrices: Eigen CSR (row-major) with double values and Matrix Market I/O.
//
// Matrix Market "coordinate" files: the writer emits `real general` with 1-based
// indices, which scipy.io.mmread reads. The reader also accepts `integer` and
// `pattern` fields and `symmetric` storage (expanded), validates the banner, the
// size line, every index range and the entry count, and names file and line.
//
// SciPy's sparse .npz (scipy.sparse.save_npz / load_npz): an uncompressed zip
// (core/zip.h) of five .npy arrays, as save_npz(..., compressed=False) writes
// them: indices.npy ('<i4' column of each value), indptr.npy ('<i4', rows + 1
// offsets), format.npy (the 0-d bytes scalar b'csr', dtype '|S3'), shape.npy
// ('<i8' [rows, cols]) and data.npy ('<f8' values, row by row). The reader takes
// what save_npz writes for a CSR matrix, compressed=False: int32 or int64
// indices, float64, float32 or integer values, format as bytes or unicode; it
// checks every offset and index and sums duplicate entries as scipy does.
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

SparseMatrix read_npz(const std::string& path);
void write_npz(const SparseMatrix& matrix, const std::string& path);

// By the output's extension: ".npz" → write_npz (no comment), anything else
// → write_matrix_market.
void write_sparse(const SparseMatrix& matrix, const std::string& path, const std::string& comment = "");
// By the content: a zip archive (signature "PK\3\4") → read_npz, otherwise
// read_matrix_market (also for standard input and FIFOs). `check_size` as in
// read_matrix_market (for a .npz: after reading, which allocates no more
// than the file's size).
SparseMatrix read_sparse(const std::string& path, const MatrixSizeCheck& check_size = {});
// True if `path` ends in ".npz".
bool is_npz_path(const std::string& path);

}  // namespace embkit
