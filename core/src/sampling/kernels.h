// Small float32 kernels written with GCC/Clang vector extensions, so that the same code uses
// SSE natively and SIMD128 in WebAssembly (Eigen 3.4 has no WebAssembly SIMD backend).
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

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

inline Float4 splat4(float v) { return Float4{v, v, v, v}; }

/// Dot products of four rows (x0..x3, length d) with one vector c, as the lanes of a Float4.
/// Four independent accumulators keep the adder pipeline busy.
inline Float4 dot_rows4(const float* x0, const float* x1, const float* x2, const float* x3,
                        const float* c, int64_t d) {
  Float4 a0 = {0, 0, 0, 0}, a1 = a0, a2 = a0, a3 = a0;
  int64_t j = 0;
  for (; j + 4 <= d; j += 4) {
    const Float4 cv = load4(c + j);
    a0 += load4(x0 + j) * cv;
    a1 += load4(x1 + j) * cv;
    a2 += load4(x2 + j) * cv;
    a3 += load4(x3 + j) * cv;
  }
  Float4 out = {hsum(a0), hsum(a1), hsum(a2), hsum(a3)};
  for (; j < d; ++j) out += Float4{x0[j], x1[j], x2[j], x3[j]} * splat4(c[j]);
  return out;
}

/// Packs k vectors (k×d row-major) into panels of four for dot_panels: panel p stores, for
/// every dimension j, the four values of vectors 4p..4p+3 (zeros past k). Resizes `out` to
/// ceil(k/4)·4·d floats.
inline void pack_panels(const float* v, int64_t k, int64_t d, std::vector<float>& out) {
  const int64_t panels = (k + 3) / 4;
  out.assign(static_cast<size_t>(panels * 4 * d), 0.0f);
  for (int64_t c = 0; c < k; ++c)
    for (int64_t j = 0; j < d; ++j)
      out[static_cast<size_t>((c / 4) * 4 * d + j * 4 + c % 4)] = v[c * d + j];
}

