// Fuzz target: read_documents in every format (the first byte chooses it).
#include "core/documents.h"
#include "fuzz_util.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const DocumentFormat formats[] = {DocumentFormat::Auto, DocumentFormat::Lines,
                                           DocumentFormat::Labeled, DocumentFormat::Wikidoc};
  const DocumentFormat format = formats[data[0] % 4];
  static const fuzz::FuzzFile input("-docs.txt");
  input.write(fuzz::as_view(data + 1, size - 1));
  fuzz::expect_only_input_errors([&] {
    std::uint64_t skipped = 0;
    const Documents docs = read_documents(input.path(), format, &skipped);
    fuzz::require(docs.format != DocumentFormat::Auto, "the format is resolved");
    if (docs.format == DocumentFormat::Labeled)
      fuzz::require(docs.labels.size() == docs.texts.size(), "one label per document");
    else
      fuzz::require(docs.labels.empty(), "labels only in the labeled format");
    if (docs.format == DocumentFormat::Wikidoc)
      fuzz::require(docs.titles.empty() || docs.titles.size() == docs.texts.size(), "one title per article");
    std::size_t bytes = 0;
    for (const auto& t : docs.texts) bytes += t.size();
    fuzz::require(bytes <= size, "documents come from the file");
  });
  return 0;
}
