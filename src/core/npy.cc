#include "core/npy.h"

#include <charconv>

#include <cstring>
#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/memory.h"

namespace embkit {
namespace {

// Value of `key` in the header dict text, e.g. 'descr': '<f4' → "'<f4'".
std::string dict_value(const std::string& header, const std::string& key, const std::string& path) {
  const std::string quoted = "'" + key + "'";
  auto at = header.find(quoted);
  if (at == std::string::npos) throw_input_error(path, 0, "npy header has no '" + key + "' entry");
  at = header.find(':', at + quoted.size());
  if (at == std::string::npos) throw_input_error(path, 0, "malformed npy header");
  ++at;
  while (at < header.size() && header[at] == ' ') ++at;
  std::size_t end;
  if (header[at] == '(') {
    end = header.find(')', at);
    if (end == std::string::npos) throw_input_error(path, 0, "malformed npy shape");
    return header.substr(at, end - at + 1);
  }
  end = header.find_first_of(",}", at);
  if (header[at] == '\'') end = header.find('\'', at + 1) + 1;
  return header.substr(at, end - at);
}

}  // namespace

NpyHeader read_npy_header(std::FILE* f, const std::string& path) {
  unsigned char magic[8];
  if (std::fread(magic, 1, 8, f) != 8 || std::memcmp(magic, "\x93NUMPY", 6) != 0)
    throw_input_error(path, 0, "not a NumPy .npy file (bad magic bytes)");
  const int major = magic[6];
  std::uint32_t header_len = 0;
  if (major == 1) {
    unsigned char b[2];
    if (std::fread(b, 1, 2, f) != 2) throw_input_error(path, 0, "truncated npy header");
    header_len = b[0] | (b[1] << 8);
  } else if (major == 2 || major == 3) {
    unsigned char b[4];
    if (std::fread(b, 1, 4, f) != 4) throw_input_error(path, 0, "truncated npy header");
    header_len = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
  } else {
    throw_input_error(path, 0, "unsupported npy format version " + std::to_string(major));
  }
  if (header_len > (1u << 20)) throw_input_error(path, 0, "npy header too large (corrupt file?)");
  std::string header(header_len, '\0');
  if (std::fread(header.data(), 1, header_len, f) != header_len)
    throw_input_error(path, 0, "truncated npy header");

  NpyHeader h;
  h.descr = dict_value(header, "descr", path);
  h.fortran_order = dict_value(header, "fortran_order", path) == "True";
  h.shape_text = dict_value(header, "shape", path);
  // The shape is a Python tuple of non-negative integers, "(rows, dims)" or
  // "(n,)". Each element is parsed whole: skipping the characters that are not
  // digits read "(-1, 2)" as (1, 2).
  std::vector<std::int64_t>& dims = h.shape;
  const std::string& shape = h.shape_text;
  {
    const auto open = shape.find('('), close = shape.rfind(')');
    if (open != 0 || close != shape.size() - 1)
      throw_input_error(path, 0, "npy shape " + shape + " is not a tuple of dimensions");
    const std::string inside = shape.substr(1, shape.size() - 2);
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = std::min(inside.find(',', start), inside.size());
      std::string element = inside.substr(start, comma - start);
      element.erase(0, element.find_first_not_of(' '));
      element.erase(element.find_last_not_of(' ') + 1);
      const bool last = comma == inside.size();
      if (element.empty() && last && !dims.empty()) break;  // "(n,)": a trailing comma
      if (element.empty() && last && start == 0) break;     // "()": a scalar
      std::int64_t value = -1;
      const auto [end, ec] = std::from_chars(element.data(), element.data() + element.size(), value);
      if (ec == std::errc::result_out_of_range)
        throw_input_error(path, 0, "npy shape " + shape + " has a dimension too large to represent");
      if (element.empty() || element[0] == '-' || ec != std::errc() || end != element.data() + element.size())
        throw_input_error(path, 0, "npy shape " + shape + " has an invalid dimension '" + element +
                                       "' (expected a non-negative integer)");
      dims.push_back(value);
      if (last) break;
      start = comma + 1;
    }
  }
  return h;
}

