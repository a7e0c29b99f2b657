// Fuzz target: read_matrix_market(). Accepted matrices must survive
// write_matrix_market → read_matrix_market unchanged.
#include <cstdio>
#include <string>

#include "core/sparse.h"
#include "fuzz_util.h"

using namespace embkit;

namespace {

// True when the size line (first line after the banner that is not a comment)
// declares more than 2^24 rows or columns.
bool declares_huge_shape(std::string_view text) {
  std::size_t pos = 0;
  bool banner = true;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(pos, end - pos));
    pos = end + 1;
    if (banner) { banner = false; continue; }
    if (line.empty() || line[0] == '%') continue;
    long long rows = 0, cols = 0;
    if (std::sscanf(line.c_str(), "%lld %lld", &rows, &cols) != 2) return false;
    return rows > (1 << 24) || cols > (1 << 24);
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A declared shape of millions of rows is valid and costs rows × 4 bytes of
  // row pointers (the reader checks it against available memory); skip such
  // inputs so libFuzzer's 1 GB malloc limit does not report them.
  if (declares_huge_shape(fuzz::as_view(data, size))) return 0;
  static const fuzz::FuzzFile input("-matrix.mtx"), copy("-matrix-copy.mtx");
  input.write(fuzz::as_view(data, size));
  fuzz::expect_only_input_errors([&] {
    const SparseMatrix m = read_matrix_market(input.path());
    fuzz::require(m.rows() >= 0 && m.cols() >= 0, "non-negative shape");
    write_matrix_market(m, copy.path());
    const SparseMatrix back = read_matrix_market(copy.path());
    fuzz::require(back.rows() == m.rows() && back.cols() == m.cols(), "shape survives a round trip");
    fuzz::require(back.nonZeros() <= m.nonZeros(), "no entries appear from nowhere");
    for (int r = 0; r < m.outerSize(); ++r)
      for (SparseMatrix::InnerIterator it(m, r); it; ++it)
        fuzz::require(back.coeff(it.row(), it.col()) == it.value() || it.value() != it.value(),
                      "values survive a round trip");
  });
  return 0;
}
