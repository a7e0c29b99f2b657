#include "text/unicode_tables.h"

#include <algorithm>

#include "text/unicode_data.h"

namespace embkit::unicode {

namespace {

// The last entry of the sorted table[0, size) that starts at or before cp, or
// nullptr: the only one that can contain cp.
template <typename Entry>
const Entry* entry_before(const Entry* table, std::size_t size, char32_t cp) {
  const Entry* it = std::upper_bound(table, table + size, cp,
                                     [](char32_t c, const Entry& r) { return c < r.first; });
  return it == table ? nullptr : it - 1;
}

bool in_ranges(const CodeRange* table, std::size_t size, char32_t cp) {
  const CodeRange* r = entry_before(table, size, cp);
  return r != nullptr && cp <= r->last;
}

}  // namespace

bool is_word(char32_t cp) { return in_ranges(kWord, kWordSize, cp); }
bool is_case_ignorable(char32_t cp) { return in_ranges(kCaseIgnorable, kCaseIgnorableSize, cp); }
bool is_cased(char32_t cp) { return in_ranges(kCased, kCasedSize, cp); }

int to_lower(char32_t cp, char32_t out[2]) {
  if (cp == 0x130) {  // LATIN CAPITAL LETTER I WITH DOT ABOVE -> i + COMBINING DOT ABOVE
    out[0] = 0x69;
    out[1] = 0x307;
    return 2;
  }
  out[0] = cp;
  const LowerRun* r = entry_before(kLower, kLowerSize, cp);
  if (r != nullptr && cp <= r->last && (cp - r->first) % r->stride == 0)
    out[0] = static_cast<char32_t>(static_cast<int>(cp) + r->delta);
  return 1;
}

}  // namespace embkit::unicode
