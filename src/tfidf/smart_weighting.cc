#include "tfidf/smart_weighting.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "core/error.h"

namespace embkit {
namespace {

void require_letter(char letter, const char* allowed, const char* role, const std::string& code) {
  if (std::strchr(allowed, letter) == nullptr || letter == '\0')
    throw ParameterError("smart", "'" + code + "': unknown " + role + " letter '" + std::string(1, letter) +
                     "' (expected one of " + allowed + ")");
}

// formula()'s text for each letter (SMART notation: Salton & Buckley 1988).
struct LetterFormula {
  char letter;
  const char* text;
};
constexpr LetterFormula kTfFormulas[] = {
    {'n', "c"}, {'l', "1 + ln(c)"}, {'a', "0.5 + 0.5 * c / max_c(d)"}, {'b', "1"},
    {'L', "(1 + ln(c)) / (1 + ln(mean_c(d)))"}, {'r', "c / tokens(d)"}};
constexpr LetterFormula kIdfFormulas[] = {
    {'n', "1"}, {'t', "ln(N / df)"}, {'p', "max(0, ln((N - df) / df))"},
    {'s', "ln((1 + N) / (1 + df)) + 1"}, {'u', "ln(N / df) + 1"}};

template <std::size_t N>
std::string formula_of(const LetterFormula (&table)[N], char letter) {
  for (const LetterFormula& f : table)
    if (f.letter == letter) return f.text;
  return "";
}

}  // namespace

SmartWeighting SmartWeighting::parse(const std::string& code) {
  if (code.size() != 3)
    throw ParameterError("smart", "must be three letters (term frequency, document frequency, "
                     "normalization), e.g. ltc; got '" + code + "'");
  SmartWeighting w;
  w.tf = code[0];
  w.idf = code[1];
  w.norm = code[2];
  require_letter(w.tf, "nlabLr", "term-frequency", code);
  require_letter(w.idf, "ntpsu", "document-frequency", code);
  require_letter(w.norm, "nc", "normalization", code);
  return w;
}

namespace {
// Name → SMART code.
const std::pair<const char*, const char*> kPresets[] = {{"sklearn", "nsc"}, {"textbook", "rtn"}};
}  // namespace

SmartWeighting SmartWeighting::preset(const std::string& name) {
  for (const auto& [preset, code] : kPresets)
    if (name == preset) return parse(code);
  throw ParameterError("preset", "must be sklearn or textbook, got '" + name + "'");
}

std::string SmartWeighting::preset_name() const {
  for (const auto& [preset, preset_code] : kPresets)
    if (code() == preset_code) return preset;
  return "";
}

std::string SmartWeighting::formula() const {
  const std::string tf_text = formula_of(kTfFormulas, tf), idf_text = formula_of(kIdfFormulas, idf);
  return "SMART " + code() + ": tf = " + tf_text + "; idf = " + idf_text +
         "; w = tf * idf; " + (norm == 'c' ? "rows L2-normalized" : "no normalization") +
         " (c = count of the term in document d, N = documents, df = documents containing the term)";
}

double SmartWeighting::idf_value(std::int64_t df, std::int64_t n_docs) const {
  const double N = static_cast<double>(n_docs);
  const double d = static_cast<double>(df);
  switch (idf) {
    case 'n': return 1.0;
    case 't': return std::log(N / d);
    case 'p': return std::max(0.0, std::log((N - d) / d));
    case 's': return std::log((1.0 + N) / (1.0 + d)) + 1.0;
    case 'u': return std::log(N / d) + 1.0;
  }
  EMBKIT_CHECK(false, "unknown idf letter");
  return 0;
}

}  // namespace embkit
