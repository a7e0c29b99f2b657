// embkit explore: the page's pieces (base64, float16, escaping), the page the
// command writes, and — tagged [browser] — the page rendered by a real
// browser (Debian's chromium, headless): its neighbour list against
// `embkit knn`, no network request, hostile labels, several files side by side,
// and the 3-D view turned with the mouse (tests/eval/browser_driver.py).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <regex>
#include <sstream>

#include "core/embeddings.h"
#include "core/random.h"
#include "core/vectors_io.h"
#include "eval/explorer_page.h"
#include "support/test_util.h"

using namespace embkit;
using namespace embkit::test;

namespace {

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// `words` with seeded Gaussian vectors: distinct scores, so the order of the
// neighbours is the same in any precision the page and embkit compute in.
void write_random_vectors(const std::string& path, const std::vector<std::string>& words, int dim,
                          std::uint64_t seed) {
  Rng rng(seed);
  Matrix m(static_cast<Eigen::Index>(words.size()), dim);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.normal());
  write_vectors(Embeddings(words, m), path);
}

// Text of the DOM as chromium serialises it, back to the characters.
std::string unescape_html(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    static const std::pair<const char*, char> entities[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'},
                                                            {"&quot;", '"'}, {"&nbsp;", ' '}};
    bool replaced = false;
    for (const auto& [entity, c] : entities)
      if (text.compare(i, std::strlen(entity), entity) == 0) {
        out += c;
        i += std::strlen(entity) - 1;
        replaced = true;
        break;
      }
    if (!replaced) out += text[i];
  }
  return out;
}

// The word lists in the DOM between `from` and `to` (e.g. the element with id
// "neighbours" and the next one): one list per vector file.
std::vector<std::vector<std::string>> word_lists(const std::string& dom, const std::string& from,
                                                 const std::string& to) {
  const std::size_t begin = dom.find(from), end = dom.find(to, begin);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const std::string part = dom.substr(begin, end - begin);
  std::vector<std::vector<std::string>> lists;
  const std::regex list_start(R"(class="method-list")"), word(R"(<span class="word">([^<]*)</span>)");
  for (std::sregex_iterator it(part.begin(), part.end(), list_start), stop; it != stop; ++it) {
    lists.emplace_back();
    const std::size_t at = static_cast<std::size_t>(it->position());
    const std::size_t next = part.find("class=\"method-list\"", at + 1);
    const std::string list = part.substr(at, next == std::string::npos ? std::string::npos : next - at);
    for (std::sregex_iterator w(list.begin(), list.end(), word); w != stop; ++w)
      lists.back().push_back(unescape_html((*w)[1]));
  }
  return lists;
}

// `embkit knn --query WORD --k 10` on `vectors`: the neighbours' labels.
std::vector<std::string> knn_words(const std::string& vectors, const std::string& word) {
  const CommandResult r = run_embkit("knn --vectors " + vectors + " --query '" + word + "' --k 10 -q");
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t a = line.find('\t'), b = line.find('\t', a + 1);
    out.push_back(line.substr(a + 1, b - a - 1));
  }
  return out;
}

struct Render {
  std::string dom;      // --dump-dom
  std::string console;  // the page's console lines (errors, refused requests)
  std::vector<std::string> requests;  // URLs the page itself asked for, from chromium's net log
};

