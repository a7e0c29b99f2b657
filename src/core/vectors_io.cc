#include "core/vectors_io.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/named_values.h"
#include "core/memory.h"
#include "core/npy.h"
#include "core/text.h"

namespace embkit {
namespace {

constexpr std::size_t kMaxBinaryLabel = 1 << 20;  // a longer label means a corrupt file

bool is_number_start(unsigned char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'n' || c == 'N' ||
         c == 'i' || c == 'I' || c == ' ';
}

// A first line whose fields are all integers (optional sign): meant as a
// "rows dims" header, whatever its field count.
bool looks_like_header(std::string_view line) {
  std::vector<std::string_view> fields;
  split_whitespace(line, fields);
  if (fields.empty()) return false;
  for (std::string_view f : fields) {
    if (f[0] == '-' || f[0] == '+') f.remove_prefix(1);
    if (f.empty()) return false;
    for (char c : f)
      if (c < '0' || c > '9') return false;
  }
  return true;
}

// "rows dims" with two non-negative integers, or false.
bool parse_header(std::string_view line, std::int64_t& rows, std::int64_t& dims) {
  std::vector<std::string_view> fields;
  split_whitespace(line, fields);
  if (fields.size() != 2) return false;
  for (auto f : fields)
    for (char c : f)
      if (c < '0' || c > '9') return false;
  // from_chars, not stoll: a 20-digit count must be a clear "bad header", not
  // std::out_of_range escaping the reader (found by tests/fuzz).
  for (int k = 0; k < 2; ++k) {
    std::int64_t& value = k == 0 ? rows : dims;
    const auto [end, ec] = std::from_chars(fields[k].data(), fields[k].data() + fields[k].size(), value);
    if (ec != std::errc() || end != fields[k].data() + fields[k].size()) return false;
  }
  return true;
}

void check_label(const std::string& label, const std::string& path, std::int64_t row) {
  if (label.empty()) throw_input_error(path, 0, "row " + std::to_string(row + 1) + " has an empty label");
  for (unsigned char c : label)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
      throw_input_error(path, 0, "label " + quote_input(label) + " (row " + std::to_string(row + 1) +
                                     ") contains whitespace, which the text and binary formats cannot hold");
}

// An integral byte count held in a double, printed without exponent.
std::string format_bytes_count(double bytes) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.0f", bytes);
  return buffer;
}

class DuplicateCheck {
 public:
  explicit DuplicateCheck(std::size_t n) { first_.reserve(n); }
  void add(const std::string& label, const std::string& path, std::uint64_t line) {
    auto [it, inserted] = first_.emplace(label, line);
    if (!inserted)
      throw_input_error(path, line, "duplicate label " + quote_input(label) + " (first seen at line " +
                                        std::to_string(it->second) + ")");
  }

