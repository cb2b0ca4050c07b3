// Small float32 kernels written with GCC/Clang vector extensions, so that the same code uses
// SSE natively and SIMD128 in WebAssembly (Eigen 3.4 has no WebAssembly SIMD backend).
#pragma once

#include <cstdint>
#include <cstring>

namespace localabel::internal {

typedef float Float4 __attribute__((vector_size(16)));

inline Float4 load4(const float* p) {
  Float4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline void store4(float* p, Float4 v) { std::memcpy(p, &v, sizeof v); }

inline float hsum(Float4 v) { return (v[0] + v[2]) + (v[1] + v[3]); }

/// Squared Euclidean distance; lanes are summed pairwise at the end.
inline float squared_distance4(const float* a, const float* b, int64_t d) {
  Float4 acc0 = {0, 0, 0, 0}, acc1 = acc0;
  int64_t j = 0;
  for (; j + 8 <= d; j += 8) {
    const Float4 x0 = load4(a + j) - load4(b + j);
    const Float4 x1 = load4(a + j + 4) - load4(b + j + 4);
    acc0 += x0 * x0;
    acc1 += x1 * x1;
  }
  for (; j + 4 <= d; j += 4) {
    const Float4 x0 = load4(a + j) - load4(b + j);
    acc0 += x0 * x0;
  }
  float tail = 0;
  for (; j < d; ++j) tail += (a[j] - b[j]) * (a[j] - b[j]);
  return hsum(acc0 + acc1) + tail;
}

/// Dot product of two float vectors of length d.
inline float dot4(const float* a, const float* b, int64_t d) {
  Float4 acc0 = {0, 0, 0, 0}, acc1 = acc0;
  int64_t j = 0;
  for (; j + 8 <= d; j += 8) {
    acc0 += load4(a + j) * load4(b + j);
    acc1 += load4(a + j + 4) * load4(b + j + 4);
  }
  for (; j + 4 <= d; j += 4) acc0 += load4(a + j) * load4(b + j);
  float tail = 0;
  for (; j < d; ++j) tail += a[j] * b[j];
  return hsum(acc0 + acc1) + tail;
}

/// y += alpha · x for float vectors of length d.
inline void axpy4(float alpha, const float* x, float* y, int64_t d) {
  const Float4 a = {alpha, alpha, alpha, alpha};
  int64_t j = 0;
  for (; j + 4 <= d; j += 4) store4(y + j, load4(y + j) + a * load4(x + j));
  for (; j < d; ++j) y[j] += alpha * x[j];
}

}  // namespace localabel::internal
