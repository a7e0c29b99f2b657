// SciPy sparse .npz reading and writing (format in core/sparse.h).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/memory.h"
#include "core/npy.h"
#include "core/sparse.h"
#include "core/zip.h"

namespace embkit {
namespace {

template <typename T>
std::string_view bytes_of(const T* data, std::int64_t count) {
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(count) * sizeof(T)};
}

// One 1-D (or 0-d) member of the archive, its raw little-endian bytes and dtype.
struct NpzArray {
  std::string descr;  // unquoted: "<i4", "|S3", ...
  std::vector<std::int64_t> shape;
  std::vector<char> bytes;
};

NpzArray read_member(std::FILE* f, const std::string& path, const ZipMember& m) {
  const std::string where = path + " (" + m.name + ")";
  if (std::fseek(f, static_cast<long>(m.data_offset), SEEK_SET) != 0)
    throw_input_error(path, 0, "cannot seek to member " + m.name);
  const NpyHeader h = read_npy_header(f, where);
  const std::uint64_t header_bytes = static_cast<std::uint64_t>(std::ftell(f)) - m.data_offset;
  if (header_bytes > m.size) throw_input_error(where, 0, "npy header runs past the member's end");
  if (h.fortran_order && h.shape.size() > 1) throw_input_error(where, 0, "Fortran-order arrays are not read");
  NpzArray a;
  a.descr = h.descr.size() >= 2 && h.descr.front() == '\'' ? h.descr.substr(1, h.descr.size() - 2) : h.descr;
  a.shape = h.shape;
  const std::uint64_t n = m.size - header_bytes;
  require_memory(n, "reading " + where);
  a.bytes.resize(static_cast<std::size_t>(n));
  if (n > 0 && std::fread(a.bytes.data(), 1, a.bytes.size(), f) != a.bytes.size())
    throw_input_error(where, 0, "truncated member");
  // The CRC covers header and data: read the header bytes back for it.
  std::vector<char> head(static_cast<std::size_t>(header_bytes));
  if (std::fseek(f, static_cast<long>(m.data_offset), SEEK_SET) != 0 ||
      std::fread(head.data(), 1, head.size(), f) != head.size())
    throw_input_error(where, 0, "truncated member");
  const std::uint32_t crc = crc32_update(crc32_update(0, head.data(), head.size()), a.bytes.data(), a.bytes.size());
  if (crc != m.crc) throw_input_error(where, 0, "CRC-32 mismatch: the archive is corrupt");
  return a;
}

// Element count of a 1-D array with `width`-byte items, checked against its bytes.
std::int64_t length_1d(const NpzArray& a, std::size_t width, const std::string& where) {
  if (a.shape.size() != 1) throw_input_error(where, 0, "expected a 1-D array, got rank " + std::to_string(a.shape.size()));
  if (static_cast<std::uint64_t>(a.shape[0]) * width != a.bytes.size())
    throw_input_error(where, 0, "holds " + std::to_string(a.bytes.size()) + " data bytes, but its shape (" +
                                    std::to_string(a.shape[0]) + ",) needs " +
                                    std::to_string(static_cast<std::uint64_t>(a.shape[0]) * width));
  return a.shape[0];
}

// Integer array (int32 or int64) as int64 values.
std::vector<std::int64_t> integers(const NpzArray& a, const std::string& where) {
  std::size_t width;
  if (a.descr == "<i4" || a.descr == "=i4") width = 4;
  else if (a.descr == "<i8" || a.descr == "=i8") width = 8;
  else throw_input_error(where, 0, "dtype '" + a.descr + "', expected int32 '<i4' or int64 '<i8'");
  const std::int64_t n = length_1d(a, width, where);
  std::vector<std::int64_t> out(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    if (width == 4) {
      std::int32_t v;
      std::memcpy(&v, a.bytes.data() + 4 * i, 4);
      out[static_cast<std::size_t>(i)] = v;
    } else {
      std::memcpy(&out[static_cast<std::size_t>(i)], a.bytes.data() + 8 * i, 8);
    }
  }
  return out;
}

std::vector<double> values(const NpzArray& a, const std::string& where) {
  const std::string& d = a.descr;
  const bool f8 = d == "<f8" || d == "=f8", f4 = d == "<f4" || d == "=f4";
  if (!f8 && !f4 && d != "<i4" && d != "=i4" && d != "<i8" && d != "=i8")
    throw_input_error(where, 0, "dtype '" + d + "', expected float64, float32, int32 or int64");
  if (!f8 && !f4) {
    const std::vector<std::int64_t> ints = integers(a, where);
    return {ints.begin(), ints.end()};
  }
  const std::int64_t n = length_1d(a, f8 ? 8 : 4, where);
  std::vector<double> out(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    double v;
    if (f8) {
      std::memcpy(&v, a.bytes.data() + 8 * i, 8);
    } else {
      float x;
      std::memcpy(&x, a.bytes.data() + 4 * i, 4);
      v = x;
    }
    if (!std::isfinite(v)) throw_input_error(where, 0, "value " + std::to_string(i) + " is not finite");
    out[static_cast<std::size_t>(i)] = v;
  }
  return out;
}

// format.npy: a 0-d bytes ('|Sn') or unicode ('<Un', UTF-32) scalar.
std::string format_name(const NpzArray& a, const std::string& where) {
  if (!a.shape.empty()) throw_input_error(where, 0, "expected a 0-d string scalar");
  std::string s;
  if (a.descr.size() > 2 && a.descr[1] == 'S') {
    s.assign(a.bytes.begin(), a.bytes.end());
  } else if (a.descr.size() > 2 && a.descr[1] == 'U') {
    for (std::size_t i = 0; i + 4 <= a.bytes.size(); i += 4) s += a.bytes[i];
  } else {
    throw_input_error(where, 0, "dtype '" + a.descr + "', expected a string");
  }
  return s.substr(0, s.find('\0'));
}

}  // namespace

