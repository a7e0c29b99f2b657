#include "recommend_command.h"

#include <iostream>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"
#include "core/input_file.h"
#include "core/json.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "eval/exact_index.h"
#include "eval/rec_metrics.h"
#include "factorization/ratings.h"

namespace embkit::cli::recommend {

Options parse(const Args& args) {
  Options o;
  po::options_description desc("Options");
  desc.add_options()
      ("users", po::value(&o.users), "user vectors from `embkit mf --output-users` (needed with --user)")
      ("items", po::value(&o.items)->required(), "item vectors from `embkit mf --output-items`")
      ("user", po::value(&o.user), "recommend items for this user id")
      ("like", po::value(&o.like), "instead: list the items most similar (cosine) to this item id")
      ("k,k", bound(o.k), "number of items listed")
      ("ratings", po::value(&o.ratings),
       "--user: the training ratings; the items the user rated there are left out (required unless --include-rated)")
      ("include-rated", po::bool_switch(&o.include_rated), "--user: list the items the user already rated too")
      ("items-table", po::value(&o.items_table), "titles: MovieLens u.item or movies.csv")
      ("json", po::bool_switch(&o.json),
       "print one JSON object instead of a table: the query, k and the ranked recommendations");
  add_threads_option(desc, o.threads);
  po::variables_map vm;
  if (!parse_args("recommend", "--users U --items I --user ID [--k 10] [--ratings R] [--items-table u.item]\n"
                  "       embkit recommend --items I --like ITEM_ID [--k 10]", desc, args, vm))
    return {};
  require_positive("k", o.k);
  if (o.user.empty() == o.like.empty()) throw UsageError("give exactly one of --user and --like");
  if (!o.user.empty() && o.users.empty()) throw UsageError("--user needs --users (the user vectors)");
  if (!o.like.empty() && (!o.ratings.empty() || o.include_rated))
    throw UsageError("--ratings and --include-rated apply only to --user");
  // The vectors do not record what the user rated: without the ratings the
  // top of the list is mostly items the user already knows.
  if (!o.user.empty() && o.ratings.empty() && !o.include_rated)
    throw UsageError("--user needs --ratings (the training ratings, whose items the user rated are left out) "
                     "or --include-rated");
  if (!o.ratings.empty() && o.include_rated) throw UsageError("--ratings and --include-rated are mutually exclusive");
  return o;
}

namespace {

// MovieLens u.item is latin-1; the output is UTF-8.
std::string latin1_to_utf8(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xc0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3f));
    }
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + static_cast<std::size_t>(n) > s.size()) return false;
    for (int k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) >> 6) != 2) return false;
    i += static_cast<std::size_t>(n);
  }
  return true;
}

// One CSV record's fields with "quoted, fields" and "" escapes.
std::vector<std::string> split_csv(const std::string& line, const std::string& path, std::uint64_t n) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted) throw_input_error(path, n, "unterminated quote");
  return fields;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_item_titles(const std::string& path) {
  LineReader reader(path);
  std::vector<std::pair<std::string, std::string>> out;
  std::string line;
  std::vector<std::string_view> parts;
  while (reader.next(line)) {
    const std::uint64_t n = reader.line_number();
    if (trim(line).empty()) continue;
    if (line.find('|') != std::string::npos) {
      split_char(line, '|', parts);
      if (parts.size() < 2) throw_input_error(path, n, "expected 'item id|title|...'");
      const std::string title(parts[1]);
      out.emplace_back(std::string(trim(parts[0])), valid_utf8(title) ? title : latin1_to_utf8(title));
    } else {
      const std::vector<std::string> fields = split_csv(line, path, n);
      if (fields.size() < 2) throw_input_error(path, n, "expected 'item id,title[,...]' or 'item id|title|...', got " + quote_input(line, 80));
      if (n == 1 && to_lower_ascii(fields[0]).find("id") != std::string::npos) continue;  // movies.csv header
      out.emplace_back(std::string(trim(fields[0])), fields[1]);
    }
  }
  return out;
}

