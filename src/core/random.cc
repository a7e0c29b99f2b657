#include "core/random.h"

#include <cmath>
#include <initializer_list>

namespace embkit {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  // Mix each component through splitmix64 so nearby inputs give unrelated seeds.
  std::uint64_t state = seed;
  std::uint64_t h = splitmix64(state);
  for (std::uint64_t part : {a, b, c}) {
    state ^= part + 0x632be59bd9b4e019ULL + (h << 6) + (h >> 2);
    h = splitmix64(state);
  }
  return h;
}

Rng::Rng(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (auto& s : s_) s = splitmix64(state);
}

std::uint64_t Rng::next() { return xoshiro256ss_next(s_); }

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

float Rng::uniform_float() { return static_cast<float>(next() >> 40) * 0x1.0p-24f; }

std::uint64_t Rng::below(std::uint64_t n) {
  // Lemire 2019, "Fast random integer generation in an interval" (unbiased).
  __uint128_t m = static_cast<__uint128_t>(next()) * n;
  std::uint64_t low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = -n % n;
    while (low < threshold) {
      m = static_cast<__uint128_t>(next()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

double Rng::normal() {
  double u1 = uniform();
  double u2 = uniform();
  if (u1 < 1e-300) u1 = 1e-300;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

void Rng::get_state(std::uint64_t out[4]) const {
  for (int i = 0; i < 4; ++i) out[i] = s_[i];
}

void Rng::set_state(const std::uint64_t in[4]) {
  for (int i = 0; i < 4; ++i) s_[i] = in[i];
}

}  // namespace embkit
