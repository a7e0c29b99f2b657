#include "factorization/ratings.h"

#include <algorithm>
#include <initializer_list>
#include <numeric>

#include "core/error.h"
#include "core/input_file.h"
#include "core/random.h"
#include "core/text.h"

namespace embkit {

std::int32_t IdMap::add(std::string_view name) {
  auto it = ids_.find(std::string(name));
  if (it != ids_.end()) return it->second;
  EMBKIT_CHECK(names_.size() < 0x7fffffffu, "too many " + axis_ + " ids");
  const auto index = static_cast<std::int32_t>(names_.size());
  names_.emplace_back(name);
  ids_.emplace(names_.back(), index);
  return index;
}

std::int32_t IdMap::find(std::string_view name) const {
  auto it = ids_.find(std::string(name));
  return it == ids_.end() ? -1 : it->second;
}

namespace {

// Fields of one line: tab if present, else comma, else any whitespace — so
// "1\t2\t5", "1,2,5" and "1 2 5" all work, and ids may contain spaces in
// tab- or comma-separated files.
void split_fields(std::string_view line, std::vector<std::string_view>& fields) {
  if (line.find('\t') != std::string_view::npos) {
    split_char(line, '\t', fields);
  } else if (line.find(',') != std::string_view::npos) {
    split_char(line, ',', fields);
  } else {
    split_whitespace(line, fields);
  }
  for (auto& f : fields) f = trim(f);
}

}  // namespace

RatingList RatingsData::read(const std::string& path) {
  LineReader reader(path);
  RatingList out;
  std::string line;
  std::vector<std::string_view> fields;
  first_untimed_line = 0;
  while (reader.next(line)) {
    const std::uint64_t n = reader.line_number();
    if (trim(line).empty()) continue;
    split_fields(line, fields);
    if (fields.size() < 3 || fields.size() > 4)
      throw_input_error(path, n, "expected 'user item rating [timestamp]' (3 or 4 fields), found " +
                                     std::to_string(fields.size()) + " field(s): " + quote_input(line, 80));
    // MovieLens ratings.csv starts with "userId,movieId,rating,timestamp".
    if (n == 1 && out.empty() && to_lower_ascii(fields[2]) == "rating") continue;
    if (fields[0].empty()) throw_input_error(path, n, "empty user id");
    if (fields[1].empty()) throw_input_error(path, n, "empty item id");
    Rating r;
    r.value = parse_float(fields[2], path, n, "a rating (number)");
    r.timestamp = fields.size() == 4 ? parse_int(fields[3], path, n, "an integer timestamp") : 0;
    if (fields.size() == 3 && first_untimed_line == 0) first_untimed_line = n;
    r.user = users.add(fields[0]);
    r.item = items.add(fields[1]);
    out.push_back(r);
  }
  if (out.empty()) throw_input_error(path, 0, "no ratings found (expected 'user item rating [timestamp]' lines)");
  return out;
}

RatingSplit split_random(const RatingList& ratings, double test_fraction, std::uint64_t seed) {
  Rng rng(derive_seed(seed, 0x5e1171));
  RatingSplit s;
  for (const Rating& r : ratings) (rng.uniform() < test_fraction ? s.test : s.train).push_back(r);
  return s;
}

RatingSplit split_leave_last(const RatingList& ratings, std::int32_t num_users, int n) {
  std::vector<std::vector<std::size_t>> by_user(static_cast<std::size_t>(num_users));
  for (std::size_t k = 0; k < ratings.size(); ++k) by_user[static_cast<std::size_t>(ratings[k].user)].push_back(k);
  std::vector<char> is_test(ratings.size(), 0);
  for (auto& rows : by_user) {
    if (rows.size() <= static_cast<std::size_t>(n)) continue;
    // Stable sort keeps file order among equal timestamps: later = more recent.
    std::stable_sort(rows.begin(), rows.end(),
                     [&](std::size_t a, std::size_t b) { return ratings[a].timestamp < ratings[b].timestamp; });
    for (std::size_t k = rows.size() - static_cast<std::size_t>(n); k < rows.size(); ++k) is_test[rows[k]] = 1;
  }
  RatingSplit s;
  for (std::size_t k = 0; k < ratings.size(); ++k) (is_test[k] ? s.test : s.train).push_back(ratings[k]);
  return s;
}

double mean_rating(const RatingList& ratings) {
  if (ratings.empty()) return 0.0;
  double sum = 0;
  for (const Rating& r : ratings) sum += r.value;
  return sum / static_cast<double>(ratings.size());
}

std::vector<std::vector<std::int32_t>> items_by_user(const RatingList& ratings, std::int32_t num_users,
                                                     float min_value) {
  std::vector<std::vector<std::int32_t>> out(static_cast<std::size_t>(num_users));
  for (const Rating& r : ratings)
    if (r.value >= min_value) out[static_cast<std::size_t>(r.user)].push_back(r.item);
  for (auto& items : out) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
  }
  return out;
}

RatingList implicit_positives(const RatingList& ratings, double threshold) {
  RatingList positives;
  for (const Rating& r : ratings)
    if (r.value >= threshold) positives.push_back({r.user, r.item, 1.0f, r.timestamp});
  return positives;
}

RatedRows rated_rows(const RatingList& ratings, std::int32_t num_users, std::int32_t num_items) {
  RatedRows rated;
  rated.users.assign(static_cast<std::size_t>(num_users), 0);
  rated.items.assign(static_cast<std::size_t>(num_items), 0);
  for (const Rating& r : ratings)
    rated.users[static_cast<std::size_t>(r.user)] = rated.items[static_cast<std::size_t>(r.item)] = 1;
  return rated;
}

std::int64_t count_cold_start(const RatingList& test, const RatedRows& train) {
  std::int64_t cold = 0;
  for (const Rating& r : test)
    cold += !train.users[static_cast<std::size_t>(r.user)] || !train.items[static_cast<std::size_t>(r.item)];
  return cold;
}

void init_factors(Matrix& users, Matrix& items, std::int32_t num_users, std::int32_t num_items, int dim,
                  double init_std, std::uint64_t seed) {
  users.resize(num_users, dim);
  items.resize(num_items, dim);
  Rng init(seed);
  for (Matrix* m : {&users, &items})
    for (Eigen::Index k = 0; k < m->size(); ++k) m->data()[k] = static_cast<float>(init_std * init.normal());
}

}  // namespace embkit