namespace {

// Item rows in ranked order, with their scores.
struct Ranking {
  std::vector<std::int64_t> ids;
  std::vector<float> scores;
};

// Rows of `items` that the user rated in --ratings (excluded from the ranking).
std::vector<std::int32_t> seen_items(const Options& o, const Embeddings& items) {
  std::vector<std::int32_t> seen;
  if (o.ratings.empty()) return seen;
  RatingsData data;
  const RatingList ratings = data.read(o.ratings);
  std::unordered_set<std::string> seen_ids;
  for (const Rating& r : ratings)
    if (data.users.name(r.user) == o.user) seen_ids.insert(data.items.name(r.item));
  for (std::int64_t i = 0; i < items.rows(); ++i)
    if (seen_ids.count(items.labels[static_cast<std::size_t>(i)])) seen.push_back(static_cast<std::int32_t>(i));
  return seen;
}

// --user: items by the dot product of user and item vectors (the model's score).
Ranking for_user(const Options& o, const Embeddings& items) {
  const Embeddings users = read_vectors(o.users);
  if (users.dim() != items.dim())
    throw InputError(o.users + " has " + std::to_string(users.dim()) + "-dimensional user vectors but " + o.items +
                     " has " + std::to_string(items.dim()) + "-dimensional item vectors");
  const std::int64_t row = users.find(o.user);
  if (row < 0) throw InputError("user '" + o.user + "' is not in " + o.users);
  const std::vector<std::int32_t> seen = seen_items(o, items);
  std::vector<float> all(static_cast<std::size_t>(items.rows()));
  dot_product_scorer(users.vectors, items.vectors)(static_cast<std::int32_t>(row), all.data());
  Ranking ranking;
  for (std::int32_t i : top_k_items(all.data(), static_cast<std::int32_t>(items.rows()), o.k, seen)) {
    ranking.ids.push_back(i);
    ranking.scores.push_back(all[static_cast<std::size_t>(i)]);
  }
  return ranking;
}

// --like: the items nearest to one item by cosine.
Ranking like_item(const Options& o, const Embeddings& items) {
  const std::int64_t row = items.find(o.like);
  if (row < 0) throw InputError("item '" + o.like + "' is not in " + o.items);
  ExactIndex index(items.vectors, Metric::Cosine);
  index.set_threads(o.threads);
  const Exclusions exclude{{row}};
  const Neighbors nn = index.search(Matrix(items.vectors.row(row)), o.k, &exclude);
  Ranking ranking;
  for (Eigen::Index r = 0; r < nn.ids.cols(); ++r) {
    if (nn.ids(0, r) < 0) break;
    ranking.ids.push_back(nn.ids(0, r));
    ranking.scores.push_back(nn.scores(0, r));
  }
  return ranking;
}

void print(const Options& o, const Embeddings& items, const Ranking& ranking,
           const std::unordered_map<std::string, std::string>& titles) {
  auto title_of = [&](const std::string& id) {
    auto it = titles.find(id);
    return it == titles.end() ? std::string() : it->second;
  };
  if (o.json) {
    print_json_summary([&](JsonWriter& j) {
      if (o.user.empty())
        j.key("like").value(o.like);
      else
        j.key("user").value(o.user).key("rated_items_excluded").value(!o.include_rated);
      j.key("k").value(o.k).key("recommendations").begin_array();
      for (std::size_t r = 0; r < ranking.ids.size(); ++r) {
        const std::string& id = items.labels[static_cast<std::size_t>(ranking.ids[r])];
        j.begin_object().key("rank").value(static_cast<std::int64_t>(r + 1)).key("item").value(id);
        j.key("score").value(ranking.scores[r]);
        if (!titles.empty()) j.key("title").value(title_of(id));
        j.end_object();
      }
      j.end_array();
    });
    return;
  }
  std::cout << "rank\titem\tscore" << (titles.empty() ? "" : "\ttitle") << "\n";
  for (std::size_t r = 0; r < ranking.ids.size(); ++r) {
    const std::string& id = items.labels[static_cast<std::size_t>(ranking.ids[r])];
    std::cout << r + 1 << "\t" << id << "\t" << format_float(ranking.scores[r]);
    if (!titles.empty()) std::cout << "\t" << title_of(id);
    std::cout << "\n";
  }
}

}  // namespace

int run(const Options& o) {
  const Embeddings items = read_vectors(o.items);
  std::unordered_map<std::string, std::string> titles;
  if (!o.items_table.empty())
    for (auto& [id, title] : read_item_titles(o.items_table)) titles[id] = title;
  print(o, items, o.user.empty() ? like_item(o, items) : for_user(o, items), titles);
  return 0;
}

EMBKIT_REGISTER_COMMAND("recommend", "Top-k items for a user (or items like an item) from mf vectors",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.items.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::recommend
