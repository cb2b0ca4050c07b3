// Multinomial logistic regression with L2, fitted by L-BFGS; bootstrap committee.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include "common/random.h"
#include "localabel/learner.h"
#include "sampling/kernels.h"

namespace localabel {

namespace {

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The objective divided by the total sample weight, and its gradient. Parameters are packed
// as [W (K×D row-major), b (K)].
class SoftmaxObjective {
 public:
  SoftmaxObjective(const MatrixView& x, const std::vector<int32_t>& y, const std::vector<float>& w,
                   int64_t k, double c, bool intercept)
      : x_(x.data, x.rows, x.cols), y_(y), w_(w), k_(k), c_(c), intercept_(intercept) {
    total_weight_ = 0;
    for (int64_t i = 0; i < x.rows; ++i) total_weight_ += weight(i);
    if (total_weight_ <= 0) total_weight_ = 1;
    exact_ = x.rows * x.cols * k <= kExactLimit;
  }
  static constexpr int64_t kExactLimit = int64_t{1} << 22;

  double theta_b(const Eigen::VectorXd& theta, int64_t c) const {
    return intercept_ ? theta[k_ * x_.cols() + c] : 0.0;
  }
  double weight(int64_t i) const { return w_.empty() ? 1.0 : w_[static_cast<size_t>(i)]; }
  double total_weight() const { return total_weight_; }

  // Returns the unscaled objective; g receives the scaled gradient; f_scaled the scaled value.
  double eval(const Eigen::VectorXd& theta, Eigen::VectorXd& g, double* f_scaled) {
    const int64_t n = x_.rows(), d = x_.cols();
    Eigen::VectorXf b = Eigen::VectorXf::Zero(k_);
    if (intercept_) b = theta.tail(k_).cast<float>();
    // One pass over the rows: logits, softmax, loss and the gradient's outer products, with
    // float32 vector kernels; each chunk's gradient is added to a double accumulator.
    std::vector<float>& wt = wt_;  // K×D float copy of W
    wt.resize(static_cast<size_t>(k_ * d));
    for (int64_t i = 0; i < k_ * d; ++i) wt[static_cast<size_t>(i)] = static_cast<float>(theta[i]);
    std::vector<double>& grad_w = grad_w_;
    grad_w.assign(static_cast<size_t>(k_ * d), 0.0);
    Eigen::VectorXd grad_b = Eigen::VectorXd::Zero(k_);
    double loss = 0;
    if (exact_) {
      // Small problems: double precision throughout, so L-BFGS can converge to tight
      // tolerances (float32 logits leave ~1e-7 relative noise in the objective).
      std::vector<double> zd(static_cast<size_t>(k_));
      for (int64_t i = 0; i < n; ++i) {
        const float* xi = x_.data() + i * d;
        const double wi = weight(i);
        if (wi == 0) continue;
        double zm = -std::numeric_limits<double>::infinity();
        for (int64_t c = 0; c < k_; ++c) {
          double acc = theta_b(theta, c);
          for (int64_t j = 0; j < d; ++j) acc += static_cast<double>(xi[j]) * theta[c * d + j];
          zd[static_cast<size_t>(c)] = acc;
          zm = std::max(zm, acc);
        }
        double sum = 0;
        for (int64_t c = 0; c < k_; ++c) {
          zd[static_cast<size_t>(c)] = std::exp(zd[static_cast<size_t>(c)] - zm);
          sum += zd[static_cast<size_t>(c)];
        }
        const int32_t yi = y_[static_cast<size_t>(i)];
        loss -= wi * std::log(std::max(zd[static_cast<size_t>(yi)] / sum, 1e-300));
        for (int64_t c = 0; c < k_; ++c) {
          const double r = wi * (zd[static_cast<size_t>(c)] / sum - (c == yi ? 1.0 : 0.0));
          grad_b[c] += r;
          for (int64_t j = 0; j < d; ++j) grad_w[static_cast<size_t>(c * d + j)] += r * xi[j];
        }
      }
    } else {
      loss = eval_blocked(b, grad_b);
    }
    const double s = 1.0 / total_weight_;
    g.resize(theta.size());
    double wnorm2 = 0;
    for (int64_t c = 0; c < k_; ++c)
      for (int64_t j = 0; j < d; ++j) {
        const double wcj = theta[c * d + j];
        wnorm2 += wcj * wcj;
        g[c * d + j] = (wcj + c_ * grad_w[static_cast<size_t>(c * d + j)]) * s;
      }
    for (int64_t c = 0; c < k_; ++c) g[k_ * d + c] = intercept_ ? c_ * grad_b[c] * s : 0.0;
    const double f = 0.5 * wnorm2 + c_ * loss;
    *f_scaled = f * s;
    return f;
  }