// Loads file://PAGE#FRAGMENT in chromium headless and returns the DOM once the
// scripts have run. The net log lists every request; those the page made carry
// its network isolation key "file://" (chromium's own update checks do not).
// A proxy pointing nowhere makes sure nothing could be fetched anyway.
Render render(const TempDir& tmp, const std::string& page, const std::string& fragment,
              const std::string& screenshot = "") {
  require_programs({"chromium"});
  const std::string out = tmp.file("dom.html"), err = tmp.file("chromium.err"), netlog = tmp.file("netlog.json");
  const std::string common = "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,850 "
                             "--user-data-dir=" + tmp.file("profile") +
                             " --proxy-server=127.0.0.1:9 --virtual-time-budget=20000 ";
  const std::string url = "'file://" + page + fragment + "'";
  const std::string cmd = common + "--enable-logging=stderr --v=0 --log-net-log=" + netlog + " --dump-dom " + url +
                          " >" + out + " 2>" + err;
  INFO(cmd);
  REQUIRE(std::system(cmd.c_str()) == 0);
  Render r;
  r.dom = read_file(out);
  std::istringstream log(read_file(err));
  for (std::string line; std::getline(log, line);)
    if (line.find(":CONSOLE") != std::string::npos) r.console += line + "\n";
  std::istringstream events(read_file(netlog));
  const std::regex url_field(R"re("url":"([^"]*)")re");
  for (std::string line; std::getline(events, line);) {
    std::smatch m;
    if (line.find("\"network_isolation_key\":\"file://") != std::string::npos &&
        std::regex_search(line, m, url_field) && m[1].str().compare(0, 5, "file:") != 0)
      r.requests.push_back(m[1]);
  }
  if (!screenshot.empty()) {
    const std::string shot = common + "--screenshot=" + screenshot + " " + url + " >/dev/null 2>&1";
    INFO(shot);
    REQUIRE(std::system(shot.c_str()) == 0);
  }
  return r;
}

// Where a test keeps what a person may want to look at after the run: the
// build folder's test-artifacts/ (beside the embkit binary it ran).
std::string artifact(const std::string& name) {
  const fs::path dir = fs::path(EMBKIT_BINARY).parent_path() / "test-artifacts";
  fs::create_directories(dir);
  return (dir / name).string();
}

}  // namespace

TEST_CASE("explorer page pieces: base64, float16, script-safe JSON", "[explore]") {
  // RFC 4648 §10 test vectors.
  const std::pair<const char*, const char*> rfc[] = {{"", ""},         {"f", "Zg=="},     {"fo", "Zm8="},
                                                     {"foo", "Zm9v"},  {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                                                     {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : rfc) CHECK(base64_encode(plain, std::strlen(plain)) == encoded);
  const unsigned char high[] = {0xff, 0xfe, 0x00};
  CHECK(base64_encode(high, 3) == "//4A");

  CHECK(float_to_half(1.0f) == 0x3c00);
  CHECK(float_to_half(-2.0f) == 0xc000);
  CHECK(float_to_half(0.0f) == 0x0000);
  CHECK(float_to_half(-0.0f) == 0x8000);
  CHECK(float_to_half(65504.0f) == 0x7bff);           // the largest half
  CHECK(float_to_half(65519.0f) == 0x7bff);           // rounds down to it
  CHECK(float_to_half(65520.0f) == 0x7c00);           // rounds up to inf
  CHECK(float_to_half(0.1f) == 0x2e66);
  CHECK(float_to_half(std::ldexp(1.0f, -14)) == 0x0400);  // smallest normal
  CHECK(float_to_half(std::ldexp(1.0f, -24)) == 0x0001);  // smallest subnormal
  CHECK(float_to_half(std::ldexp(1.0f, -25)) == 0x0000);  // halfway to it: even (0)
  CHECK(float_to_half(std::ldexp(1.5f, -25)) == 0x0001);
  CHECK(float_to_half(1.0f + std::ldexp(1.0f, -11)) == 0x3c00);      // halfway: to even
  CHECK(float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)) == 0x3c02);  // halfway: to even (up)
  CHECK(float_to_half(2047.5f) == 0x6800);  // 2047.5 → 2048: the carry moves into the exponent
  CHECK(float_to_half(INFINITY) == 0x7c00);
  CHECK((float_to_half(NAN) & 0x7c00) == 0x7c00);
  CHECK((float_to_half(NAN) & 0x3ff) != 0);

  CHECK(script_json_string("</script><!--") == "\\u003c/script\\u003e\\u003c!--");
  CHECK(script_json_string("a&b \"q\"") == "a\\u0026b \\\"q\\\"");
  CHECK(script_json_string("\xff") == "\\u00ff");
}

TEST_CASE("explore writes one page whose labels cannot break out of their place", "[explore][cli]") {
  TempDir tmp;
  const std::vector<std::string> words = {"paris", "<b>bold</b>", "a&amp;b", "\"quoted\"", "it's",
                                          "</script><script>document.body.dataset.pwned=1</script>",
                                          "\xff\xfe", "<!--", "rome", "berlin", "madrid"};
  const std::string vectors = tmp.file("hostile.bin"), page = tmp.file("page.html");
  write_random_vectors(vectors, words, 8, 3);
  const CommandResult r = run_embkit("explore --vectors " + vectors + " --output " + page + " --clusters 3 --json -q");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"words\":11") != std::string::npos);
  const std::string html = read_file(page);
  // The page's own blocks and nothing else: meta, map and vectors, the script.
  CHECK(count_of(html, "<script") == 4);
  CHECK(count_of(html, "</script>") == 4);
  CHECK(count_of(html, "<!--") == 0);
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("\xff") == std::string::npos);  // written as \u00ff
  // Nothing that could reach the network.
  for (const char* token : {"http:", "https:", "//cdn", "fetch(", "XMLHttpRequest", "WebSocket", "EventSource",
                            "import(", "src=", "href=", "url(", "@import", "sendBeacon"})
    CHECK(html.find(token) == std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
}