bool is_npz_path(const std::string& path) {
  return path.size() >= 4 && path.compare(path.size() - 4, 4, ".npz") == 0;
}

void write_npz(const SparseMatrix& input, const std::string& path) {
  SparseMatrix compressed;
  const SparseMatrix* m = &input;
  if (!input.isCompressed()) {
    compressed = input;
    compressed.makeCompressed();
    m = &compressed;
  }
  const std::int64_t rows = m->rows(), nnz = m->nonZeros();
  const std::int64_t shape[2] = {rows, m->cols()};
  const std::string i_head = npy_preamble("<i4", {nnz}), p_head = npy_preamble("<i4", {rows + 1}),
                    f_head = npy_preamble("|S3", {}), s_head = npy_preamble("<i8", {2}),
                    d_head = npy_preamble("<f8", {nnz});
  AtomicFile file(path);
  ZipWriter zip(file.stream(), path);
  // The member order save_npz writes.
  zip.add("indices.npy", {i_head, bytes_of(m->innerIndexPtr(), nnz)});
  zip.add("indptr.npy", {p_head, bytes_of(m->outerIndexPtr(), rows + 1)});
  zip.add("format.npy", {f_head, "csr"});
  zip.add("shape.npy", {s_head, bytes_of(shape, 2)});
  zip.add("data.npy", {d_head, bytes_of(m->valuePtr(), nnz)});
  zip.finish();
  file.commit();
}

