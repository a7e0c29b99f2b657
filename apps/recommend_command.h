// embkit recommend: top-k items for a user from user and item vectors written by
// `embkit mf`, excluding the items the user already rated (--ratings, required
// with --user unless --include-rated), or the
// items most like one item (--like) through the shared exact k-NN index.
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"

namespace embkit::cli::recommend {

struct Options {
  std::string users;
  std::string items;
  std::string user;         // recommend for this user id
  std::string like;         // or: items similar to this item id
  int k = 10;
  std::string ratings;      // seen items to exclude (the training ratings)
  bool include_rated = false;  // --user without --ratings: rated items stay in
  std::string items_table;  // u.item (pipe separated, latin-1) or movies.csv
  bool json = false;
  int threads = 0;
};

Options parse(const Args& args);
int run(const Options& options);

// Item id → title from MovieLens u.item ("id|title|...", latin-1, converted to
// UTF-8) or movies.csv ("movieId,title,genres" with a header and quoted titles).
std::vector<std::pair<std::string, std::string>> read_item_titles(const std::string& path);

}  // namespace embkit::cli::recommend