TEST_CASE("explore --groups colours by group, --half halves the vectors", "[explore][cli]") {
  TempDir tmp;
  std::vector<std::string> words;
  for (int i = 0; i < 40; ++i) words.push_back("w" + std::to_string(i));
  const std::string vectors = tmp.file("v.vec");
  write_random_vectors(vectors, words, 16, 5);
  const std::string groups = tmp.write("groups.tsv", "w0\tfruit\nw1\tfruit\nw2\t<tools>\n\nnot-on-page\tfruit\n");
  REQUIRE(run_embkit("explore -v " + vectors + " -o " + tmp.file("g.html") + " --groups " + groups + " -q")
              .exit_code == 0);
  const std::string html = read_file(tmp.file("g.html"));
  CHECK(html.find("\"legend\":[\"fruit\",\"\\u003ctools\\u003e\",\"(no group)\"]") != std::string::npos);
  CHECK(html.find("\"colour\":[0,0,1,2,2,") != std::string::npos);

  REQUIRE(run_embkit("explore -v " + vectors + " -o " + tmp.file("f.html") + " -q").exit_code == 0);
  REQUIRE(run_embkit("explore -v " + vectors + " -o " + tmp.file("h.html") + " --half -q").exit_code == 0);
  const auto full = fs::file_size(tmp.file("f.html")), half = fs::file_size(tmp.file("h.html"));
  // 40 × 16 values: 3416 base64 characters as float32, 1708 as float16; and
  // "half":false against "half":true.
  CHECK(full - half == 3416 - 1708 + 1);

  const CommandResult bad = run_embkit("explore -v " + vectors + " -o " + tmp.file("x.html") + " --groups " +
                                       tmp.write("bad.tsv", "w0 fruit\n") + " -q");
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("bad.tsv:1: expected word<TAB>group") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp.file("x.html")));
}

