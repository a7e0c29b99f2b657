// Reading and writing vector files (Embeddings).
//
// Formats, chosen by extension on write and detected from the content on read:
//   Text    .vec .txt   word2vec/fastText text: "rows dims\n" then "label v1 … vd\n"
//   Binary  .bin        word2vec binary: "rows dims\n" then per row: label, ' ',
//                       dims little-endian float32, '\n' (as word2vec.c and gensim)
//   Npy     .npy        NumPy v1.0 '<f4' C-order rows×dims; labels one per line in
//                       the sibling NAME.labels.txt (NAME = path without .npy)
//   Glove   (read only) GloVe's header-less text: "label v1 … vd" per line
// Every reader validates (field counts, header/row mismatch, numbers, NaN/Inf,
// duplicate labels, truncation) and throws InputError naming file and line.
// Every writer writes a temporary file and renames it into place at the end.
#pragma once

#include <string>

#include "core/embeddings.h"

namespace embkit {

// Projector: the TensorFlow Embedding Projector's pair of files — NAME.tsv with
// one row of tab-separated values per vector, no header, and NAME.metadata.tsv
// beside it with one label per line (a single column, so no header line).
enum class VectorFormat { Auto, Text, Binary, Npy, Glove, Projector };

// From the extension: .bin → Binary, .npy → Npy, .tsv → Projector, anything else → Text.
VectorFormat vector_format_from_path(const std::string& path);
// "text" | "bin"/"binary" | "npy" | "glove" | "tsv" | "auto"; throws UsageError otherwise.
VectorFormat parse_vector_format(const std::string& name);
const char* vector_format_name(VectorFormat format);

// Detect the format of an existing file from its bytes (Auto is never returned).
VectorFormat detect_vector_format(const std::string& path);

struct ReadVectorsOptions {
  VectorFormat format = VectorFormat::Auto;
  // Read only the first `limit` rows (0 = all), as gensim's `limit=`.
  std::int64_t limit = 0;
};

Embeddings read_vectors(const std::string& path, const ReadVectorsOptions& options = {});

// Writes with format from the extension unless `format` is given. Labels must be
// non-empty and free of whitespace for the text and binary formats.
void write_vectors(const Embeddings& embeddings, const std::string& path,
                   VectorFormat format = VectorFormat::Auto);

// The labels file that accompanies NAME.npy: NAME.labels.txt.
std::string npy_labels_path(const std::string& npy_path);
// NAME.tsv → NAME.metadata.tsv (the labels of a Projector file).
std::string projector_metadata_path(const std::string& tsv_path);

}  // namespace embkit