 private:
  std::unordered_map<std::string, std::uint64_t> first_;
};

Embeddings read_text(const std::string& path, FilePtr file, bool has_header, std::int64_t limit) {
  LineReader reader(path, std::move(file));
  std::string line;
  std::int64_t rows = -1, dims = -1;
  std::vector<std::string_view> fields;
  Embeddings emb;
  std::vector<float> values;  // used when the row count is unknown (GloVe)
  if (has_header) {
    if (!reader.next(line)) throw_input_error(path, 0, "empty file");
    if (!parse_header(line, rows, dims))
      throw_input_error(path, 1, "expected a header 'rows dims', got " + quote_input(line, 60));
    if (dims <= 0) throw_input_error(path, 1, "header declares " + std::to_string(dims) + " dimensions");
    std::int64_t keep = (limit > 0 && limit < rows) ? limit : rows;
    // Every row takes at least dims + 1 bytes (a label and dims values), so a
    // header claiming more than the file can hold is refused before allocating
    // (a 20-byte file must not reserve gigabytes; found by tests/fuzz).
    const std::int64_t size = file_size(path);
    const std::int64_t remaining = size - static_cast<std::int64_t>(reader.bytes_read());
    if (size >= 0 && static_cast<double>(keep) * (static_cast<double>(dims) + 1) > static_cast<double>(remaining))
      throw_input_error(path, 1, "header promises " + std::to_string(rows) + " vectors of " + std::to_string(dims) +
                                     " dimensions, more than the " + std::to_string(remaining) +
                                     " bytes after the header can hold (truncated or wrong header?)");
    if (static_cast<double>(keep) * static_cast<double>(dims) * 4 > 1e18)
      throw_input_error(path, 1, "header promises " + std::to_string(rows) + " × " + std::to_string(dims) +
                                     " values, too many to hold in memory");
    require_memory(static_cast<std::uint64_t>(keep) * dims * 4, "reading " + path);
    emb.vectors.resize(keep, dims);
    emb.labels.reserve(keep);
  }
  DuplicateCheck duplicates(has_header ? static_cast<std::size_t>(emb.vectors.rows()) : 1024);
  std::int64_t row = 0;
  while (reader.next(line)) {
    if (limit > 0 && row >= limit) break;
    split_whitespace(line, fields);
    if (fields.empty()) {
      // Blank lines are tolerated only at the end of the file.
      continue;
    }
    if (dims < 0) dims = static_cast<std::int64_t>(fields.size()) - 1;
    if (dims <= 0) throw_input_error(path, reader.line_number(), "a vector line needs a label and at least one value");
    if (static_cast<std::int64_t>(fields.size()) != dims + 1)
      throw_input_error(path, reader.line_number(),
                        "expected " + std::to_string(dims + 1) + " fields (label and " + std::to_string(dims) +
                            " values), found " + std::to_string(fields.size()));
    if (has_header && row >= rows)
      throw_input_error(path, reader.line_number(),
                        "more vectors than the header's " + std::to_string(rows) + " rows");
    std::string label(fields[0]);
    duplicates.add(label, path, reader.line_number());
    if (has_header) {
      for (std::int64_t j = 0; j < dims; ++j)
        emb.vectors(row, j) = parse_float(fields[j + 1], path, reader.line_number(), "a float value");
    } else {
      for (std::int64_t j = 0; j < dims; ++j)
        values.push_back(parse_float(fields[j + 1], path, reader.line_number(), "a float value"));
    }
    emb.labels.push_back(std::move(label));
    ++row;
  }
  if (has_header) {
    const std::int64_t expected = emb.vectors.rows();
    if (row < expected)
      throw_input_error(path, 0, "header promises " + std::to_string(rows) + " vectors but the file holds " +
                                     std::to_string(row) + " (truncated?)");
  } else {
    if (row == 0) throw_input_error(path, 0, "empty file");
    emb.vectors = Eigen::Map<Matrix>(values.data(), row, dims);
  }
  return emb;
}

// NAME.tsv's value rows and NAME.metadata.tsv's labels, as write_vectors writes them.
Embeddings read_projector(const std::string& path, std::int64_t limit) {
  Embeddings emb;
  const std::string metadata = projector_metadata_path(path);
  LineReader labels(metadata);
  for (std::string line; labels.next(line) && (limit == 0 || static_cast<std::int64_t>(emb.labels.size()) < limit);)
    emb.labels.push_back(line);
  LineReader reader(path);
  std::vector<std::string_view> fields;
  std::vector<float> values;
  std::int64_t rows = 0, dims = -1;
  for (std::string line; reader.next(line) && (limit == 0 || rows < limit); ++rows) {
    split_whitespace(line, fields);
    if (dims < 0) dims = static_cast<std::int64_t>(fields.size());
    if (dims == 0 || static_cast<std::int64_t>(fields.size()) != dims)
      throw_input_error(path, reader.line_number(), "expected " + std::to_string(dims) +
                                                        " tab-separated values, found " + std::to_string(fields.size()));
    for (auto f : fields) values.push_back(parse_float(f, path, reader.line_number(), "a float value"));
  }
  if (rows == 0) throw_input_error(path, 0, "empty file");
  if (static_cast<std::int64_t>(emb.labels.size()) != rows)
    throw_input_error(metadata, 0, "holds " + std::to_string(emb.labels.size()) + " labels for the " +
                                       std::to_string(rows) + " rows of " + path);
  DuplicateCheck duplicates(emb.labels.size());
  for (std::size_t i = 0; i < emb.labels.size(); ++i) duplicates.add(emb.labels[i], metadata, i + 1);
  emb.vectors = Eigen::Map<Matrix>(values.data(), rows, dims);
  return emb;
}

Embeddings read_binary(const std::string& path, FilePtr file, std::int64_t limit) {
  std::FILE* f = file.get();
  std::string header;
  for (int c; (c = std::fgetc(f)) != EOF && c != '\n';) {
    header += static_cast<char>(c);
    if (header.size() > 256) throw_input_error(path, 1, "no 'rows dims' header line (not a word2vec binary file?)");
  }
  if (starts_with(header, kUtf8Bom)) header.erase(0, kUtf8Bom.size());
  std::int64_t rows, dims;
  if (!parse_header(header, rows, dims)) throw_input_error(path, 1, "expected a header 'rows dims'");
  if (dims <= 0) throw_input_error(path, 1, "header declares " + std::to_string(dims) + " dimensions");
  const std::int64_t keep = (limit > 0 && limit < rows) ? limit : rows;
  const std::int64_t size = file_size(path);
  // In double: rows * dims * 4 overflows int64 for a corrupt header (UBSan, tests/fuzz).
  const double needed = static_cast<double>(rows) * (static_cast<double>(dims) * 4 + 2);
  if (size >= 0 && needed > static_cast<double>(size))
    throw_input_error(path, 0, "truncated binary file: the header promises " + std::to_string(rows) + " × " +
                                   std::to_string(dims) + " vectors, which need at least " +
                                   format_bytes_count(needed) + " bytes; the file has " + std::to_string(size));
  if (static_cast<double>(keep) * static_cast<double>(dims) * 4 > 1e18)
    throw_input_error(path, 1, "header promises " + std::to_string(rows) + " × " + std::to_string(dims) +
                                   " values, too many to hold in memory");
  require_memory(static_cast<std::uint64_t>(keep) * dims * 4, "reading " + path);
  Embeddings emb;
  emb.vectors.resize(keep, dims);
  emb.labels.reserve(keep);
  DuplicateCheck duplicates(static_cast<std::size_t>(keep));
  std::string label;
  for (std::int64_t row = 0; row < keep; ++row) {
    label.clear();
    int c;
    // word2vec.c and gensim end each vector with '\n'; skip it before the label.
    while ((c = std::fgetc(f)) == '\n') {}
    while (c != EOF && c != ' ') {
      label += static_cast<char>(c);
      if (label.size() > kMaxBinaryLabel)
        throw_input_error(path, 0, "row " + std::to_string(row + 1) + ": label longer than 1 MiB (corrupt file?)");
      c = std::fgetc(f);
    }
    if (c == EOF)
      throw_input_error(path, 0, "truncated binary file: ends in the label of row " + std::to_string(row + 1) +
                                     " of " + std::to_string(rows));
    if (label.empty()) throw_input_error(path, 0, "row " + std::to_string(row + 1) + " has an empty label");
    duplicates.add(label, path, 0);
    if (std::fread(emb.vectors.row(row).data(), sizeof(float), dims, f) != static_cast<std::size_t>(dims))
      throw_input_error(path, 0, "truncated binary file: row " + std::to_string(row + 1) + " of " +
                                     std::to_string(rows) + " (" + quote_input(label) + ") ends early");
    for (std::int64_t j = 0; j < dims; ++j)
      if (!std::isfinite(emb.vectors(row, j)))
        throw_input_error(path, 0, "row " + std::to_string(row + 1) + " (" + quote_input(label) +
                                       ") has a NaN or Inf value in column " + std::to_string(j + 1));
    emb.labels.push_back(label);
  }
  if (keep == rows) {
    int c;
    while ((c = std::fgetc(f)) != EOF)
      if (c != '\n' && c != ' ' && c != '\r')
        throw_input_error(path, 0, "more data after the " + std::to_string(rows) +
                                       " vectors the header promises (wrong header or not a binary file?)");
  }
  return emb;
}

Embeddings read_npy_vectors(const std::string& path, FilePtr file, std::int64_t limit) {
  Embeddings emb;
  emb.vectors = read_npy(path, std::move(file));
  const std::string labels_path = npy_labels_path(path);
  if (file_exists(labels_path)) {
    LineReader reader(labels_path);
    std::string line;
    DuplicateCheck duplicates(static_cast<std::size_t>(emb.vectors.rows()));
    while (reader.next(line)) {
      if (static_cast<std::int64_t>(emb.labels.size()) == emb.vectors.rows())
        throw_input_error(labels_path, reader.line_number(),
                          "more labels than the " + std::to_string(emb.vectors.rows()) + " rows of " + path);
      if (line.empty()) throw_input_error(labels_path, reader.line_number(), "empty label");
      duplicates.add(line, labels_path, reader.line_number());
      emb.labels.push_back(line);
    }
    if (static_cast<std::int64_t>(emb.labels.size()) != emb.vectors.rows())
      throw_input_error(labels_path, 0, std::to_string(emb.labels.size()) + " labels for the " +
                                            std::to_string(emb.vectors.rows()) + " rows of " + path);
  } else {
    // A bare array (e.g. saved from numpy): rows are labelled by their index.
    emb.labels.reserve(emb.vectors.rows());
    for (std::int64_t i = 0; i < emb.vectors.rows(); ++i) emb.labels.push_back(std::to_string(i));
  }
  for (std::int64_t i = 0; i < emb.vectors.rows(); ++i)
    for (std::int64_t j = 0; j < emb.vectors.cols(); ++j)
      if (!std::isfinite(emb.vectors(i, j)))
        throw_input_error(path, 0, "row " + std::to_string(i + 1) + " has a NaN or Inf value in column " +
                                       std::to_string(j + 1));
  if (limit > 0 && limit < emb.rows()) {
    emb.vectors.conservativeResize(limit, Eigen::NoChange);
    emb.labels.resize(limit);
  }
  return emb;
}

void append_float(std::string& out, float v) {
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ptr);
}

}  // namespace

