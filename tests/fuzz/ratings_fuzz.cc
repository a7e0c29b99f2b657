// Fuzz target: RatingsData::read ("user item rating [timestamp]", tab, comma or
// space separated), then both splits on what was read.
#include <cmath>

#include "factorization/ratings.h"
#include "fuzz_util.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fuzz::FuzzFile input("-ratings.txt");
  input.write(fuzz::as_view(data, size));
  fuzz::expect_only_input_errors([&] {
    RatingsData ratings;
    const RatingList list = ratings.read(input.path());
    for (const auto& r : list) {
      fuzz::require(r.user >= 0 && r.user < ratings.users.size(), "user index in range");
      fuzz::require(r.item >= 0 && r.item < ratings.items.size(), "item index in range");
      fuzz::require(std::isfinite(r.value), "ratings are finite");
    }
    const RatingSplit random = split_random(list, 0.3, 1);
    fuzz::require(random.train.size() + random.test.size() == list.size(), "split_random keeps every rating");
    const RatingSplit last = split_leave_last(list, ratings.users.size(), 1);
    fuzz::require(last.train.size() + last.test.size() == list.size(), "split_leave_last keeps every rating");
  });
  return 0;
}
