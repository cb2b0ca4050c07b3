// Python's random.Random, enough of it to rebuild the seeded streams of river's documented
// examples: MT19937 (Matsumoto & Nishimura 1998) seeded as CPython seeds it from an integer
// (init_by_array on the 32-bit words of the seed), random() as genrand_res53, choices() on a
// population without weights (population[floor(random() * n)]) and gauss() (CPython's
// Box-Muller variant that keeps the second value for the next call).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace localabel::testing {

class PythonRandom {
 public:
  explicit PythonRandom(uint32_t seed) {
    // init_genrand(19650218) then init_by_array({seed}), as CPython's random_seed.
    mt_[0] = 19650218u;
    for (int i = 1; i < kN; ++i)
      mt_[i] = 1812433253u * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + static_cast<uint32_t>(i);
    int i = 1;
    for (int k = kN; k > 0; --k) {
      mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525u)) + seed;
      if (++i >= kN) {
        mt_[0] = mt_[kN - 1];
        i = 1;
      }
    }
    for (int k = kN - 1; k > 0; --k) {
      mt_[i] =
          (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941u)) - static_cast<uint32_t>(i);
      if (++i >= kN) {
        mt_[0] = mt_[kN - 1];
        i = 1;
      }
    }
    mt_[0] = 0x80000000u;
    index_ = kN;
  }

  double random() {
    const uint32_t a = next() >> 5, b = next() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /// rng.choices(population, k=k) for a population without weights.
  std::vector<double> choices(const std::vector<double>& population, int k) {
    std::vector<double> out;
    const double n = static_cast<double>(population.size());
    for (int i = 0; i < k; ++i)
      out.push_back(population[static_cast<size_t>(std::floor(random() * n))]);
    return out;
  }

  double gauss(double mu, double sigma) {
    double z;
    if (has_next_) {
      z = next_gauss_;
      has_next_ = false;
    } else {
      const double x2pi = random() * 2 * 3.14159265358979323846;
      const double g2rad = std::sqrt(-2.0 * std::log(1.0 - random()));
      z = std::cos(x2pi) * g2rad;
      next_gauss_ = std::sin(x2pi) * g2rad;
      has_next_ = true;
    }
    return mu + z * sigma;
  }

 private:
  static constexpr int kN = 624, kM = 397;
  uint32_t next() {
    if (index_ >= kN) {
      for (int k = 0; k < kN; ++k) {
        const uint32_t y = (mt_[k] & 0x80000000u) | (mt_[(k + 1) % kN] & 0x7fffffffu);
        mt_[k] = mt_[(k + kM) % kN] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
      }
      index_ = 0;
    }
    uint32_t y = mt_[index_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
  }
  uint32_t mt_[kN];
  int index_ = kN;
  double next_gauss_ = 0;
  bool has_next_ = false;
};

}  // namespace localabel::testing