 private:
  // The float32 path, block by block of rows: logits for two rows at a time against the
  // classes in groups of at most five (each row loaded once per group), the softmax with a
  // vector exp over the whole block, then the gradient X_blockᵀ R as a rank update whose
  // output block stays in registers. Each block's float gradient is added to grad_w_ (double).
  // Returns the unscaled data term Σ_i w_i (−ln p_i,y_i); adds Σ_i r_i to grad_b.
  double eval_blocked(const Eigen::VectorXf& b, Eigen::VectorXd& grad_b) {
    const int64_t n = x_.rows(), d = x_.cols(), k = k_;
    constexpr int64_t kBlock = 256;
    z_.resize(static_cast<size_t>(kBlock * k + 4));
    chunk_g_.assign(static_cast<size_t>(k * d), 0.0f);
    double loss = 0;
    int64_t since_flush = 0;
    for (int64_t start = 0; start < n; start += kBlock) {
      const int64_t rows = std::min(kBlock, n - start);
      const float* xb = x_.data() + start * d;
      float* z = z_.data();
      for (int64_t c0 = 0; c0 < k; c0 += 5) {
        const int64_t cs = std::min<int64_t>(5, k - c0);
        for (int64_t i = 0; i < rows; i += 2) {
          const float* x0 = xb + i * d;
          const float* x1 = i + 1 < rows ? x0 + d : x0;
          float* o0 = z + i * k + c0;
          float tail[5];
          float* o1 = i + 1 < rows ? o0 + k : tail;
          logits_group(cs, x0, x1, wt_.data() + c0 * d, d, o0, o1);
        }
      }
      for (int64_t i = 0; i < rows; ++i) {
        float* zi = z + i * k;
        float m = -std::numeric_limits<float>::infinity();
        for (int64_t c = 0; c < k; ++c) {
          zi[c] += b[c];
          m = std::max(m, zi[c]);
        }
        for (int64_t c = 0; c < k; ++c) zi[c] -= m;
      }
      const int64_t len = rows * k;
      int64_t t = 0;
      for (; t + 4 <= len; t += 4) internal::store4(z + t, internal::exp4(internal::load4(z + t)));
      if (t < len) {
        float pad[4] = {0, 0, 0, 0};
        for (int64_t u = t; u < len; ++u) pad[u - t] = z[u];
        const internal::Float4 e = internal::exp4(internal::load4(pad));
        for (int64_t u = t; u < len; ++u) z[u] = e[static_cast<int>(u - t)];
      }
      for (int64_t i = 0; i < rows; ++i) {
        float* zi = z + i * k;
        const int64_t row = start + i;
        const double wi = weight(row);
        float sum = 0;
        for (int64_t c = 0; c < k; ++c) sum += zi[c];
        const int32_t yi = y_[static_cast<size_t>(row)];
        if (wi != 0) loss -= wi * std::log(std::max(static_cast<double>(zi[yi] / sum), 1e-300));
        const float inv = 1.0f / sum, wf = static_cast<float>(wi);
        for (int64_t c = 0; c < k; ++c) {
          zi[c] = wf * (zi[c] * inv - (c == yi ? 1.0f : 0.0f));
          grad_b[c] += zi[c];
        }
      }
      for (int64_t c0 = 0; c0 < k; c0 += 5)
        rank_group(std::min<int64_t>(5, k - c0), xb, rows, d, z + c0, k, chunk_g_.data() + c0 * d);
      since_flush += rows;
      if (since_flush >= 4096 || start + rows == n) {
        for (size_t u = 0; u < grad_w_.size(); ++u) grad_w_[u] += chunk_g_[u];
        std::fill(chunk_g_.begin(), chunk_g_.end(), 0.0f);
        since_flush = 0;
      }
    }
    return loss;
  }

