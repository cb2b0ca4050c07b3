// Greedy k-center, k-means++ representatives and cold start by clustering.
#include "localabel/diversity.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

#include "common/random.h"
#include "sampling/kernels.h"

namespace localabel {

float squared_distance(const float* a, const float* b, int64_t d) {
  return internal::squared_distance4(a, b, d);
}

namespace {

// Squared norms of all rows, in float32.
std::vector<float> row_norms(const MatrixView& x) {
  std::vector<float> out(static_cast<size_t>(x.rows));
  for (int64_t i = 0; i < x.rows; ++i)
    out[static_cast<size_t>(i)] = internal::dot4(x.row(i), x.row(i), x.cols);
  return out;
}

// Updates min_dist with the squared distances to the vector c; returns the index of the
// largest min distance (first on ties). Exact distances for every row: with one vector to
// compare against, the dot-product form (one multiply-add per element instead of a subtract
// and a multiply-add) saves too little to pay for its rounding check and second pass.
int64_t update_min_distances(const MatrixView& x, const float* c, std::vector<float>& min_dist) {
  const int64_t n = x.rows, d = x.cols;
  float best = -1.0f;
  int64_t arg = 0;
  for (int64_t i = 0; i < n; ++i) {
    const float dist = squared_distance(x.row(i), c, d);
    float& m = min_dist[static_cast<size_t>(i)];
    if (dist < m) m = dist;
    if (m > best) {
      best = m;
      arg = i;
    }
  }
  return arg;
}

}  // namespace

Result<KCenterResult> kcenter_greedy(const MatrixView& features, int64_t k,
                                     const std::vector<int64_t>& initial_centres) {
  Status s = validate_matrix(features, "features");
  if (!s) return s.error();
  if (k < 0) return make_error(ErrorCode::kInvalidArgument, "k", "must not be negative");
  const int64_t n = features.rows;
  for (size_t i = 0; i < initial_centres.size(); ++i)
    if (initial_centres[i] < 0 || initial_centres[i] >= n)
      return make_error(ErrorCode::kOutOfRange, "initial_centres[" + std::to_string(i) + "]",
                        "row " + std::to_string(initial_centres[i]) + " is outside [0, " +
                            std::to_string(n) + ")");
  KCenterResult r;
  std::vector<float> min_dist(static_cast<size_t>(n), std::numeric_limits<float>::infinity());
  int64_t next = 0;
  for (int64_t c : initial_centres)
    next = update_min_distances(features, features.row(c), min_dist);
  for (int64_t p = 0; p < k; ++p) {
    if (!initial_centres.empty() || p > 0) {
      if (min_dist[static_cast<size_t>(next)] <= 0.0f) break;  // every row is a centre
    }
    r.picks.push_back(next);
    next = update_min_distances(features, features.row(next), min_dist);
  }
  float largest = 0.0f;
  for (float m : min_dist)
    if (m > largest && std::isfinite(m)) largest = m;
  r.radius = std::sqrt(static_cast<double>(largest));
  return r;
}

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Assigns rows to their nearest centres by exact squared distances (squared_distance; first
// centre on ties). Fills assignment and each row's distance; when nearest_row is given, also
// the row nearest each centre (first row on ties). The dot-product form of all distances
// (‖x‖² + ‖c‖² − 2·x·c, a register-blocked kernel over four rows and eight centres) picks the
// candidates; exact distances are computed only for the centres that its rounding bound
// cannot rule out, so the result equals that of exact distances to every centre.
void assign_rows(const MatrixView& x, const std::vector<float>& norms, const RowMatrix& centres,
                 std::vector<int32_t>& assignment, std::vector<float>& dist,
                 std::vector<int64_t>* nearest_row, std::vector<float>* nearest_dist) {
  const int64_t n = x.rows, d = x.cols, k = centres.rows();
  const int64_t panels = (k + 3) / 4, ldo = 4 * panels;
  std::vector<float> packed;
  internal::pack_panels(centres.data(), k, d, packed);
  std::vector<float> cn(static_cast<size_t>(k));
  float cn_max = 0;
  for (int64_t c = 0; c < k; ++c) {
    cn[static_cast<size_t>(c)] = internal::dot4(centres.data() + c * d, centres.data() + c * d, d);
    cn_max = std::max(cn_max, cn[static_cast<size_t>(c)]);
  }
  const float factor = internal::dot_form_error_factor(d);
  std::vector<float> dots(static_cast<size_t>(4 * ldo));
  std::vector<float> approx(static_cast<size_t>(k));
  for (int64_t i0 = 0; i0 < n; i0 += 4) {
    const int64_t rows = std::min<int64_t>(4, n - i0);
    if (rows == 4) {
      internal::dot_all_panels<4>(x.row(i0), d, d, packed.data(), panels, dots.data(), ldo);
    } else {
      for (int64_t r = 0; r < rows; ++r)
        internal::dot_all_panels<1>(x.row(i0 + r), d, d, packed.data(), panels,
                                    dots.data() + r * ldo, ldo);
    }
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t i = i0 + r;
      const float* row = x.row(i);
      const float* dr = dots.data() + r * ldo;
      const float xn = norms[static_cast<size_t>(i)];
      float amin = std::numeric_limits<float>::infinity();
      int64_t amin_c = 0;
      for (int64_t c = 0; c < k; ++c) {
        const float a = (xn + cn[static_cast<size_t>(c)]) - 2.0f * dr[c];
        approx[static_cast<size_t>(c)] = a;
        if (a < amin) {
          amin = a;
          amin_c = c;
        }
      }
      const float margin = factor * (xn + cn_max);
      const float e_star = internal::squared_distance4(row, centres.data() + amin_c * d, d);
      float best = std::numeric_limits<float>::infinity();
      int32_t arg = 0;
      for (int64_t c = 0; c < k; ++c) {
        float v = e_star;
        if (c != amin_c) {
          if (approx[static_cast<size_t>(c)] - margin > e_star) continue;
          v = internal::squared_distance4(row, centres.data() + c * d, d);
        }
        if (v < best) {
          best = v;
          arg = static_cast<int32_t>(c);
        }
      }
      assignment[static_cast<size_t>(i)] = arg;
      dist[static_cast<size_t>(i)] = best;
      if (!nearest_row) continue;
      for (int64_t c = 0; c < k; ++c) {
        float& nd = (*nearest_dist)[static_cast<size_t>(c)];
        if (approx[static_cast<size_t>(c)] - margin > nd) continue;
        const float v =
            c == arg ? best : internal::squared_distance4(row, centres.data() + c * d, d);
        if (v < nd) {
          nd = v;
          (*nearest_row)[static_cast<size_t>(c)] = i;
        }
      }
    }
  }
}

}  // namespace