std::string npy_preamble(const std::string& descr, const std::vector<std::int64_t>& shape) {
  std::string dims;
  for (std::int64_t d : shape) dims += (dims.empty() ? "" : ", ") + std::to_string(d);
  if (shape.size() == 1) dims += ',';  // a Python 1-tuple: (3,)
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Pad with spaces so that magic (6) + version (2) + length (2) + header is a
  // multiple of 64 bytes and the header ends with '\n', as numpy does.
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  const std::uint16_t len = static_cast<std::uint16_t>(header.size());
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(len & 0xFF);
  out += static_cast<char>(len >> 8);
  return out + header;
}

Matrix read_npy(const std::string& path) { return read_npy(path, open_input(path)); }

Matrix read_npy(const std::string& path, FilePtr file) {
  std::FILE* f = file.get();
  const NpyHeader header = read_npy_header(f, path);
  const std::string& descr = header.descr;
  int item_size;
  if (descr == "'<f4'" || descr == "'=f4'") item_size = 4;
  else if (descr == "'<f8'" || descr == "'=f8'") item_size = 8;
  else
    throw_input_error(path, 0, "unsupported npy dtype " + descr +
                                   " (expected little-endian float32 '<f4' or float64 '<f8')");
  const bool fortran = header.fortran_order;
  const std::string& shape = header.shape_text;
  const std::vector<std::int64_t>& dims = header.shape;
  if (dims.size() != 2)
    throw_input_error(path, 0, "npy array has rank " + std::to_string(dims.size()) + " (shape " + shape +
                                   "), expected a 2-D rows × dims array");
  const std::int64_t rows = dims[0], cols = dims[1];
  const std::int64_t data_offset = static_cast<std::int64_t>(std::ftell(f));
  const std::int64_t size = file_size(path);
  // rows * cols * item_size can overflow for a corrupt shape: bound it in double first.
  if (static_cast<double>(rows) * static_cast<double>(cols) * item_size > 1e18)
    throw_input_error(path, 0, "npy shape " + shape + " is too large to hold in memory");
  const std::int64_t needed = rows * cols * item_size;
  if (size >= 0 && size - data_offset < needed)
    throw_input_error(path, 0, "truncated npy data: header promises " + std::to_string(rows) + " × " +
                                   std::to_string(cols) + " values (" + std::to_string(needed) +
                                   " bytes) but the file holds " + std::to_string(size - data_offset));
  require_memory(static_cast<std::uint64_t>(needed) * (item_size == 4 && !fortran ? 1 : 2), "reading " + path);
  Matrix m(rows, cols);
  std::vector<double> tmp;
  if (item_size == 4 && !fortran) {
    if (needed > 0 && std::fread(m.data(), 1, needed, f) != static_cast<std::size_t>(needed))
      throw_input_error(path, 0, "truncated npy data");
  } else {
    std::vector<char> raw(static_cast<std::size_t>(needed));
    if (needed > 0 && std::fread(raw.data(), 1, needed, f) != static_cast<std::size_t>(needed))
      throw_input_error(path, 0, "truncated npy data");
    for (std::int64_t k = 0; k < rows * cols; ++k) {
      double v;
      if (item_size == 4) {
        float x;
        std::memcpy(&x, raw.data() + 4 * k, 4);
        v = x;
      } else {
        std::memcpy(&v, raw.data() + 8 * k, 8);
      }
      const std::int64_t r = fortran ? k % rows : k / cols;
      const std::int64_t c = fortran ? k / rows : k % cols;
      m(r, c) = static_cast<float>(v);
    }
  }
  return m;
}

void write_npy(const Matrix& matrix, const std::string& path) {
  const std::string preamble = npy_preamble("<f4", {matrix.rows(), matrix.cols()});
  AtomicFile file(path);
  auto& out = file.stream();
  out.write(preamble.data(), static_cast<std::streamsize>(preamble.size()));
  out.write(reinterpret_cast<const char*>(matrix.data()),
            static_cast<std::streamsize>(matrix.size() * sizeof(float)));
  file.commit();
}

}  // namespace embkit