std::string npy_labels_path(const std::string& npy_path) {
  std::string base = npy_path;
  if (ends_with(base, ".npy")) base.resize(base.size() - 4);
  return base + ".labels.txt";
}

std::string projector_metadata_path(const std::string& tsv_path) {
  std::string base = tsv_path;
  if (ends_with(base, ".tsv")) base.resize(base.size() - 4);
  return base + ".metadata.tsv";
}

VectorFormat vector_format_from_path(const std::string& path) {
  if (ends_with(path, ".bin")) return VectorFormat::Binary;
  if (ends_with(path, ".npy")) return VectorFormat::Npy;
  if (ends_with(path, ".tsv")) return VectorFormat::Projector;
  return VectorFormat::Text;
}

namespace {

// The first name of each format is the one written in messages.
constexpr NamedValue<VectorFormat> kVectorFormats[] = {
    {"auto", VectorFormat::Auto}, {"text", VectorFormat::Text},   {"vec", VectorFormat::Text},
    {"txt", VectorFormat::Text},  {"bin", VectorFormat::Binary},  {"binary", VectorFormat::Binary},
    {"npy", VectorFormat::Npy},   {"glove", VectorFormat::Glove}, {"tsv", VectorFormat::Projector}};

}  // namespace

VectorFormat parse_vector_format(const std::string& name) {
  if (const std::optional<VectorFormat> format = find_named(kVectorFormats, name)) return *format;
  throw UsageError("vector format must be " + canonical_names(kVectorFormats) + ", got '" + name + "'");
}

