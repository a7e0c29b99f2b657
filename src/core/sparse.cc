#include "core/sparse.h"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/memory.h"
#include "core/text.h"

namespace embkit {

SparseMatrix read_matrix_market(const std::string& path, const MatrixSizeCheck& check_size) {
  LineReader reader(path);
  std::string line;
  if (!reader.next(line)) throw_input_error(path, 0, "empty file");
  std::vector<std::string_view> f;
  split_whitespace(line, f);
  if (f.size() != 5 || to_lower_ascii(f[0]) != "%%matrixmarket" || to_lower_ascii(f[1]) != "matrix")
    throw_input_error(path, 1, "not a Matrix Market file (expected '%%MatrixMarket matrix coordinate real general')");
  const std::string layout = to_lower_ascii(f[2]), field = to_lower_ascii(f[3]), symmetry = to_lower_ascii(f[4]);
  if (layout != "coordinate")
    throw_input_error(path, 1, "only the sparse 'coordinate' layout is supported, not " + quote_input(layout));
  if (field != "real" && field != "integer" && field != "pattern" && field != "double")
    throw_input_error(path, 1, "unsupported field type " + quote_input(field) + " (expected real, integer or pattern)");
  if (symmetry != "general" && symmetry != "symmetric")
    throw_input_error(path, 1, "unsupported symmetry " + quote_input(symmetry) + " (expected general or symmetric)");
  const bool pattern = field == "pattern";
  const bool symmetric = symmetry == "symmetric";

  // Skip comments to the size line.
  do {
    if (!reader.next(line)) throw_input_error(path, reader.line_number(), "missing the 'rows cols entries' size line");
  } while (line.empty() || line[0] == '%');
  split_whitespace(line, f);
  if (f.size() != 3) throw_input_error(path, reader.line_number(), "expected 'rows cols entries'");
  const std::int64_t rows = parse_int(f[0], path, reader.line_number(), "a row count");
  const std::int64_t cols = parse_int(f[1], path, reader.line_number(), "a column count");
  const std::int64_t nnz = parse_int(f[2], path, reader.line_number(), "an entry count");
  if (rows < 0 || cols < 0 || nnz < 0) throw_input_error(path, reader.line_number(), "negative size");
  if (rows > INT32_MAX || cols > INT32_MAX || nnz > INT32_MAX)
    throw_input_error(path, reader.line_number(), "matrix too large (more than 2^31 rows, columns or entries)");
  // Each off-diagonal entry of a symmetric file stands for its mirror (j, i)
  // too, which exists only in a square matrix (tests/fuzz found a 2 × 3 one).
  if (symmetric && rows != cols)
    throw_input_error(path, reader.line_number(), "a symmetric matrix must be square, but the size line says " +
                                                      std::to_string(rows) + " × " + std::to_string(cols));

  if (check_size) check_size(rows, cols, nnz);
  std::vector<Triplet> triplets;
  // Reserve no more than the file can hold (an entry line takes at least 4 bytes):
  // a declared count of 2^31 must not allocate 64 GB up front (tests/fuzz).
  const std::int64_t file_bytes = file_size(path);
  const std::int64_t plausible = file_bytes >= 0 ? std::min<std::int64_t>(nnz, file_bytes / 4 + 1) : nnz;
  triplets.reserve(static_cast<std::size_t>(symmetric ? 2 * plausible : plausible));
  // CSR needs rows + 1 row pointers even for an empty matrix, and
  // setFromTriplets a transposed copy with cols + 1 pointers and a cols-long
  // position array: refuse clearly if the declared shape cannot fit, rather
  // than dying in the allocator.
  require_memory(static_cast<std::uint64_t>(rows + 1 + 2 * (cols + 1)) * sizeof(int) +
                     static_cast<std::uint64_t>(symmetric ? 2 * plausible : plausible) * (sizeof(Triplet) + 12),
                 "reading " + path);
  std::int64_t seen = 0;
  while (reader.next(line)) {
    if (line.empty() || line[0] == '%') continue;
    split_whitespace(line, f);
    if (f.empty()) continue;
    if (seen == nnz)
      throw_input_error(path, reader.line_number(), "more entries than the " + std::to_string(nnz) + " declared");
    const std::size_t want = pattern ? 2 : 3;
    if (f.size() != want)
      throw_input_error(path, reader.line_number(), "expected " + std::to_string(want) + " fields, found " + std::to_string(f.size()));
    const std::int64_t i = parse_int(f[0], path, reader.line_number(), "a row index");
    const std::int64_t j = parse_int(f[1], path, reader.line_number(), "a column index");
    if (i < 1 || i > rows) throw_input_error(path, reader.line_number(), "row index " + std::to_string(i) + " outside 1.." + std::to_string(rows));
    if (j < 1 || j > cols) throw_input_error(path, reader.line_number(), "column index " + std::to_string(j) + " outside 1.." + std::to_string(cols));
    const double v = pattern ? 1.0 : parse_double(f[2], path, reader.line_number(), "a value");
    triplets.emplace_back(static_cast<int>(i - 1), static_cast<int>(j - 1), v);
    if (symmetric && i != j) triplets.emplace_back(static_cast<int>(j - 1), static_cast<int>(i - 1), v);
    ++seen;
  }
  if (seen < nnz)
    throw_input_error(path, 0, "truncated: " + std::to_string(nnz) + " entries declared, " + std::to_string(seen) + " found");
  SparseMatrix m(static_cast<int>(rows), static_cast<int>(cols));
  m.setFromTriplets(triplets.begin(), triplets.end());
  m.makeCompressed();
  return m;
}

void write_matrix_market(const SparseMatrix& matrix, const std::string& path, const std::string& comment) {
  AtomicFile file(path);
  auto& out = file.stream();
  out << "%%MatrixMarket matrix coordinate real general\n";
  if (!comment.empty()) {
    std::vector<std::string_view> lines;
    split_char(comment, '\n', lines);
    for (auto l : lines) out << "% " << l << '\n';
  }
  out << matrix.rows() << ' ' << matrix.cols() << ' ' << matrix.nonZeros() << '\n';
  std::string buf;
  buf.reserve(1 << 16);
  char num[128];  // "row col value\n" needs at most ~50 bytes
  // Each number may end at most at `last`, which keeps one byte free for the
  // separator after it (and lets the compiler see that the writes fit).
  char* const last = num + sizeof num - 1;
  for (int r = 0; r < matrix.outerSize(); ++r) {
    for (SparseMatrix::InnerIterator it(matrix, r); it; ++it) {
      auto p = std::to_chars(num, last, r + 1).ptr;
      *p++ = ' ';
      p = std::to_chars(p, last, it.col() + 1).ptr;
      *p++ = ' ';
      p = std::to_chars(p, last, it.value()).ptr;
      *p++ = '\n';
      buf.append(num, p);
    }
    if (buf.size() > (1 << 15)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  file.commit();
}

}  // namespace embkit
