// Row labels and --labels-out of the commands that write one vector per
// document (sif, doc2vec): rows follow the input order.
#pragma once

#include <string>
#include <vector>

#include "core/documents.h"

namespace embkit::cli {

// The wikidoc titles, whitespace turned into '_', when every document has one
// and no two are equal (a vector file's labels must be distinct); otherwise
// doc0, doc1, …
std::vector<std::string> document_row_labels(const Documents& docs);

// --labels-out FILE: each row's class label (labeled input) or title (wikidoc),
// one per line. InputError naming `input` when the documents have neither.
void write_document_labels(const std::string& path, const Documents& docs, const std::string& input);

}  // namespace embkit::cli
