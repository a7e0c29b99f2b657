// The run-time kernel choice (core/simd.h): every variant this CPU can run
// computes what the baseline computes, and a whole command gives the same
// answer whichever variant EMBKIT_SIMD selects.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "core/simd.h"
#include "eval/metric.h"
#include "knn_test_util.h"
#include "support/test_util.h"

using namespace embkit;

namespace {

std::vector<SimdLevel> levels_of_this_cpu() {
  std::vector<SimdLevel> levels{SimdLevel::Baseline};
  if (cpu_simd_level() >= SimdLevel::Avx2) levels.push_back(SimdLevel::Avx2);
  if (cpu_simd_level() >= SimdLevel::Avx512) levels.push_back(SimdLevel::Avx512);
  return levels;
}

simd::DistanceKernels kernels_of(SimdLevel level) {
  switch (level) {
#if EMBKIT_SIMD_X86
    case SimdLevel::Avx512: return {simd::dot_avx512, simd::squared_l2_avx512};
    case SimdLevel::Avx2: return {simd::dot_avx2, simd::squared_l2_avx2};
#endif
    default: return {simd::dot_baseline, simd::squared_l2_baseline};
  }
}

// knn's JSON with every score rounded to 5 decimals: the variants sum in
// different orders, so scores may differ in the last bits of a float.
std::string rounded_scores(const std::string& json) {
  static const std::regex score("\"score\":(-?[0-9.eE+-]+)");
  std::string out;
  std::size_t last = 0;
  for (auto it = std::sregex_iterator(json.begin(), json.end(), score); it != std::sregex_iterator(); ++it) {
    char rounded[32];
    std::snprintf(rounded, sizeof rounded, "%.5f", std::stod((*it)[1].str()));
    out += json.substr(last, static_cast<std::size_t>(it->position()) - last) + "\"score\":" + rounded;
    last = static_cast<std::size_t>(it->position() + it->length());
  }
  return out + json.substr(last);
}

// `embkit ARGS` with EMBKIT_SIMD=level.
test::CommandResult run_with(SimdLevel level, const std::string& args) {
  setenv("EMBKIT_SIMD", simd_level_name(level), 1);
  test::CommandResult r = test::run_embkit(args);
  unsetenv("EMBKIT_SIMD");
  return r;
}

}  // namespace

TEST_CASE("every distance kernel this CPU runs agrees with a double-precision sum", "[simd]") {
  const Matrix x = embkit::testing::random_matrix(2, 300, 11);
  for (SimdLevel level : levels_of_this_cpu()) {
    const simd::DistanceKernels k = kernels_of(level);
    INFO("kernels " << simd_level_name(level));
    // Every length up to 70 exercises the full-vector loops and each tail.
    for (std::int64_t dim : {1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 64, 70, 100, 300}) {
      double dot = 0, l2 = 0;
      for (std::int64_t i = 0; i < dim; ++i) {
        dot += static_cast<double>(x(0, i)) * x(1, i);
        l2 += (static_cast<double>(x(0, i)) - x(1, i)) * (static_cast<double>(x(0, i)) - x(1, i));
      }
      INFO("dim " << dim);
      CHECK(k.dot(x.row(0).data(), x.row(1).data(), dim) == Approx(dot).epsilon(1e-5).margin(1e-5));
      CHECK(k.squared_l2(x.row(0).data(), x.row(1).data(), dim) == Approx(l2).epsilon(1e-5).margin(1e-5));
    }
  }
}

TEST_CASE("EMBKIT_SIMD selects the kernels, and knn answers the same with each", "[simd][cli]") {
  test::TempDir tmp;
  // 300 random 37-d vectors (not a multiple of any register width).
  const Matrix x = embkit::testing::random_matrix(300, 37, 5);
  std::string text = "300 37\n";
  for (int r = 0; r < 300; ++r) {
    text += "w" + std::to_string(r);
    for (int c = 0; c < 37; ++c) text += " " + std::to_string(x(r, c));
    text += "\n";
  }
  const std::string vectors = tmp.write("v.vec", text);
  std::string first;
  for (SimdLevel level : levels_of_this_cpu()) {
    INFO("EMBKIT_SIMD=" << simd_level_name(level));
    const test::CommandResult version = run_with(level, "--version");
    CHECK(version.out.find(std::string("kernels: ") + simd_level_name(level)) != std::string::npos);
    for (const char* index : {"exact", "hnsw"}) {
      const test::CommandResult r =
          run_with(level, "knn --vectors " + vectors + " --query w1 --query w17 --query w299 --k 5 --index " + index + " --json");
      REQUIRE(r.exit_code == 0);
      if (std::string(index) != "exact") continue;
      if (first.empty()) first = rounded_scores(r.out);
      CHECK(rounded_scores(r.out) == first);
    }
  }
  const test::CommandResult unknown = run_with(SimdLevel::Baseline, "--version");
  CHECK(unknown.exit_code == 0);
  setenv("EMBKIT_SIMD", "sse9", 1);
  const test::CommandResult bad = test::run_embkit("--version");
  unsetenv("EMBKIT_SIMD");
  CHECK(bad.exit_code == 0);
  CHECK(bad.err.find("EMBKIT_SIMD must be baseline, avx2 or avx512") != std::string::npos);
}