  static void logits_group(int64_t cs, const float* x0, const float* x1, const float* w, int64_t d,
                           float* o0, float* o1) {
    switch (cs) {
      case 1:
        internal::dot_rows2_vectors<1>(x0, x1, w, d, o0, o1);
        break;
      case 2:
        internal::dot_rows2_vectors<2>(x0, x1, w, d, o0, o1);
        break;
      case 3:
        internal::dot_rows2_vectors<3>(x0, x1, w, d, o0, o1);
        break;
      case 4:
        internal::dot_rows2_vectors<4>(x0, x1, w, d, o0, o1);
        break;
      default:
        internal::dot_rows2_vectors<5>(x0, x1, w, d, o0, o1);
        break;
    }
  }

  static void rank_group(int64_t cs, const float* x, int64_t rows, int64_t d, const float* r,
                         int64_t ldr, float* g) {
    switch (cs) {
      case 1:
        internal::rank_update<1>(x, rows, d, r, ldr, g);
        break;
      case 2:
        internal::rank_update<2>(x, rows, d, r, ldr, g);
        break;
      case 3:
        internal::rank_update<3>(x, rows, d, r, ldr, g);
        break;
      case 4:
        internal::rank_update<4>(x, rows, d, r, ldr, g);
        break;
      default:
        internal::rank_update<5>(x, rows, d, r, ldr, g);
        break;
    }
  }

  Eigen::Map<const RowMatrixF> x_;
  const std::vector<int32_t>& y_;
  const std::vector<float>& w_;
  int64_t k_;
  double c_;
  bool intercept_;
  double total_weight_;
  bool exact_ = false;
  // Work buffers reused by every evaluation.
  std::vector<float> wt_, z_, chunk_g_;
  std::vector<double> grad_w_;
};

Status check_inputs(const MatrixView& x, const std::vector<int32_t>& labels, int64_t n_classes,
                    const LogisticRegressionOptions& o, const std::vector<float>& sw) {
  Status s = validate_matrix(x, "features");
  if (!s) return s;
  if (static_cast<int64_t>(labels.size()) != x.rows)
    return make_error(ErrorCode::kLengthMismatch, "labels",
                      "has " + std::to_string(labels.size()) + " entries, features has " +
                          std::to_string(x.rows) + " rows");
  if (n_classes < 2)
    return make_error(ErrorCode::kInvalidArgument, "n_classes", "needs at least 2 classes");
  if (!(o.c > 0) || !std::isfinite(o.c))
    return make_error(ErrorCode::kInvalidArgument, "C", "must be a positive number");
  if (o.max_iter < 0 || o.history < 1)
    return make_error(ErrorCode::kInvalidArgument, "max_iter",
                      "max_iter must be ≥ 0 and history ≥ 1");
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || labels[i] >= n_classes)
      return make_error(
          ErrorCode::kOutOfRange, "labels[" + std::to_string(i) + "]",
          "class " + std::to_string(labels[i]) + " outside [0, " + std::to_string(n_classes) + ")");
  if (!sw.empty()) {
    if (static_cast<int64_t>(sw.size()) != x.rows)
      return make_error(ErrorCode::kLengthMismatch, "sample_weight",
                        "has " + std::to_string(sw.size()) + " entries, features has " +
                            std::to_string(x.rows) + " rows");
    for (size_t i = 0; i < sw.size(); ++i)
      if (!(sw[i] >= 0) || !std::isfinite(sw[i]))
        return make_error(ErrorCode::kOutOfRange, "sample_weight[" + std::to_string(i) + "]",
                          "expected a finite weight ≥ 0");
  }
  return Ok{};
}

}  // namespace

