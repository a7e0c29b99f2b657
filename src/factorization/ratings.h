// User–item ratings: reading, id mapping and train/test splits.
//
// Input lines are `user item rating [timestamp]`, separated by tabs, commas or
// spaces (MovieLens `u.data`/`u1.base` are tab separated, `ratings.csv` is comma
// separated with a `userId,movieId,rating,timestamp` header, which is skipped).
// Ids are kept as strings and mapped to dense indices in order of first
// appearance; the user axis and the item axis each have their own IdMap, and
// every message names the axis ("user '17'", "item 'Toy Story'"), so the two are
// never confused or silently transposed.
//
// Train and test files read with the same RatingsData share the id maps: an id
// first seen in the test file gets an index too (with no training data).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/embeddings.h"

namespace embkit {

// Strings ↔ dense indices 0..size()-1, in order of first appearance.
class IdMap {
 public:
  explicit IdMap(std::string axis = "id") : axis_(std::move(axis)) {}
  // Index of `name`, adding it if new.
  std::int32_t add(std::string_view name);
  // Index of `name`, or -1.
  std::int32_t find(std::string_view name) const;
  const std::string& name(std::int32_t index) const { return names_[static_cast<std::size_t>(index)]; }
  const std::vector<std::string>& names() const { return names_; }
  std::int32_t size() const { return static_cast<std::int32_t>(names_.size()); }
  const std::string& axis() const { return axis_; }  // "user" or "item"

 private:
  std::string axis_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::int32_t> ids_;
};

struct Rating {
  std::int32_t user;       // index in RatingsData::users
  std::int32_t item;       // index in RatingsData::items
  float value;             // the rating as given
  std::int64_t timestamp;  // 0 when the file has no fourth column
};

using RatingList = std::vector<Rating>;

// The two id maps shared by every rating list of one experiment.
struct RatingsData {
  IdMap users{"user"};
  IdMap items{"item"};

  // Reads one ratings file, mapping ids through `users`/`items`. Throws
  // InputError naming file, line and value for a missing field, a rating that is
  // not a finite number, a non-integer timestamp, or an empty file.
  RatingList read(const std::string& path);

  // Line of the first rating without a timestamp in the last read() (0: every
  // rating had one). A split by time needs them all.
  std::uint64_t first_untimed_line = 0;
};

// Splits. Both return {train, test}; the input order inside each part is kept.
struct RatingSplit {
  RatingList train;
  RatingList test;
};

// Each rating goes to test with probability `test_fraction` (seeded, so the same
// seed gives the same split on every platform).
RatingSplit split_random(const RatingList& ratings, double test_fraction, std::uint64_t seed);

// Per user, the `n` most recent ratings by timestamp (ties: later in the file is
// more recent) go to test; users with at most n ratings keep them all in train,
// so every test user has training history.
RatingSplit split_leave_last(const RatingList& ratings, std::int32_t num_users, int n);

// Sum of values / count; 0 for an empty list.
double mean_rating(const RatingList& ratings);

// Per-user sorted item lists (CSR-like), e.g. the items each user saw in train.
// Only ratings with value >= min_value are kept. Duplicate (user, item) pairs
// are merged.
std::vector<std::vector<std::int32_t>> items_by_user(const RatingList& ratings, std::int32_t num_users,
                                                     float min_value = -1e30f);

// Implicit feedback from explicit ratings: every rating >= `threshold` is a
// positive interaction of value 1 (so each has the confidence 1 + α of Hu,
// Koren & Volinsky 2008, eq. 2, whatever its stars); lower ratings are dropped.
RatingList implicit_positives(const RatingList& ratings, double threshold);

// Which user and item indices have at least one rating in a list (1) or none (0).
struct RatedRows {
  std::vector<char> users;
  std::vector<char> items;
};
RatedRows rated_rows(const RatingList& ratings, std::int32_t num_users, std::int32_t num_items);

// Ratings of `test` whose user or item has no rating in `train` (cold start):
// a model can predict them from the mean and the other side's bias only.
std::int64_t count_cold_start(const RatingList& test, const RatedRows& train);

// Starting factors of a user-item model: `users` num_users × dim and `items`
// num_items × dim, every entry N(0, init_std²) from one stream seeded with
// `seed`, users first.
void init_factors(Matrix& users, Matrix& items, std::int32_t num_users, std::int32_t num_items, int dim,
                  double init_std, std::uint64_t seed);

}  // namespace embkit
