// The small seeded random generator of the core with the same sequence on every platform (std::
// random distributions differ between libstdc++ and libc++, and native and wasm must agree).
#pragma once

#include <cstdint>

namespace localabel::internal {

/// SplitMix64 (Steele, Lea & Flood 2014).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  /// Uniform integer in [0, n) (n > 0); the modulo bias is below 2^-40 for n < 2^24.
  uint64_t below(uint64_t n) { return next() % n; }
  /// Uniform integer in [0, n) (n > 0) without modulo bias: draws below 2^64 mod n are
  /// rejected (Lemire 2019, section 2), so every value has probability exactly 1/n.
  uint64_t below_unbiased(uint64_t n) {
    const uint64_t threshold = (0 - n) % n;
    for (;;) {
      const uint64_t r = next();
      if (r >= threshold) return r % n;
    }
  }

 private:
  uint64_t state_;
};

}  // namespace localabel::internal