Result<KMeansResult> kmeans_representatives(const MatrixView& features, const KMeansOptions& o) {
  Status s = validate_matrix(features, "features");
  if (!s) return s.error();
  const int64_t n = features.rows, d = features.cols;
  if (o.k < 1 || o.k > n)
    return make_error(ErrorCode::kInvalidArgument, "k",
                      "expected 1.." + std::to_string(n) + ", got " + std::to_string(o.k));
  if (o.max_iter < 0)
    return make_error(ErrorCode::kInvalidArgument, "max_iter", "must not be negative");
  const int64_t k = o.k;
  if (!o.initial_centres.empty()) {
    if (static_cast<int64_t>(o.initial_centres.size()) != k * d)
      return make_error(ErrorCode::kLengthMismatch, "initial_centres",
                        "has " + std::to_string(o.initial_centres.size()) +
                            " values, expected k × dims = " + std::to_string(k) + " × " +
                            std::to_string(d));
    for (size_t j = 0; j < o.initial_centres.size(); ++j)
      if (!std::isfinite(o.initial_centres[j]))
        return make_error(ErrorCode::kOutOfRange,
                          "initial_centres[" + std::to_string(j / static_cast<size_t>(d)) + "][" +
                              std::to_string(j % static_cast<size_t>(d)) + "]",
                          "must be finite");
  }
  const bool weighted = !o.sample_weight.empty();
  if (weighted) {
    if (static_cast<int64_t>(o.sample_weight.size()) != n)
      return make_error(ErrorCode::kLengthMismatch, "sample_weight",
                        "has " + std::to_string(o.sample_weight.size()) + " values, features has " +
                            std::to_string(n) + " rows");
    for (size_t i = 0; i < o.sample_weight.size(); ++i)
      if (!(o.sample_weight[i] >= 0 && std::isfinite(o.sample_weight[i])))
        return make_error(ErrorCode::kOutOfRange, "sample_weight[" + std::to_string(i) + "]",
                          "must be finite and >= 0");
  }
  auto weight = [&](int64_t i) { return weighted ? o.sample_weight[static_cast<size_t>(i)] : 1.0; };
  internal::SplitMix64 rng(o.seed);
  RowMatrix centres(k, d);
  const std::vector<float> norms = row_norms(features);
  // k-means++ seeding, unless the centres are given (scikit-learn's init=array).
  std::vector<float> min_dist(static_cast<size_t>(n), std::numeric_limits<float>::infinity());
  int64_t first = static_cast<int64_t>(rng.below(static_cast<uint64_t>(n)));
  for (int64_t c = 0; c < k && !o.initial_centres.empty(); ++c)
    for (int64_t j = 0; j < d; ++j)
      centres(c, j) = o.initial_centres[static_cast<size_t>(c * d + j)];
  for (int64_t c = 0; c < k && o.initial_centres.empty(); ++c) {
    int64_t chosen = first;
    if (c > 0) {
      double total = 0;
      for (float m : min_dist) total += m;
      if (total <= 0) {
        chosen = static_cast<int64_t>(rng.below(static_cast<uint64_t>(n)));
      } else {
        double target = rng.uniform() * total, acc = 0;
        chosen = n - 1;
        for (int64_t i = 0; i < n; ++i) {
          acc += min_dist[static_cast<size_t>(i)];
          if (acc > target) {
            chosen = i;
            break;
          }
        }
      }
    }
    for (int64_t j = 0; j < d; ++j) centres(c, j) = features.row(chosen)[j];
    if (c + 1 < k) update_min_distances(features, features.row(chosen), min_dist);
  }
  // Lloyd iterations.
  Eigen::Map<const RowMatrix> X(features.data, n, d);
  Eigen::VectorXd col_mean = X.cast<double>().colwise().mean().transpose();
  double mean_var = 0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < d; ++j) {
      const double v = features.row(i)[j] - col_mean[j];
      mean_var += v * v;
    }
  mean_var /= static_cast<double>(n * d);
  const double shift_tol = o.tol * mean_var;
  KMeansResult r;
  r.k = k;
  r.dims = d;
  r.assignment.assign(static_cast<size_t>(n), 0);
  std::vector<float> dist(static_cast<size_t>(n));
  std::vector<double> sums(static_cast<size_t>(k * d));
  std::vector<double> counts(static_cast<size_t>(k));
  for (int it = 0; it < o.max_iter; ++it) {
    assign_rows(features, norms, centres, r.assignment, dist, nullptr, nullptr);
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(counts.begin(), counts.end(), 0.0);
    for (int64_t i = 0; i < n; ++i) {
      const int32_t a = r.assignment[static_cast<size_t>(i)];
      double* sa = sums.data() + static_cast<int64_t>(a) * d;
      const float* xi = features.row(i);
      const double w = weight(i);
      for (int64_t j = 0; j < d; ++j) sa[j] += static_cast<double>(xi[j]) * w;
      counts[static_cast<size_t>(a)] += w;
    }
    if (o.relocate_empty_clusters) {
      // scikit-learn's _relocate_empty_clusters_dense: each empty cluster takes one of the rows
      // farthest from their (old) centre, which leaves its cluster's sums.
      std::vector<int64_t> empty;
      for (int64_t c = 0; c < k; ++c)
        if (counts[static_cast<size_t>(c)] == 0) empty.push_back(c);
      if (!empty.empty()) {
        std::vector<int64_t> far(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) far[static_cast<size_t>(i)] = i;
        std::stable_sort(far.begin(), far.end(), [&](int64_t a, int64_t b) {
          return dist[static_cast<size_t>(a)] > dist[static_cast<size_t>(b)];
        });
        for (size_t e = 0; e < empty.size() && e < far.size(); ++e) {
          const int64_t i = far[e], to = empty[e];
          const int64_t from = r.assignment[static_cast<size_t>(i)];
          const double w = weight(i);
          for (int64_t j = 0; j < d; ++j) {
            const double x = static_cast<double>(features.row(i)[j]) * w;
            sums[static_cast<size_t>(from * d + j)] -= x;
            sums[static_cast<size_t>(to * d + j)] = x;
          }
          counts[static_cast<size_t>(to)] = w;
          counts[static_cast<size_t>(from)] -= w;
        }
      }
    }
    double shift = 0;
    for (int64_t c = 0; c < k; ++c) {
      // Without weight: the centre stays; when relocating, scikit-learn's _average_centers
      // leaves such a centre at its unaveraged sums instead.
      if (counts[static_cast<size_t>(c)] == 0 && !o.relocate_empty_clusters) continue;
      const double count =
          counts[static_cast<size_t>(c)] > 0 ? counts[static_cast<size_t>(c)] : 1.0;
      Eigen::RowVectorXf next(d);
      for (int64_t j = 0; j < d; ++j)
        next[j] = static_cast<float>(sums[static_cast<size_t>(c * d + j)] / count);
      shift += (next - centres.row(c)).cast<double>().squaredNorm();
      centres.row(c) = next;
    }
    r.iterations = it + 1;
    if (shift <= shift_tol) break;
  }
  std::vector<float> nearest_dist(static_cast<size_t>(k), std::numeric_limits<float>::infinity());
  r.representatives.assign(static_cast<size_t>(k), 0);
  assign_rows(features, norms, centres, r.assignment, dist, &r.representatives, &nearest_dist);
  r.inertia = 0;
  for (int64_t i = 0; i < n; ++i)
    r.inertia += static_cast<double>(dist[static_cast<size_t>(i)]) * weight(i);
  r.centres.assign(centres.data(), centres.data() + k * d);
  return r;
}