TEST_CASE("explore maps the words to 3 PCA axes; --view chooses the view the page opens with", "[explore][cli]") {
  TempDir tmp;
  std::vector<std::string> words;
  for (int i = 0; i < 30; ++i) words.push_back("w" + std::to_string(i));
  const std::string vectors = tmp.file("v.vec");
  write_random_vectors(vectors, words, 10, 7);
  const CommandResult r =
      run_embkit("explore -v " + vectors + " -o " + tmp.file("3d.html") + " --view 3d --json -q");
  REQUIRE(r.exit_code == 0);
  // Three shares of the variance, decreasing, together at most 1.
  const std::regex ratios(R"re("explained_variance_ratio":\[([^,\]]+),([^,\]]+),([^,\]]+)\])re");
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, ratios));
  const double r1 = std::stod(m[1]), r2 = std::stod(m[2]), r3 = std::stod(m[3]);
  CHECK(r1 >= r2);
  CHECK(r2 >= r3);
  CHECK(r3 > 0);
  CHECK(r1 + r2 + r3 <= 1 + 1e-9);
  const std::string html = read_file(tmp.file("3d.html"));
  CHECK(html.find("\"view\":\"3d\"") != std::string::npos);
  CHECK(html.find("id=\"view-toggle\"") != std::string::npos);
  // The map block: x, y, z as float32 for each of the 30 words, 360 bytes.
  const std::size_t open = html.find("id=\"explorer-map-0\">"), close = html.find("</script>", open);
  REQUIRE(open != std::string::npos);
  CHECK(close - open - std::strlen("id=\"explorer-map-0\">") == 480);  // base64 of 360 bytes
  REQUIRE(run_embkit("explore -v " + vectors + " -o " + tmp.file("2d.html") + " -q").exit_code == 0);
  CHECK(read_file(tmp.file("2d.html")).find("\"view\":\"2d\"") != std::string::npos);
  const CommandResult bad = run_embkit("explore -v " + vectors + " -o " + tmp.file("x.html") + " --view 4d");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--view must be one of 2d, 3d, got '4d'") != std::string::npos);
}

TEST_CASE("the explorer page in chromium lists the neighbours embkit knn finds", "[explore][browser]") {
  TempDir tmp;
  const std::string vectors = source_path("tests/eval/data/fixture.vec"), page = tmp.file("page.html");
  REQUIRE(run_embkit("explore --vectors " + vectors + " --output " + page + " -q").exit_code == 0);
  const Render r = render(tmp, page, "#query=France", artifact("explore-france.png"));
  INFO(r.console);
  CHECK(r.console.empty());  // no script error, no refused request
  CHECK(r.requests.empty());
  CHECK(r.dom.find("data-ready=\"1\"") != std::string::npos);
  const auto lists = word_lists(r.dom, "id=\"neighbours\"", "id=\"overlap\"");
  REQUIRE(lists.size() == 1);
  CHECK(lists[0] == knn_words(vectors, "France"));
  // The screenshot is kept as the run's artefact: a PNG of the whole page.
  const std::string png = read_file(artifact("explore-france.png"));
  CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  CHECK(png.size() > 20000);
}

TEST_CASE("the 3-D view in chromium: every word drawn, the same neighbours, dragging turns it", "[explore][browser]") {
  TempDir tmp;
  const std::string vectors = source_path("tests/eval/data/fixture.vec"), page = tmp.file("page.html");
  const CommandResult made = run_embkit("explore --vectors " + vectors + " --output " + page + " --view 3d --json -q");
  REQUIRE(made.exit_code == 0);
  std::smatch count;
  REQUIRE(std::regex_search(made.out, count, std::regex(R"("words":(\d+))")));
  const std::string words = count[1];
  const Render r = render(tmp, page, "#query=France", artifact("explore-france-3d.png"));
  INFO(r.console);
  CHECK(r.console.empty());
  CHECK(r.requests.empty());
  CHECK(r.dom.find("data-ready=\"1\"") != std::string::npos);
  CHECK(r.dom.find("data-view=\"3d\"") != std::string::npos);
  // Fitted to the plot: every word is drawn.
  CHECK(r.dom.find("data-rendered-points=\"" + words + "\"") != std::string::npos);
  const auto lists = word_lists(r.dom, "id=\"neighbours\"", "id=\"overlap\"");
  REQUIRE(lists.size() == 1);
  CHECK(lists[0] == knn_words(vectors, "France"));

  // With the mouse, through the DevTools protocol: a drag turns the cloud (the
  // query moves, and not by the drag's offset), a shift-drag pans (by exactly
  // the offset), the button switches to the 2-D map, where a drag pans.
  require_programs({"chromium", "python3"});
  const std::string states = tmp.file("states.txt");
  const std::string drive = "python3 " + source_path("tests/eval/browser_driver.py") + " 'file://" + page +
                            "#query=France' " + tmp.file("driver-profile") +
                            " drag:120,40 shiftdrag:30,-20 click:view-toggle drag:50,25 >" + states;
  INFO(drive);
  REQUIRE(std::system(drive.c_str()) == 0);
  struct State {
    std::string view;
    long rendered;
    double x, y;
  };
  std::vector<State> s;
  std::istringstream lines(read_file(states));
  const std::regex state(R"(state \d+ view=(\w+) rendered=(\d+) query=([-0-9.]+),([-0-9.]+))");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    REQUIRE(std::regex_match(line, m, state));
    s.push_back({m[1], std::stol(m[2]), std::stod(m[3]), std::stod(m[4])});
  }
  REQUIRE(s.size() == 5);
  CHECK(s[0].view == "3d");
  CHECK(s[0].rendered == std::stol(words));
  const double turned_x = s[1].x - s[0].x, turned_y = s[1].y - s[0].y;
  CHECK(std::hypot(turned_x, turned_y) > 5);
  CHECK(std::hypot(turned_x - 120, turned_y - 40) > 5);
  CHECK(s[1].rendered > 0);
  CHECK(s[2].x - s[1].x == Approx(30).margin(0.2));
  CHECK(s[2].y - s[1].y == Approx(-20).margin(0.2));
  CHECK(s[3].view == "2d");
  CHECK(s[3].rendered == std::stol(words));
  CHECK(s[4].x - s[3].x == Approx(50).margin(0.2));
  CHECK(s[4].y - s[3].y == Approx(25).margin(0.2));
}