const char* vector_format_name(VectorFormat format) { return name_of(kVectorFormats, format); }

namespace {

// Whole models of other tools, which hold word vectors only inside their own
// structures: fastText's .bin starts with the int32 magic 793712314
// (0x2F4F16BA, little-endian; fasttext.cc FASTTEXT_FILEFORMAT_MAGIC_INT32), a
// gensim .model is a Python pickle (protocol 2-5: 0x80 then the protocol byte).
void reject_foreign_model(std::string_view head, const std::string& path) {
  const char* tool = nullptr;
  if (head.size() >= 4 && head.compare(0, 4, "\xBA\x16\x4F\x2F") == 0) tool = "a fastText .bin model";
  else if (head.size() >= 2 && head[0] == '\x80' && head[1] >= 2 && head[1] <= 5) tool = "a Python pickle (gensim .model?)";
  if (tool)
    throw_input_error(path, 0, std::string("is ") + tool +
                                   ": fastText/gensim binary models are not supported; export a .vec "
                                   "(fastText: the .vec beside the .bin; gensim: "
                                   "model.wv.save_word2vec_format('x.vec'))");
}

constexpr std::size_t kDetectBytes = 1 << 16;

// The format of the file that begins with `head` (its first kDetectBytes).
VectorFormat detect_from_head(std::string head, const std::string& path) {
  if (head.empty()) throw_input_error(path, 0, "empty file");
  reject_foreign_model(head, path);
  // A Projector file is a pair: the values alone look like headerless GloVe.
  if (ends_with(path, ".tsv") && file_exists(projector_metadata_path(path))) return VectorFormat::Projector;
  if (head.compare(0, 6, "\x93NUMPY") == 0) return VectorFormat::Npy;
  if (starts_with(head, kUtf8Bom)) head.erase(0, kUtf8Bom.size());  // as LineReader skips it
  const auto eol = head.find('\n');
  std::int64_t rows, dims;
  const std::string_view first_line = std::string_view(head).substr(0, eol);
  if (!parse_header(first_line, rows, dims)) {
    // A GloVe line is a label and real values; a first line of integers only
    // is a broken header ("2 2 7", "-1 2"), which read as GloVe would become
    // a vector labelled "2".
    if (looks_like_header(first_line))
      throw_input_error(path, 1, "expected a header of exactly two non-negative integers 'rows dims', got " +
                                     quote_input(first_line, 60));
    return VectorFormat::Glove;
  }
  if (eol == std::string::npos || rows == 0) return VectorFormat::Text;
  // After the header comes "label " and then either text numbers or raw float
  // bytes; raw float32 bytes are almost never all digits and signs.
  const auto space = head.find(' ', eol + 1);
  if (space == std::string::npos) return VectorFormat::Text;
  const std::size_t probe = std::min<std::size_t>(static_cast<std::size_t>(dims) * 4, head.size() - space - 1);
  // A text value starts with a digit, sign, '.', or nan/inf; raw float bytes
  // almost always contain a control or high byte before any '\n'.
  if (probe > 0 && !is_number_start(static_cast<unsigned char>(head[space + 1]))) return VectorFormat::Binary;
  for (std::size_t i = space + 1; i < space + 1 + probe; ++i) {
    const unsigned char c = static_cast<unsigned char>(head[i]);
    if (c == '\n') return VectorFormat::Text;  // a text line ended first
    if ((c < 0x20 && c != '\t' && c != '\r') || c >= 0x7F) return VectorFormat::Binary;
  }
  return VectorFormat::Text;
}

}  // namespace