Result<std::vector<int64_t>> cold_start_by_clustering(const MatrixView& features, int64_t k,
                                                      uint64_t seed,
                                                      const std::vector<int32_t>* hints) {
  if (hints && static_cast<int64_t>(hints->size()) != features.rows)
    return make_error(ErrorCode::kLengthMismatch, "hint_labels",
                      "has " + std::to_string(hints->size()) + " entries, features has " +
                          std::to_string(features.rows) + " rows");
  KMeansOptions o;
  o.k = k;
  o.seed = seed;
  auto km = kmeans_representatives(features, o);
  if (!km) return km.error();
  std::vector<int64_t> picks;
  for (int64_t rep : km->representatives)
    if (std::find(picks.begin(), picks.end(), rep) == picks.end()) picks.push_back(rep);
  if (static_cast<int64_t>(picks.size()) < k) {
    auto more = kcenter_greedy(features, k - static_cast<int64_t>(picks.size()), picks);
    if (!more) return more.error();
    picks.insert(picks.end(), more->picks.begin(), more->picks.end());
  }
  if (!hints) return picks;
  int32_t max_class = -1;
  for (int32_t h : *hints) max_class = std::max(max_class, h);
  if (max_class < 0) return picks;
  const int64_t d = features.cols;
  for (int32_t cls = 0; cls <= max_class; ++cls) {
    std::vector<int64_t> covered(static_cast<size_t>(max_class) + 1, 0);
    for (int64_t p : picks)
      if ((*hints)[static_cast<size_t>(p)] >= 0)
        ++covered[static_cast<size_t>((*hints)[static_cast<size_t>(p)])];
    if (covered[static_cast<size_t>(cls)] > 0) continue;
    std::vector<double> mean(static_cast<size_t>(d), 0.0);
    int64_t members = 0;
    for (int64_t i = 0; i < features.rows; ++i)
      if ((*hints)[static_cast<size_t>(i)] == cls) {
        ++members;
        for (int64_t j = 0; j < d; ++j) mean[static_cast<size_t>(j)] += features.row(i)[j];
      }
    if (members == 0) continue;
    std::vector<float> meanf(static_cast<size_t>(d));
    for (int64_t j = 0; j < d; ++j)
      meanf[static_cast<size_t>(j)] = static_cast<float>(mean[static_cast<size_t>(j)] / members);
    int64_t best = -1;
    float best_dist = std::numeric_limits<float>::infinity();
    for (int64_t i = 0; i < features.rows; ++i)
      if ((*hints)[static_cast<size_t>(i)] == cls) {
        const float dd = squared_distance(features.row(i), meanf.data(), d);
        if (dd < best_dist) {
          best_dist = dd;
          best = i;
        }
      }
    // Replace the last pick of the most covered class, or append when nothing is hinted twice.
    int64_t most = std::max_element(covered.begin(), covered.end()) - covered.begin();
    bool replaced = false;
    if (covered[static_cast<size_t>(most)] > 1) {
      for (size_t p = picks.size(); p-- > 0;)
        if ((*hints)[picks[p]] == most) {
          picks[p] = best;
          replaced = true;
          break;
        }
    }
    if (!replaced) picks.push_back(best);
  }
  return picks;
}

}  // namespace localabel
