// Deterministic random numbers.
//
// Rng is xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64: fast,
// small state (so a per-thread copy is cheap), and identical on every platform,
// unlike std:: distributions whose output is implementation-defined. Every
// parallel worker derives its stream from (seed, thread, epoch) with
// derive_seed(), which is what makes `--threads 1` runs byte-reproducible.
#pragma once

#include <cstdint>

namespace embkit {

std::uint64_t splitmix64(std::uint64_t& state);
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0,
                          std::uint64_t c = 0);

// One step of xoshiro256**: returns the next output and advances the state.
// Inline so that hot loops with their own copy of the state (word2vec's
// FastRng) draw numbers without a call.
inline std::uint64_t xoshiro256ss_next(std::uint64_t s[4]) {
  const auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  const std::uint64_t result = rotl(s[1] * 5, 7) * 9;
  const std::uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1);
  std::uint64_t next();
  std::uint64_t operator()() { return next(); }
  // Uniform in [0, 1) with 53 (double) or 24 (float) random bits.
  double uniform();
  float uniform_float();
  // Uniform integer in [0, n) (Lemire's multiply-shift; n > 0).
  std::uint64_t below(std::uint64_t n);
  // Standard normal (Box–Muller; deterministic, one value per call).
  double normal();

  // Raw state for checkpoints.
  void get_state(std::uint64_t out[4]) const;
  void set_state(const std::uint64_t in[4]);

  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type(0); }

 private:
  std::uint64_t s_[4];
};

}  // namespace embkit