SparseMatrix read_npz(const std::string& path) {
  FilePtr file = open_input(path);
  const std::vector<ZipMember> members = read_zip_directory(file.get(), path);
  auto member = [&](const std::string& name) {
    for (const ZipMember& m : members)
      if (m.name == name) return read_member(file.get(), path, m);
    throw_input_error(path, 0, "no " + name + " in the archive (not a scipy.sparse.save_npz file?)");
  };
  const std::string format = format_name(member("format.npy"), path + " (format.npy)");
  if (format != "csr")
    throw_input_error(path, 0, "sparse format '" + format + "'; only 'csr' is read (save X.tocsr())");
  const std::vector<std::int64_t> shape = integers(member("shape.npy"), path + " (shape.npy)");
  if (shape.size() != 2 || shape[0] < 0 || shape[1] < 0)
    throw_input_error(path + " (shape.npy)", 0, "expected two non-negative dimensions");
  if (shape[0] > INT32_MAX - 1 || shape[1] > INT32_MAX)
    throw_input_error(path, 0, "matrix too large (more than 2^31 rows or columns)");
  const std::vector<std::int64_t> indptr = integers(member("indptr.npy"), path + " (indptr.npy)");
  const std::vector<std::int64_t> indices = integers(member("indices.npy"), path + " (indices.npy)");
  const std::vector<double> data = values(member("data.npy"), path + " (data.npy)");
  const std::int64_t rows = shape[0], cols = shape[1], nnz = static_cast<std::int64_t>(data.size());
  if (static_cast<std::int64_t>(indptr.size()) != rows + 1)
    throw_input_error(path + " (indptr.npy)", 0, "has " + std::to_string(indptr.size()) + " entries, expected rows + 1 = " +
                                                     std::to_string(rows + 1));
  if (static_cast<std::int64_t>(indices.size()) != nnz)
    throw_input_error(path, 0, "indices.npy has " + std::to_string(indices.size()) + " entries but data.npy " +
                                   std::to_string(nnz));
  if (nnz > INT32_MAX) throw_input_error(path, 0, "more than 2^31 entries");
  if (indptr[0] != 0 || indptr[static_cast<std::size_t>(rows)] != nnz)
    throw_input_error(path + " (indptr.npy)", 0, "must start at 0 and end at the entry count " + std::to_string(nnz));
  bool sorted = true;
  for (std::int64_t r = 0; r < rows; ++r) {
    const std::int64_t begin = indptr[static_cast<std::size_t>(r)], end = indptr[static_cast<std::size_t>(r) + 1];
    if (end < begin) throw_input_error(path + " (indptr.npy)", 0, "decreases at row " + std::to_string(r));
    for (std::int64_t p = begin; p < end; ++p) {
      const std::int64_t c = indices[static_cast<std::size_t>(p)];
      if (c < 0 || c >= cols)
        throw_input_error(path + " (indices.npy)", 0, "column index " + std::to_string(c) + " outside 0.." +
                                                         std::to_string(cols - 1) + " in row " + std::to_string(r));
      if (p > begin && c <= indices[static_cast<std::size_t>(p) - 1]) sorted = false;
    }
  }
  SparseMatrix m(static_cast<int>(rows), static_cast<int>(cols));
  if (sorted) {
    // Already canonical CSR: copy the three arrays straight in.
    m.resizeNonZeros(static_cast<Eigen::Index>(nnz));
    for (std::int64_t r = 0; r <= rows; ++r) m.outerIndexPtr()[r] = static_cast<int>(indptr[static_cast<std::size_t>(r)]);
    for (std::int64_t p = 0; p < nnz; ++p) {
      m.innerIndexPtr()[p] = static_cast<int>(indices[static_cast<std::size_t>(p)]);
      m.valuePtr()[p] = data[static_cast<std::size_t>(p)];
    }
  } else {
    // Unsorted or repeated columns (valid in scipy): sum duplicates, as scipy's
    // sum_duplicates() would.
    std::vector<Triplet> t;
    t.reserve(static_cast<std::size_t>(nnz));
    for (std::int64_t r = 0; r < rows; ++r)
      for (std::int64_t p = indptr[static_cast<std::size_t>(r)]; p < indptr[static_cast<std::size_t>(r) + 1]; ++p)
        t.emplace_back(static_cast<int>(r), static_cast<int>(indices[static_cast<std::size_t>(p)]),
                       data[static_cast<std::size_t>(p)]);
    m.setFromTriplets(t.begin(), t.end());
    m.makeCompressed();
  }
  return m;
}

void write_sparse(const SparseMatrix& matrix, const std::string& path, const std::string& comment) {
  if (is_npz_path(path)) write_npz(matrix, path);
  else write_matrix_market(matrix, path, comment);
}

SparseMatrix read_sparse(const std::string& path, const MatrixSizeCheck& check_size) {
  // Standard input and FIFOs cannot be peeked at and reopened (and a zip
  // needs seeking): they are read as Matrix Market, once.
  if (path == "-" || file_size(path) < 0) return read_matrix_market(path, check_size);
  char magic[4] = {};
  {
    FilePtr file = open_input(path);
    if (std::fread(magic, 1, 4, file.get()) != 4) return read_matrix_market(path, check_size);
  }
  if (std::memcmp(magic, "PK\3\4", 4) != 0) return read_matrix_market(path, check_size);
  // A .npz holds no more values than its bytes: the check follows the read.
  SparseMatrix m = read_npz(path);
  if (check_size) check_size(m.rows(), m.cols(), m.nonZeros());
  return m;
}

}  // namespace embkit