/// Dot products of R consecutive rows of x (row stride ldx, length d) with the 4·P vectors
/// of P consecutive panels starting at `panel` (each 4·d floats): out[r·ldo + 4p + l].
/// Each product is summed over j in order in its own lane, so the result does not depend on
/// the vector width of the target.
template <int R, int P>
inline void dot_panels(const float* x, int64_t ldx, int64_t d, const float* panel, float* out,
                       int64_t ldo) {
  Float4 acc[R][P];
  for (int r = 0; r < R; ++r)
    for (int p = 0; p < P; ++p) acc[r][p] = Float4{0, 0, 0, 0};
  for (int64_t j = 0; j < d; ++j) {
    Float4 c[P];
    for (int p = 0; p < P; ++p) c[p] = load4(panel + p * 4 * d + j * 4);
    for (int r = 0; r < R; ++r) {
      const Float4 xs = splat4(x[r * ldx + j]);
      for (int p = 0; p < P; ++p) acc[r][p] += xs * c[p];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int p = 0; p < P; ++p) store4(out + r * ldo + 4 * p, acc[r][p]);
}

/// dot_panels over all `panels` panels for R rows (out row stride ldo ≥ 4·panels).
template <int R>
inline void dot_all_panels(const float* x, int64_t ldx, int64_t d, const float* packed,
                           int64_t panels, float* out, int64_t ldo) {
  int64_t p = 0;
  for (; p + 2 <= panels; p += 2) dot_panels<R, 2>(x, ldx, d, packed + p * 4 * d, out + 4 * p, ldo);
  if (p < panels) dot_panels<R, 1>(x, ldx, d, packed + p * 4 * d, out + 4 * p, ldo);
}

/// A bound on |A − E| where A = (‖x‖² + ‖c‖²) − 2·x·c and E = squared_distance4(x, c) are both
/// computed in float32 with sums of at most d terms: each is within about (d + 3)·u of the
/// exact value relative to ‖x‖² + ‖c‖² (u = 2⁻²⁴, Higham's γ_n bound for recursive sums),
/// with a factor 4 of slack. Returns the factor to multiply by ‖x‖² + ‖c‖².
inline float dot_form_error_factor(int64_t d) {
  return 16.0f * static_cast<float>(d + 4) * 0x1p-24f;
}

typedef int32_t Int4 __attribute__((vector_size(16)));
typedef uint32_t UInt4 __attribute__((vector_size(16)));

/// True when any lane of a comparison mask is set (two 64-bit halves tested: cheap both with
/// SSE and in WebAssembly, where lane-by-lane extraction is not).
inline bool any4(Int4 mask) {
  uint64_t half[2];
  std::memcpy(half, &mask, sizeof half);
  return (half[0] | half[1]) != 0;
}

/// True when every lane of a comparison mask is set.
inline bool all4(Int4 mask) {
  uint64_t half[2];
  std::memcpy(half, &mask, sizeof half);
  return (half[0] & half[1]) == ~uint64_t{0};
}

/// e^x for four floats: x = n·ln 2 + r with |r| ≤ ln 2 / 2 (Cody & Waite's split of ln 2 into
/// a short high part and a correction), e^r by its Taylor series to degree 7 (truncation
/// below 5e-9 relative), scaled by 2^n through the exponent bits. Inputs are clamped to
/// [−87, 88] (results from 1.6e-38 to 1.7e38, so exp(−∞) gives 1.6e-38, not 0); within
/// about 2 ulp of e^x. The same operations run natively and in WebAssembly, so both give the
/// same bits.
inline Float4 exp4(Float4 x) {
  const Float4 lo = splat4(-87.0f), hi = splat4(88.0f);
  x = x < lo ? lo : x;
  x = x > hi ? hi : x;
  const Float4 t = x * splat4(1.44269504f) + splat4(0.5f);
  Int4 n = __builtin_convertvector(t, Int4);    // truncates toward zero
  n += __builtin_convertvector(n, Float4) > t;  // a true lane is −1: rounds down (floor)
  const Float4 nf = __builtin_convertvector(n, Float4);
  const Float4 r = (x - nf * splat4(0.693359375f)) + nf * splat4(2.12194440e-4f);
  Float4 p = splat4(1.0f / 5040.0f);
  p = p * r + splat4(1.0f / 720.0f);
  p = p * r + splat4(1.0f / 120.0f);
  p = p * r + splat4(1.0f / 24.0f);
  p = p * r + splat4(1.0f / 6.0f);
  p = p * r + splat4(0.5f);
  p = p * r + splat4(1.0f);
  p = p * r + splat4(1.0f);
  const Int4 bits = (n + Int4{127, 127, 127, 127}) << 23;
  Float4 scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

/// ln(m · 2^e) for m in (√½, √2]: ln m = 2 atanh(s), s = (m − 1)/(m + 1), by its series to
/// s^9, plus e · ln 2 in two parts (0.693359375 exact, then the rest) so that the sum keeps
/// its low bits.
inline Float4 log_of_split(Float4 m, Int4 e) {
  const Float4 s = (m - splat4(1.0f)) / (m + splat4(1.0f));
  const Float4 z = s * s;
  Float4 r = splat4(2.0f / 9.0f);
  r = r * z + splat4(2.0f / 7.0f);
  r = r * z + splat4(2.0f / 5.0f);
  r = r * z + splat4(2.0f / 3.0f);
  r = r * z + splat4(2.0f);
  const Float4 ef = __builtin_convertvector(e, Float4);
  return ef * splat4(0.693359375f) + (s * r - ef * splat4(2.12194440e-4f));
}

/// Natural log of four positive floats (subnormals included; x ≤ 0, ∞ and NaN are not
/// handled): x = m·2^e with m in [√½, √2), log m = 2·atanh(s) with s = (m − 1)/(m + 1),
/// |s| ≤ 0.1716, by its odd series to s⁹ (truncation below 1e-9 relative), plus e·ln 2 with
/// ln 2 split into a short high part and a correction (Cody & Waite). Within about 2 ulp of
/// log x; the same operations natively and in WebAssembly give the same bits.
inline Float4 log4(Float4 x) {
  const Int4 tiny = x < splat4(0x1p-126f);  // subnormal: scale into the normal range first
  x = tiny ? x * splat4(0x1p23f) : x;
  Int4 bits;
  std::memcpy(&bits, &x, sizeof bits);
  Int4 e = ((bits >> 23) & Int4{255, 255, 255, 255}) - Int4{127, 127, 127, 127};
  e += tiny & Int4{-23, -23, -23, -23};
  const Int4 mbits = (bits & Int4{0x7FFFFF, 0x7FFFFF, 0x7FFFFF, 0x7FFFFF}) |
                     Int4{0x3F800000, 0x3F800000, 0x3F800000, 0x3F800000};
  Float4 m;
  std::memcpy(&m, &mbits, sizeof m);
  const Int4 big = m > splat4(1.41421356f);
  m = big ? m * splat4(0.5f) : m;
  e -= big;  // a true lane is −1
  return log_of_split(m, e);
}

/// log4 for probabilities: the same bits as log4(x) for x in (0, 1], with fewer operations.
/// Every x is scaled by 2^23 (exact: no overflow below 2^104, and subnormals become normal), and
/// the mantissa is brought into (√½, √2] by subtracting the bits of 0x1.6a09e8p-1 (the float
/// after √½) before splitting exponent and mantissa, which leaves m = 1.f or 0.5·1.f and the
/// exponent e exactly as log4's comparisons do. x = 0 gives a finite value (so p · log is 0);
/// x > 1 within the float range gives log4's value too, negative x, ∞ and NaN are not handled.
inline Float4 log_prob4(Float4 x) {
  x *= splat4(0x1p23f);
  Int4 bits;
  std::memcpy(&bits, &x, sizeof bits);
  const Int4 c = {0x3F3504F4, 0x3F3504F4, 0x3F3504F4, 0x3F3504F4};
  const Int4 u = bits - c;
  const Int4 e = (u >> 23) - Int4{23, 23, 23, 23};
  const Int4 mbits = (u & Int4{0x7FFFFF, 0x7FFFFF, 0x7FFFFF, 0x7FFFFF}) + c;
  Float4 m;
  std::memcpy(&m, &mbits, sizeof m);
  return log_of_split(m, e);
}

/// Dot products of two rows (x0, x1, length d) with C vectors w (row stride d), C in 1..5:
/// out0[c] = x0·w_c, out1[c] = x1·w_c. Each row's x values are loaded once for all C vectors.
template <int C>
inline void dot_rows2_vectors(const float* x0, const float* x1, const float* w, int64_t d,
                              float* out0, float* out1) {
  Float4 a0[C], a1[C];
  for (int c = 0; c < C; ++c) a0[c] = a1[c] = Float4{0, 0, 0, 0};
  int64_t j = 0;
  for (; j + 4 <= d; j += 4) {
    const Float4 u0 = load4(x0 + j), u1 = load4(x1 + j);
    for (int c = 0; c < C; ++c) {
      const Float4 wc = load4(w + c * d + j);
      a0[c] += u0 * wc;
      a1[c] += u1 * wc;
    }
  }
  for (int c = 0; c < C; ++c) {
    float t0 = hsum(a0[c]), t1 = hsum(a1[c]);
    for (int64_t jj = j; jj < d; ++jj) {
      t0 += x0[jj] * w[c * d + jj];
      t1 += x1[jj] * w[c * d + jj];
    }
    out0[c] = t0;
    out1[c] = t1;
  }
}

/// g_c += Σ_i r[i·ldr + c] · x_i over `rows` rows of x (row stride d) for C vectors g_c (row
/// stride d), C in 1..5: the C×8 block of g for each eight columns stays in registers while
/// the rows stream past.
template <int C>
inline void rank_update(const float* x, int64_t rows, int64_t d, const float* r, int64_t ldr,
                        float* g) {
  int64_t j = 0;
  for (; j + 8 <= d; j += 8) {
    Float4 a0[C], a1[C];
    for (int c = 0; c < C; ++c) {
      a0[c] = load4(g + c * d + j);
      a1[c] = load4(g + c * d + j + 4);
    }
    for (int64_t i = 0; i < rows; ++i) {
      const Float4 u0 = load4(x + i * d + j), u1 = load4(x + i * d + j + 4);
      for (int c = 0; c < C; ++c) {
        const Float4 rc = splat4(r[i * ldr + c]);
        a0[c] += rc * u0;
        a1[c] += rc * u1;
      }
    }
    for (int c = 0; c < C; ++c) {
      store4(g + c * d + j, a0[c]);
      store4(g + c * d + j + 4, a1[c]);
    }
  }
  for (; j < d; ++j)
    for (int64_t i = 0; i < rows; ++i)
      for (int c = 0; c < C; ++c) g[c * d + j] += r[i * ldr + c] * x[i * d + j];
}

/// y += alpha · x for float vectors of length d.
inline void axpy4(float alpha, const float* x, float* y, int64_t d) {
  const Float4 a = {alpha, alpha, alpha, alpha};
  int64_t j = 0;
  for (; j + 4 <= d; j += 4) store4(y + j, load4(y + j) + a * load4(x + j));
  for (; j < d; ++j) y[j] += alpha * x[j];
}

}  // namespace localabel::internal