TEST_CASE("the network check sees a page that makes a request", "[explore][browser]") {
  // The detector of render() on a page that does ask for an image (no CSP):
  // without this, an empty request list would prove nothing.
  TempDir tmp;
  const std::string page =
      tmp.write("fetching.html", "<html><body><img src=\"http://127.0.0.1:9/x.png\"></body></html>");
  const Render r = render(tmp, page, "");
  REQUIRE(r.requests.size() == 1);
  CHECK(r.requests[0] == "http://127.0.0.1:9/x.png");
}

TEST_CASE("hostile labels do not break the page in chromium", "[explore][browser]") {
  TempDir tmp;
  std::vector<std::string> words = {"<b>bold</b>", "a&amp;b", "\"quoted\"", "it's",
                                    "</script><script>document.body.dataset.pwned=1</script>", "\xff\xfe",
                                    "<!--", "<img/src=x/onerror=document.body.dataset.pwned=2>"};
  for (int i = 0; i < 30; ++i) words.push_back("w" + std::to_string(i));
  const std::string vectors = tmp.file("hostile.bin"), page = tmp.file("page.html");
  write_random_vectors(vectors, words, 12, 11);
  REQUIRE(run_embkit("explore --vectors " + vectors + " --output " + page + " -q").exit_code == 0);
  // The query itself is a hostile label, percent-encoded in the link.
  const Render r = render(tmp, page, "#query=%3Cb%3Ebold%3C%2Fb%3E");
  INFO(r.console);
  CHECK(r.console.empty());
  CHECK(r.requests.empty());
  CHECK(r.dom.find("data-ready=\"1\"") != std::string::npos);
  CHECK(r.dom.find("data-pwned") == std::string::npos);
  CHECK(r.dom.find("<img") == std::string::npos);
  CHECK(r.dom.find("<b>bold") == std::string::npos);
  const auto lists = word_lists(r.dom, "id=\"neighbours\"", "id=\"overlap\"");
  REQUIRE(lists.size() == 1);
  REQUIRE(lists[0].size() == 10);
  // Labels that are valid UTF-8 read back exactly; "\xff\xfe" shows as its Latin-1 reading "ÿþ".
  std::vector<std::string> expected = knn_words(vectors, "<b>bold</b>");
  for (std::string& w : expected)
    if (w == "\xff\xfe") w = "\xc3\xbf\xc3\xbe";
  CHECK(lists[0] == expected);
}

