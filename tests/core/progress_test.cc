// The progress observer (the Python module's progress callback): it hears
// every report a Progress would print, quiet or not, and the final one.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/progress.h"

using namespace embkit;

TEST_CASE("the progress observer sees the reports, quiet or not, and the final line", "[core]") {
  struct Heard {
    std::string label;
    double fraction;
    ProgressFields fields;
  };
  std::vector<Heard> heard;
  set_progress_observer([&](const std::string& label, double fraction, const ProgressFields& fields) {
    heard.push_back({label, fraction, fields});
  });
  {
    Progress quiet("train", /*quiet=*/true, /*tty_interval=*/0, /*pipe_interval=*/0);
    CHECK_FALSE(quiet.update(0.25, {{"loss", "2.5"}}));  // printed nothing
    quiet.finish({{"loss", "1.5"}});
  }
  set_progress_observer({});
  Progress("train", true, 0, 0).update(0.5);  // no observer any more
  REQUIRE(heard.size() == 2);
  CHECK(heard[0].label == "train");
  CHECK(heard[0].fraction == 0.25);
  CHECK(heard[0].fields == ProgressFields{{"loss", "2.5"}});
  CHECK(heard[1].fraction == 1.0);
  CHECK(heard[1].fields == ProgressFields{{"loss", "1.5"}});
}
