#include <catch2/catch.hpp>

#include "core/error.h"
#include "factorization/ratings.h"
#include "support/test_util.h"

using namespace embkit;
using embkit::test::TempDir;
using embkit::test::write_file;

TEST_CASE("ratings: tab, comma and space separated files share id maps", "[ratings]") {
  TempDir tmp;
  write_file(tmp.file("a.tsv"), "u1\ti1\t5\t100\nu2\ti2\t3\t50\n\nu1\ti2\t4\t200\n");
  write_file(tmp.file("b.csv"), "userId,movieId,rating,timestamp\nu2,i3,2.5,7\nu3,i1,1,8\n");
  write_file(tmp.file("c.txt"), "u1 i3 4\n");
  RatingsData data;
  const RatingList a = data.read(tmp.file("a.tsv"));
  const RatingList b = data.read(tmp.file("b.csv"));
  const RatingList c = data.read(tmp.file("c.txt"));
  REQUIRE(a.size() == 3);
  REQUIRE(b.size() == 2);  // header skipped
  REQUIRE(c.size() == 1);
  CHECK(data.users.size() == 3);
  CHECK(data.items.size() == 3);
  CHECK(data.users.name(a[2].user) == "u1");
  CHECK(data.items.name(a[2].item) == "i2");
  CHECK(a[2].timestamp == 200);
  CHECK(b[0].value == Approx(2.5));
  CHECK(data.items.name(b[0].item) == "i3");
  CHECK(c[0].item == b[0].item);  // same id, same index across files
  CHECK(c[0].timestamp == 0);
  CHECK(data.users.find("nobody") == -1);
}

TEST_CASE("ratings: malformed lines name file, line and value", "[ratings]") {
  TempDir tmp;
  auto error_of = [&](const std::string& content) {
    write_file(tmp.file("r.tsv"), content);
    RatingsData data;
    try {
      data.read(tmp.file("r.tsv"));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string bad_rating = error_of("1\t2\t5\n1\t3\tfive\n");
  CHECK(bad_rating.find("r.tsv:2") != std::string::npos);
  CHECK(bad_rating.find("five") != std::string::npos);
  CHECK(error_of("1\t2\n").find("r.tsv:1") != std::string::npos);
  CHECK(error_of("1\t2\t3\t4\t5\n").find("5 field") != std::string::npos);
  CHECK(error_of("1\t2\tnan\n").find("r.tsv:1") != std::string::npos);
  CHECK(error_of("1\t2\t3\tyesterday\n").find("timestamp") != std::string::npos);
  CHECK(error_of("\t2\t3\n").find("empty user id") != std::string::npos);
  CHECK(error_of("1\t\t3\n").find("empty item id") != std::string::npos);
  CHECK(error_of("").find("no ratings") != std::string::npos);
  RatingsData data;
  CHECK_THROWS_AS(data.read(tmp.file("missing.tsv")), InputError);
}

TEST_CASE("ratings: random split is seeded and leave-last follows timestamps", "[ratings]") {
  RatingList all;
  for (int u = 0; u < 20; ++u)
    for (int i = 0; i < 10; ++i) all.push_back({u, i, 1.0f + static_cast<float>(i % 5), 1000 - i});
  const RatingSplit s1 = split_random(all, 0.25, 7), s2 = split_random(all, 0.25, 7), s3 = split_random(all, 0.25, 8);
  CHECK(s1.train.size() + s1.test.size() == all.size());
  CHECK(s1.test.size() == s2.test.size());
  CHECK(s1.test.size() > 20);
  CHECK(s1.test.size() < 80);
  bool same = s1.test.size() == s3.test.size();
  for (std::size_t k = 0; same && k < s1.test.size(); ++k) same = s1.test[k].item == s3.test[k].item && s1.test[k].user == s3.test[k].user;
  CHECK_FALSE(same);

  all.push_back({20, 0, 3.0f, 5});  // a user with one rating keeps it in train
  const RatingSplit last = split_leave_last(all, 21, 2);
  CHECK(last.test.size() == 40);
  for (const Rating& r : last.test) CHECK(r.timestamp >= 999);  // items 0 and 1 are the newest
  for (const Rating& r : last.test) CHECK(r.item <= 1);
  CHECK(last.train.back().user == 20);

  const auto lists = items_by_user({{0, 3, 5, 0}, {0, 1, 2, 0}, {0, 3, 4, 0}, {1, 2, 5, 0}}, 2, 4.0f);
  CHECK(lists[0] == std::vector<std::int32_t>{3});
  CHECK(lists[1] == std::vector<std::int32_t>{2});
  CHECK(mean_rating({{0, 0, 2, 0}, {0, 1, 4, 0}}) == Approx(3.0));
}

TEST_CASE("ratings: implicit positives, rated rows and cold-start test ratings", "[ratings]") {
  const RatingList train = {{0, 0, 5, 10}, {0, 1, 2, 11}, {1, 1, 4, 12}, {1, 2, 3.5f, 13}};
  const RatingList positives = implicit_positives(train, 4.0);
  REQUIRE(positives.size() == 2);
  CHECK(positives[0].user == 0);
  CHECK(positives[0].item == 0);
  CHECK(positives[0].value == 1.0f);  // every positive weighs the same
  CHECK(positives[0].timestamp == 10);
  CHECK(positives[1].item == 1);
  CHECK(implicit_positives(train, 6.0).empty());

  const RatedRows rated = rated_rows(positives, 3, 4);
  CHECK(rated.users == std::vector<char>{1, 1, 0});
  CHECK(rated.items == std::vector<char>{1, 1, 0, 0});
  // Item 2 was rated only below the threshold; user 2 and item 3 never.
  const RatingList test = {{0, 1, 3, 0}, {2, 0, 3, 0}, {1, 3, 3, 0}, {0, 2, 4, 0}};
  CHECK(count_cold_start(test, rated) == 3);
  CHECK(count_cold_start(test, rated_rows(train, 3, 4)) == 2);
}