VectorFormat detect_vector_format(const std::string& path) {
  std::string head;
  open_input_peek(path, kDetectBytes, head);
  return detect_from_head(head, path);
}

Embeddings read_vectors(const std::string& path, const ReadVectorsOptions& options) {
  require_readable_file(path);
  // One open: standard input and FIFOs can be read only once.
  std::string head;
  FilePtr file = open_input_peek(path, kDetectBytes, head);
  VectorFormat format = options.format;
  // Detection rejects other tools' models; a format given explicitly does too.
  if (format == VectorFormat::Auto) format = detect_from_head(head, path);
  else if (format != VectorFormat::Npy) reject_foreign_model(head, path);
  switch (format) {
    case VectorFormat::Npy: return read_npy_vectors(path, std::move(file), options.limit);
    case VectorFormat::Binary: return read_binary(path, std::move(file), options.limit);
    case VectorFormat::Glove: return read_text(path, std::move(file), false, options.limit);
    case VectorFormat::Projector: return read_projector(path, options.limit);
    default: return read_text(path, std::move(file), true, options.limit);
  }
}

void write_vectors(const Embeddings& emb, const std::string& path, VectorFormat format) {
  if (static_cast<std::int64_t>(emb.labels.size()) != emb.rows())
    throw InputError("cannot write " + path + ": " + std::to_string(emb.labels.size()) + " labels for " +
                     std::to_string(emb.rows()) + " vectors");
  if (format == VectorFormat::Auto) format = vector_format_from_path(path);
  for (std::int64_t i = 0; i < emb.rows(); ++i)
    for (std::int64_t j = 0; j < emb.dim(); ++j)
      if (!std::isfinite(emb.vectors(i, j)))
        throw InputError("refusing to write " + path + ": row " + std::to_string(i + 1) + " ('" +
                         emb.labels[i] + "') has a NaN or Inf value");
  if (format == VectorFormat::Npy) {
    if (is_standard_output(path))
      throw UsageError("cannot write .npy vectors to standard output: the labels go to a companion file named after it");
    AtomicFile labels(npy_labels_path(path), false);
    for (std::size_t i = 0; i < emb.labels.size(); ++i) {
      if (emb.labels[i].empty() || emb.labels[i].find('\n') != std::string::npos)
        throw InputError("cannot write " + path + ": label of row " + std::to_string(i + 1) + " is empty or has a line break");
      labels.stream() << emb.labels[i] << '\n';
    }
    write_npy(emb.vectors, path);
    labels.commit();
    return;
  }
  if (format == VectorFormat::Projector) {
    AtomicFile labels(projector_metadata_path(path), false);
    AtomicFile values(path);
    std::string line;
    for (std::int64_t i = 0; i < emb.rows(); ++i) {
      const std::string& label = emb.labels[static_cast<std::size_t>(i)];
      if (label.empty() || label.find_first_of("\t\n\r") != std::string::npos)
        throw InputError("cannot write " + path + ": label of row " + std::to_string(i + 1) +
                         " is empty or has a tab or line break");
      labels.stream() << label << '\n';
      line.clear();
      for (std::int64_t j = 0; j < emb.dim(); ++j) {
        if (j) line += '\t';
        append_float(line, emb.vectors(i, j));
      }
      line += '\n';
      values.stream().write(line.data(), static_cast<std::streamsize>(line.size()));
    }
    values.commit();
    labels.commit();
    return;
  }
  for (std::int64_t i = 0; i < emb.rows(); ++i) check_label(emb.labels[i], path, i);
  AtomicFile file(path);
  auto& out = file.stream();
  if (format != VectorFormat::Glove) out << emb.rows() << ' ' << emb.dim() << '\n';  // GloVe has no header
  std::string line;
  for (std::int64_t i = 0; i < emb.rows(); ++i) {
    line.clear();
    line += emb.labels[i];
    if (format == VectorFormat::Binary) {
      line += ' ';
      line.append(reinterpret_cast<const char*>(emb.vectors.row(i).data()), emb.dim() * sizeof(float));
    } else {
      for (std::int64_t j = 0; j < emb.dim(); ++j) {
        line += ' ';
        append_float(line, emb.vectors(i, j));
      }
    }
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
  file.commit();
}

}  // namespace embkit
