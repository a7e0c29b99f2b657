// The interactive embedding explorer: one self-contained HTML file (inline
// JavaScript and CSS, no network request, opens from file://) with a zoomable
// 2-D map of the words (or a 3-D one, rotated by dragging), nearest neighbours and analogies computed in the page,
// and, for several vector files, their neighbour lists side by side with the
// overlap@k between them.
//
// The caller (apps/explore_command.cc) chooses the words, aligns each file's
// vectors to them and computes the 2-D map and the colours; this file only
// writes the page. Data travels as a JSON block (words, legend, colours) and
// two base64 blocks per file: the coordinates (x, y, z per word) and the
// unit-length vectors, as little-endian float32, or the vectors as IEEE
// float16 with `half`.
// Everything that comes from the input (words, group names, file names) is
// escaped for the place it lands in, and the page inserts it with textContent
// only, so no label can inject markup.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/embeddings.h"

namespace embkit {

struct ExplorerMethod {
  std::string name;                 // shown above its neighbour list (the file name)
  Matrix vectors;                   // words × dim; rows unit length, all zero where the word is missing
  std::vector<float> x, y, z;       // the 3-D map, one point per word (the 2-D view shows x and y)
  double explained[3] = {0, 0, 0};  // share of the variance on each axis
  std::vector<std::int32_t> colour; // legend entry of each word
  std::vector<std::string> legend;  // one name per colour
};

struct ExplorerPage {
  std::string title;
  std::vector<std::string> words;  // most frequent first: labels are drawn in this order
  std::vector<ExplorerMethod> methods;
  int k = 10;         // neighbours listed, and the k of overlap@k
  bool half = false;  // vectors as float16 (half the size, ~3 significant digits)
  bool view_3d = false;  // the page opens on the 3-D map (a button switches)
};

// The whole page. Throws UsageError if the methods disagree with the words.
std::string render_explorer_html(const ExplorerPage& page);
// Through AtomicFile; returns the page's size in bytes. Throws InputError if
// the path is not writable.
std::uint64_t write_explorer_html(const ExplorerPage& page, const std::string& path);

// The pieces, exposed for the tests.
std::string base64_encode(const void* data, std::size_t bytes);
// IEEE 754 binary16, round to nearest even; overflow to ±inf, tiny values to subnormals/0.
std::uint16_t float_to_half(float value);
// The JSON body of a string safe inside <script>: json_escape, with < > &
// written as \u003c \u003e \u0026 so that no "</script>" or "<!--" can appear.
std::string script_json_string(const std::string& text);

// The page's script and style sheet (explorer_page_assets.cc).
extern const char* const kExplorerScript;
extern const char* const kExplorerStyle;

}  // namespace embkit
