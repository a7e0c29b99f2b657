// Binary fields of the word2vec and doc2vec files (word2vec checkpoint,
// doc2vec model and checkpoint): little-endian values written as a chosen
// on-disk type, length-prefixed strings and float matrices.
//
// Each file lists its fields once, in a template run by a FieldWriter (save)
// and by a FieldReader (load), so that the two directions cannot disagree:
//   io.template field<std::int32_t>(args.dim);
// The reader never trusts a length or a shape for more bytes than the file
// has left, so a corrupt field cannot make it allocate beyond the file's size;
// every failure is an InputError naming the file ("truncated <what>").
//
// A file that ends in a checksum (the subword model) turns on the running
// FNV-1a 64 (core/hash.h) of every byte passed through: writer and reader
// keep the same sum, and the reader compares it with the stored one.
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <type_traits>

#include "core/embeddings.h"
#include "core/error.h"
#include "core/hash.h"

namespace embkit {

class FieldWriter {
 public:
  explicit FieldWriter(std::ostream& out, bool checksum = false) : out_(out), checksum_(checksum) {}
  void bytes(const void* p, std::size_t n) {
    if (checksum_) hash_ = fnv1a(p, n, hash_);
    out_.write(static_cast<const char*>(p), static_cast<std::streamsize>(n));
  }
  // FNV-1a 64 of every byte written so far (with `checksum` on).
  std::uint64_t hash() const { return hash_; }
  // A field stored as `Disk`.
  template <typename Disk, typename T>
  void field(const T& v) {
    const Disk d = static_cast<Disk>(v);
    bytes(&d, sizeof(Disk));
  }
  void str(const std::string& s) {  // u64 length, then the bytes
    field<std::uint64_t>(s.size());
    bytes(s.data(), s.size());
  }
  // u64 rows, u64 cols (as int64), then rows·cols floats, row-major.
  void matrix(const Matrix& m) {
    field<std::int64_t>(m.rows());
    field<std::int64_t>(m.cols());
    values(m);
  }
  void values(const Matrix& m) { bytes(m.data(), sizeof(float) * static_cast<std::size_t>(m.size())); }

 private:
  std::ostream& out_;
  bool checksum_;
  std::uint64_t hash_ = kFnv1aBasis;
};

class FieldReader {
 public:
  // `what` names the kind of file in messages: "checkpoint", "doc2vec model".
  FieldReader(std::istream& in, std::string path, std::string what, bool checksum = false)
      : in_(in), path_(std::move(path)), what_(std::move(what)), checksum_(checksum) {
    const auto here = in_.tellg();
    in_.seekg(0, std::ios::end);
    const auto end = in_.tellg();
    in_.seekg(here);
    left_ = here < 0 || end < here ? 0 : static_cast<std::uint64_t>(end - here);
  }
  std::uint64_t remaining() const { return left_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const std::string& message) const { throw_input_error(path_, 0, message); }

  void bytes(void* p, std::uint64_t n) {
    if (n > left_) fail("truncated " + what_);
    in_.read(static_cast<char*>(p), static_cast<std::streamsize>(n));
    if (!in_) fail("truncated " + what_);
    left_ -= n;
    if (checksum_) hash_ = fnv1a(p, static_cast<std::size_t>(n), hash_);
  }
  // FNV-1a 64 of every byte read so far (with `checksum` on).
  std::uint64_t hash() const { return hash_; }
  template <typename T>
  T pod() {
    T v;
    bytes(&v, sizeof(T));
    return v;
  }
  // A field stored as `Disk`. An enum reads 0 as its first value and any other
  // code as its second (every enum stored has two values, 0 and 1), so a
  // corrupt file cannot name a third.
  template <typename Disk, typename T>
  void field(T& v) {
    const Disk d = pod<Disk>();
    if constexpr (std::is_enum_v<T>) v = static_cast<T>(d == 0 ? 0 : 1);
    else v = static_cast<T>(d);
  }
  // A u64 length (at most `max_length`, else "corrupt <what> (<name>)"), then the bytes.
  std::string str(std::uint64_t max_length, const char* name) {
    const auto n = pod<std::uint64_t>();
    if (n > max_length) fail("corrupt " + what_ + " (" + name + " of " + std::to_string(n) + " bytes)");
    if (n > left_) fail("truncated " + what_);
    std::string s(static_cast<std::size_t>(n), '\0');
    bytes(s.data(), n);
    return s;
  }
  // A matrix written by FieldWriter::matrix, whose shape must be rows × cols.
  Matrix matrix(std::int64_t rows, std::int64_t cols) {
    const auto r = pod<std::int64_t>(), c = pod<std::int64_t>();
    if (r != rows || c != cols)
      fail("corrupt " + what_ + " (matrix " + std::to_string(r) + "x" + std::to_string(c) + ", expected " +
           std::to_string(rows) + "x" + std::to_string(cols) + ")");
    return values(rows, cols);
  }
  // rows × cols floats without a shape (the shape is known from earlier fields).
  Matrix values(std::int64_t rows, std::int64_t cols) {
    const std::uint64_t n = sizeof(float) * static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols);
    if (n > left_) fail("truncated " + what_);
    Matrix m(rows, cols);
    bytes(m.data(), n);
    return m;
  }
  // The 4-byte end marker, and nothing after it.
  void end_marker() {
    char end[4];
    bytes(end, 4);
    if (std::string(end, 4) != "END\n" || left_ != 0) fail("corrupt " + what_ + " (no end marker where expected)");
  }

 private:
  std::istream& in_;
  std::string path_, what_;
  bool checksum_;
  std::uint64_t left_ = 0;
  std::uint64_t hash_ = kFnv1aBasis;
};

// The sampling and schedule settings that word2vec's checkpoint, the subword
// model and doc2vec's model and checkpoint all store, in this order, after
// their own leading fields (Word2VecArgs and Doc2VecArgs name them alike).
template <typename IO, typename Args>
void sampling_fields(IO& io, Args& a) {
  io.template field<std::int32_t>(a.window);
  io.template field<std::int32_t>(a.negative);
  io.template field<double>(a.ns_exponent);
  io.template field<double>(a.sample);
  io.template field<std::uint64_t>(a.min_count);
  io.template field<std::uint64_t>(a.max_vocab);
  io.template field<std::int32_t>(a.epochs);
  io.template field<double>(a.alpha);
  io.template field<std::uint64_t>(a.seed);
}

}  // namespace embkit
