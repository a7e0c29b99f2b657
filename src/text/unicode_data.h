// The tables behind unicode_tables.h, generated from the Python that runs
// scikit-learn by gen_unicode_tables.py into unicode_data.cc. Each table is
// sorted by `first`, its entries disjoint; kXSize is table kX's length.
#pragma once

#include <cstddef>

namespace embkit::unicode {

struct CodeRange {
  char32_t first, last;  // the code points first..last, inclusive
};

// str.lower() on a run: lower(cp) = cp + delta for cp = first, first + stride,
// ..., last (case pairs alternate in some blocks: stride 2).
struct LowerRun {
  char32_t first, last;
  int stride;
  int delta;
};

extern const CodeRange kWord[];          // re's \w: str.isalnum() or '_'
extern const CodeRange kCaseIgnorable[];  // Case_Ignorable, as Final_Sigma reads it
extern const CodeRange kCased[];          // Cased, for the code points not case-ignorable
extern const LowerRun kLower[];           // one-to-one str.lower() mappings
extern const std::size_t kWordSize, kCaseIgnorableSize, kCasedSize, kLowerSize;

}  // namespace embkit::unicode