Result<LogisticRegressionModel> fit_logistic_regression(const MatrixView& features,
                                                        const std::vector<int32_t>& labels,
                                                        int64_t n_classes,
                                                        const LogisticRegressionOptions& o,
                                                        const std::vector<float>& sample_weight,
                                                        const LogisticRegressionModel* warm) {
  Status s = check_inputs(features, labels, n_classes, o, sample_weight);
  if (!s) return s.error();
  const int64_t d = features.cols, k = n_classes;
  const int64_t p = k * d + k;
  SoftmaxObjective obj(features, labels, sample_weight, k, o.c, o.fit_intercept);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(p);
  if (warm && warm->n_features == d && warm->n_classes == k) {
    for (int64_t i = 0; i < k * d; ++i) x[i] = warm->weights[static_cast<size_t>(i)];
    if (o.fit_intercept)
      for (int64_t c = 0; c < k; ++c) x[k * d + c] = warm->intercept[static_cast<size_t>(c)];
  }
  Eigen::VectorXd g(p), g_new(p), x_new(p), dir(p);
  double f = 0;
  double f_raw = obj.eval(x, g, &f);
  int evals = 1;
  std::deque<Eigen::VectorXd> hist_s, hist_y;
  std::deque<double> hist_rho;
  LogisticRegressionModel m;
  m.n_features = d;
  m.n_classes = k;
  int iter = 0;
  bool converged = g.cwiseAbs().maxCoeff() <= o.tol;
  while (!converged && iter < o.max_iter) {
    ++iter;
    // Two-loop recursion: dir = −H g.
    dir = -g;
    const size_t h = hist_s.size();
    std::vector<double> alpha(h);
    for (size_t i = h; i-- > 0;) {
      alpha[i] = hist_rho[i] * hist_s[i].dot(dir);
      dir -= alpha[i] * hist_y[i];
    }
    if (h > 0) dir *= hist_s.back().dot(hist_y.back()) / hist_y.back().squaredNorm();
    for (size_t i = 0; i < h; ++i) {
      const double beta = hist_rho[i] * hist_y[i].dot(dir);
      dir += (alpha[i] - beta) * hist_s[i];
    }
    double slope = g.dot(dir);
    if (!(slope < 0)) {
      dir = -g;
      slope = -g.squaredNorm();
      hist_s.clear();
      hist_y.clear();
      hist_rho.clear();
    }
    double step =
        hist_s.empty() ? std::min(1.0, 1.0 / std::max(1e-12, dir.lpNorm<Eigen::Infinity>())) : 1.0;
    double f_new = 0, f_new_raw = 0;
    bool accepted = false;
    for (int ls = 0; ls < 40; ++ls) {
      x_new = x + step * dir;
      f_new_raw = obj.eval(x_new, g_new, &f_new);
      ++evals;
      if (std::isfinite(f_new) && f_new <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;  // no decrease possible at float precision: stop where we are
    Eigen::VectorXd sv = x_new - x, yv = g_new - g;
    const double sy = sv.dot(yv);
    if (sy > 1e-12 * yv.squaredNorm() && sy > 0) {
      if (static_cast<int>(hist_s.size()) == o.history) {
        hist_s.pop_front();
        hist_y.pop_front();
        hist_rho.pop_front();
      }
      hist_s.push_back(std::move(sv));
      hist_y.push_back(std::move(yv));
      hist_rho.push_back(1.0 / sy);
    }
    const double decrease = f - f_new;
    x.swap(x_new);
    g.swap(g_new);
    f = f_new;
    f_raw = f_new_raw;
    converged = g.cwiseAbs().maxCoeff() <= o.tol;
    // Relative-decrease test as scipy's factr: nothing left to gain at double precision.
    if (!converged && decrease <= 2.2e-16 * std::max({std::abs(f), std::abs(f + decrease), 1.0}))
      break;
  }
  m.weights.assign(x.data(), x.data() + k * d);
  m.intercept.assign(static_cast<size_t>(k), 0.0);
  if (o.fit_intercept)
    for (int64_t c = 0; c < k; ++c) m.intercept[static_cast<size_t>(c)] = x[k * d + c];
  m.n_iter = iter;
  m.n_evals = evals;
  m.converged = converged;
  m.objective = f_raw;
  return m;
}

Result<std::vector<float>> predict_proba(const LogisticRegressionModel& model,
                                         const MatrixView& features) {
  Status s = validate_matrix(features, "features");
  if (!s) return s.error();
  if (features.cols != model.n_features)
    return make_error(ErrorCode::kLengthMismatch, "features",
                      "has " + std::to_string(features.cols) + " columns, the model expects " +
                          std::to_string(model.n_features));
  const int64_t n = features.rows, d = features.cols, k = model.n_classes;
  Eigen::Map<const RowMatrixF> X(features.data, n, d);
  Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> W(
      model.weights.data(), k, d);
  const Eigen::MatrixXf wt = W.transpose().cast<float>();
  std::vector<float> out(static_cast<size_t>(n * k));
  Eigen::Map<RowMatrixF> Z(out.data(), n, k);
  Z.noalias() = X * wt;
  for (int64_t i = 0; i < n; ++i) {
    float* z = out.data() + i * k;
    float m = -std::numeric_limits<float>::infinity();
    for (int64_t c = 0; c < k; ++c) {
      z[c] += static_cast<float>(model.intercept[static_cast<size_t>(c)]);
      m = std::max(m, z[c]);
    }
    double sum = 0;
    for (int64_t c = 0; c < k; ++c) {
      z[c] = std::exp(z[c] - m);
      sum += z[c];
    }
    for (int64_t c = 0; c < k; ++c) z[c] = static_cast<float>(z[c] / sum);
  }
  return out;
}

Result<std::vector<double>> predict_proba(const LogisticRegressionModel& model,
                                          const MatrixView64& features) {
  if (features.rows < 1)
    return make_error(ErrorCode::kEmptyInput, "features",
                      "needs at least 1 rows, has " + std::to_string(features.rows));
  if (features.cols < 1)
    return make_error(ErrorCode::kInvalidArgument, "features",
                      "needs at least 1 column, has " + std::to_string(features.cols));
  if (features.data == nullptr)
    return make_error(ErrorCode::kInvalidArgument, "features", "has no data");
  const int64_t n = features.rows, d = features.cols, k = model.n_classes;
  for (int64_t i = 0; i < n * d; ++i)
    if (!std::isfinite(features.data[i]))
      return make_error(ErrorCode::kOutOfRange,
                        "features[" + std::to_string(i / d) + "][" + std::to_string(i % d) + "]",
                        "expected a finite number");
  if (d != model.n_features)
    return make_error(ErrorCode::kLengthMismatch, "features",
                      "has " + std::to_string(d) + " columns, the model expects " +
                          std::to_string(model.n_features));
  std::vector<double> out(static_cast<size_t>(n * k));
  for (int64_t i = 0; i < n; ++i) {
    const double* x = features.row(i);
    double* z = out.data() + i * k;
    double m = -std::numeric_limits<double>::infinity();
    for (int64_t c = 0; c < k; ++c) {
      const double* w = model.weights.data() + c * d;
      double dot = 0;
      for (int64_t j = 0; j < d; ++j) dot += w[j] * x[j];
      z[c] = dot + model.intercept[static_cast<size_t>(c)];
      m = std::max(m, z[c]);
    }
    double sum = 0;
    for (int64_t c = 0; c < k; ++c) {
      z[c] = std::exp(z[c] - m);
      sum += z[c];
    }
    for (int64_t c = 0; c < k; ++c) z[c] /= sum;
  }
  return out;
}

std::vector<int32_t> argmax_rows(const std::vector<float>& probs, int64_t n_classes) {
  std::vector<int32_t> out;
  if (n_classes <= 0) return out;
  const size_t n = probs.size() / static_cast<size_t>(n_classes);
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const float* p = probs.data() + i * static_cast<size_t>(n_classes);
    out[i] = static_cast<int32_t>(std::max_element(p, p + n_classes) - p);
  }
  return out;
}

Result<std::vector<LogisticRegressionModel>> fit_bootstrap_committee(
    const MatrixView& features, const std::vector<int32_t>& labels, int64_t n_classes, int members,
    uint64_t seed, const LogisticRegressionOptions& options) {
  if (members < 1)
    return make_error(ErrorCode::kInvalidArgument, "members", "needs at least 1 member");
  std::vector<LogisticRegressionModel> out;
  const uint64_t n = static_cast<uint64_t>(features.rows);
  for (int m = 0; m < members; ++m) {
    internal::SplitMix64 rng(seed + static_cast<uint64_t>(m));
    std::vector<float> weight(static_cast<size_t>(n), 0.0f);
    for (uint64_t i = 0; i < n; ++i) weight[rng.below(n)] += 1.0f;
    auto model = fit_logistic_regression(features, labels, n_classes, options, weight);
    if (!model) return model.error();
    out.push_back(std::move(*model));
  }
  return out;
}

}  // namespace localabel