TEST_CASE("two vector files side by side in chromium: both lists, overlap@10, float16", "[explore][browser]") {
  TempDir tmp;
  std::vector<std::string> words;
  for (int i = 0; i < 200; ++i) words.push_back("w" + std::to_string(i));
  const std::string a = tmp.file("a.vec"), b = tmp.file("b.vec"), page = tmp.file("page.html");
  write_random_vectors(a, words, 16, 21);
  // b: other vectors (and another dimension) for most of a's words and one of its own.
  std::vector<std::string> other(words.begin() + 5, words.end());
  other.push_back("extra");
  write_random_vectors(b, other, 24, 22);
  REQUIRE(run_embkit("explore -v " + a + " -v " + b + " -o " + page + " -q").exit_code == 0);
  Render r = render(tmp, page, "#query=w7");
  INFO(r.console);
  CHECK(r.console.empty());
  auto lists = word_lists(r.dom, "id=\"neighbours\"", "id=\"overlap\"");
  REQUIRE(lists.size() == 2);
  CHECK(lists[0] == knn_words(a, "w7"));
  // b's neighbours among the page's words (a's): b's own extra word is not one.
  std::vector<std::string> from_b;
  const CommandResult all = run_embkit("knn --vectors " + b + " --query w7 --k 20 -q");
  std::istringstream lines(all.out);
  for (std::string line; std::getline(lines, line) && from_b.size() < 10;) {
    const std::size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    const std::string w = line.substr(t1 + 1, t2 - t1 - 1);
    if (w != "extra") from_b.push_back(w);
  }
  CHECK(lists[1] == from_b);
  int common = 0;
  for (const std::string& w : lists[0]) common += std::count(lists[1].begin(), lists[1].end(), w) > 0;
  char expected[64];
  std::snprintf(expected, sizeof expected, "a.vec / b.vec: %.2f (%d of 10)", common / 10.0, common);
  CHECK(r.dom.find(expected) != std::string::npos);
  // w2 is only in a: b's column says so.
  r = render(tmp, page, "#query=w2");
  lists = word_lists(r.dom, "id=\"neighbours\"", "id=\"overlap\"");
  REQUIRE(lists.size() == 2);
  CHECK(lists[0].size() == 10);
  CHECK(lists[1].empty());
  CHECK(r.dom.find("not in this file: w2") != std::string::npos);
  // float16 vectors: the same page, and the nearest word unchanged.
  REQUIRE(run_embkit("explore -v " + a + " -o " + tmp.file("half.html") + " --half -q").exit_code == 0);
  r = render(tmp, tmp.file("half.html"), "#query=w7");
  lists = word_lists(r.dom, "id=\"neighbours\"", "id=\"overlap\"");
  REQUIRE(lists.size() == 1);
  REQUIRE(lists[0].size() == 10);
  CHECK(lists[0][0] == knn_words(a, "w7")[0]);
}

TEST_CASE("compare --html writes the explorer page of the methods it trained", "[explore][compare][cli]") {
  TempDir tmp;
  std::string corpus;
  for (int i = 0; i < 200; ++i)
    corpus += "the king rules the land and the queen rules the land too\n"
              "a man walks and a woman walks in the land of the king\n";
  const std::string corpus_path = tmp.write("corpus.txt", corpus), page = tmp.file("compare.html");
  tmp.write("EN-WS-353-ALL.txt", "king\tqueen\t8\nman\twoman\t8\nking\tland\t3\n");
  const CommandResult r = run_embkit(
      "compare --quiet --threads 1 --input " + corpus_path + " --data " + tmp.path() +
      " --methods word2vec-sg,ppmi-svd --extra 'word2vec-sg=--min-count 1 --epochs 1 --dim 8'"
      " 'ppmi-svd=--min-count 1 --dim 4' --html " + page);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("| word2vec-sg |") != std::string::npos);  // the table is still printed
  const std::string html = read_file(page);
  CHECK(html.find("{\"name\":\"word2vec-sg\",\"dim\":8,") != std::string::npos);
  CHECK(html.find("{\"name\":\"ppmi-svd\",\"dim\":4,") != std::string::npos);
  CHECK(html.find("<title>embkit explore: word2vec-sg, ppmi-svd</title>") != std::string::npos);
  CHECK(run_embkit("compare --input " + corpus_path + " --html " + tmp.file("x.svg")).exit_code == 2);
}
