#include "encoding/encoded_output.h"

#include <cmath>
#include <cstdio>

#include "core/atomic_file.h"
#include "core/embeddings.h"
#include "core/error.h"
#include "core/json.h"
#include "core/memory.h"
#include "core/npy.h"
#include "core/text.h"

namespace embkit {

EncodedFormat encoded_format_for(const std::string& path) {
  if (path == "-" || ends_with(path, ".csv")) return EncodedFormat::Csv;
  if (ends_with(path, ".npy")) return EncodedFormat::Npy;
  if (ends_with(path, ".mtx")) return EncodedFormat::Mtx;
  if (ends_with(path, ".npz")) return EncodedFormat::Npz;
  throw ParameterError("output", "must end in .csv, .npy, .mtx or .npz, got '" + path + "'");
}

std::string features_path(const std::string& output) {
  const std::size_t slash = output.find_last_of('/');
  const std::size_t dot = output.find_last_of('.');
  const bool has_extension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return (has_extension ? output.substr(0, dot) : output) + ".features.txt";
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

namespace {

void write_value(std::ostream& out, double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    out << static_cast<long long>(value);
  else
    out << format_double(value);
}

void write_features(const std::vector<std::string>& names, const std::string& path) {
  AtomicFile file(path, false);
  for (const auto& name : names) {
    if (name.find('\n') != std::string::npos)
      throw InputError("feature name '" + name + "' contains a line break; it cannot be listed in " + path);
    file.stream() << name << '\n';
  }
  file.commit();
}

// The features file first, removed again if the matrix cannot be written, so
// that a failure leaves neither file behind.
template <typename WriteMatrix>
void write_with_features(const std::vector<std::string>& names, const std::string& path,
                         WriteMatrix write_matrix) {
  const std::string features = features_path(path);
  write_features(names, features);
  try {
    write_matrix();
  } catch (...) {
    // Inside a transaction the features file is still a pending temporary,
    // which the transaction removes; PATH itself is a previous run's file.
    if (!OutputTransaction::active()) std::remove(features.c_str());
    throw;
  }
}

}  // namespace

void write_encoded_csv(const SparseMatrix& matrix, const std::vector<std::string>& names,
                       std::ostream& out) {
  for (std::size_t j = 0; j < names.size(); ++j) out << (j ? "," : "") << csv_field(names[j]);
  out << '\n';
  for (Eigen::Index r = 0; r < matrix.rows(); ++r) {
    Eigen::Index next = 0;  // the next column to print
    for (SparseMatrix::InnerIterator it(matrix, r); it; ++it) {
      for (; next < it.col(); ++next) out << (next ? ",0" : "0");
      if (next) out << ',';
      write_value(out, it.value());
      ++next;
    }
    for (; next < matrix.cols(); ++next) out << (next ? ",0" : "0");
    out << '\n';
  }
}

void write_encoded(const SparseMatrix& matrix, const std::vector<std::string>& names,
                   const std::string& path, std::uint64_t max_memory) {
  switch (encoded_format_for(path)) {
    case EncodedFormat::Csv: {
      AtomicFile file(path, false);
      write_encoded_csv(matrix, names, file.stream());
      file.commit();
      return;
    }
    case EncodedFormat::Npy: {
      require_memory(static_cast<std::uint64_t>(matrix.rows()) * matrix.cols() * sizeof(float),
                     "the dense " + std::to_string(matrix.rows()) + " x " + std::to_string(matrix.cols()) +
                         " matrix for " + path + " (write .mtx for a sparse file)",
                     max_memory);
      const Matrix dense = Matrix(matrix.cast<float>());
      write_with_features(names, path, [&] { write_npy(dense, path); });
      return;
    }
    case EncodedFormat::Mtx:
      write_with_features(names, path, [&] { write_matrix_market(matrix, path); });
      return;
    case EncodedFormat::Npz:
      write_with_features(names, path, [&] { write_npz(matrix, path); });
      return;
  }
}

}  // namespace embkit
