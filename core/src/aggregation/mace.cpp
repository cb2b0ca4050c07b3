// MACE (Hovy et al. 2013): EM or variational Bayes with seeded random restarts.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "localabel/aggregation.h"

namespace localabel {
namespace {

// Digamma for x > 0: recurrence up to 6, then the asymptotic series (error < 1e-12).
double digamma(double x) {
  double r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const double f = 1 / (x * x);
  return r + std::log(x) - 0.5 / x -
         f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
}

// A double in [0, 1) from the generator's top 53 bits: the same on every platform.
double unit(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

struct Params {
  std::vector<double> spam, know;  // per annotator
  std::vector<double> xi;          // annotators x K
};

}  // namespace

Result<MaceResult> mace(const AnnotationTable& table, const MaceOptions& options) {
  if (table.rows() == 0 || table.n_items() == 0)
    return make_error(ErrorCode::kEmptyInput, "", "the table has no annotations");
  if (options.restarts < 1)
    return make_error(ErrorCode::kInvalidArgument, "restarts", "must be at least 1");
  if (options.max_iterations < 1)
    return make_error(ErrorCode::kInvalidArgument, "max_iterations", "must be at least 1");
  auto bad = [](double v) { return !(v >= 0) || !std::isfinite(v); };
  if (bad(options.tolerance))
    return make_error(ErrorCode::kInvalidArgument, "tolerance", "must be finite and >= 0");
  if (bad(options.default_noise))
    return make_error(ErrorCode::kInvalidArgument, "default_noise", "must be finite and >= 0");
  if (!(options.alpha > 0) || !(options.beta > 0) || !(options.strategy_prior > 0) ||
      !std::isfinite(options.alpha) || !std::isfinite(options.beta) ||
      !std::isfinite(options.strategy_prior))
    return make_error(ErrorCode::kInvalidArgument, "alpha",
                      "alpha, beta and strategy_prior must be finite and > 0");
  if (!std::isfinite(options.smoothing))
    return make_error(ErrorCode::kInvalidArgument, "smoothing", "must be finite");
  const int32_t ni = table.n_items(), K = table.n_labels(), A = table.n_annotators();
  const size_t kk = static_cast<size_t>(K), na = static_cast<size_t>(A);
  const double smoothing = options.smoothing < 0 ? 0.01 / K : options.smoothing;
  const double log_k = std::log(static_cast<double>(K));
  std::mt19937_64 rng(options.seed);

  std::vector<double> post(static_cast<size_t>(ni) * kk);
  std::vector<double> c_spam(na), c_know(na), c_xi(na * kk);
  // Per (annotator, label): log(spam xi[l]), log(spam xi[l] + know) - log(spam xi[l]), and
  // know / (spam xi[l] + know), so the passes over the rows only look values up.
  std::vector<double> t_base(na * kk), t_add(na * kk), t_know(na * kk);
  // E-step: posteriors and expected counts; returns the log marginal likelihood.
  auto e_step = [&](const Params& p) {
    for (size_t a = 0; a < na; ++a)
      for (size_t l = 0; l < kk; ++l) {
        const double v = std::max(p.spam[a] * p.xi[a * kk + l], 1e-300);
        t_base[a * kk + l] = std::log(v);
        t_add[a * kk + l] = std::log(v + p.know[a]) - std::log(v);
        t_know[a * kk + l] = p.know[a] / (v + p.know[a]);
      }
    std::fill(c_spam.begin(), c_spam.end(), 0.0);
    std::fill(c_know.begin(), c_know.end(), 0.0);
    std::fill(c_xi.begin(), c_xi.end(), 0.0);
    double ll = 0;
    for (int32_t i = 0; i < ni; ++i) {
      double* s = &post[static_cast<size_t>(i) * kk];
      std::fill(s, s + kk, 0.0);
      const int64_t m = table.item_offsets[i + 1] - table.item_offsets[i];
      double base = 0;
      for (int64_t j = 0; j < m; ++j) {
        const int64_t r = table.row_of(i, j);
        const size_t al = static_cast<size_t>(table.annotator[r]) * kk + table.label[r];
        base += t_base[al];
        s[table.label[r]] += t_add[al];
      }
      double mx = -std::numeric_limits<double>::infinity();
      for (size_t k = 0; k < kk; ++k) mx = std::max(mx, s[k] += base);
      double z = 0;
      for (size_t k = 0; k < kk; ++k) z += (s[k] = std::exp(s[k] - mx));
      for (size_t k = 0; k < kk; ++k) s[k] /= z;
      ll += mx + std::log(z) - log_k;
      for (int64_t j = 0; j < m; ++j) {
        const int64_t r = table.row_of(i, j);
        const int32_t a = table.annotator[r], l = table.label[r];
        const size_t al = static_cast<size_t>(a) * kk + l;
        const double knew = s[l] * t_know[al];
        c_know[a] += knew;
        c_spam[a] += 1 - knew;
        c_xi[al] += 1 - knew;
      }
    }
    return ll;
  };
  auto m_step = [&](Params* p) {
    for (size_t a = 0; a < na; ++a) {
      double* xi = &p->xi[a * kk];
      const double* c = &c_xi[a * kk];
      if (options.variational) {
        const double d = digamma(c_spam[a] + c_know[a] + options.alpha + options.beta);
        p->spam[a] = std::exp(digamma(c_spam[a] + options.alpha) - d);
        p->know[a] = std::exp(digamma(c_know[a] + options.beta) - d);
        double sum = 0;
        for (size_t l = 0; l < kk; ++l) sum += c[l] + options.strategy_prior;
        const double ds = digamma(sum);
        for (size_t l = 0; l < kk; ++l)
          xi[l] = std::exp(digamma(c[l] + options.strategy_prior) - ds);
      } else {
        const double tot = c_spam[a] + c_know[a] + 2 * smoothing;
        p->spam[a] = tot > 0 ? (c_spam[a] + smoothing) / tot : 0.5;
        p->know[a] = tot > 0 ? (c_know[a] + smoothing) / tot : 0.5;
        double sum = 0;
        for (size_t l = 0; l < kk; ++l) sum += c[l] + smoothing;
        for (size_t l = 0; l < kk; ++l) xi[l] = sum > 0 ? (c[l] + smoothing) / sum : 1.0 / K;
      }
    }
  };

  MaceResult out;
  Params best;
  double best_ll = -std::numeric_limits<double>::infinity();
  for (int start = 0; start < options.restarts; ++start) {
    Params p;
    p.spam.resize(na);
    p.know.resize(na);
    p.xi.resize(na * kk);
    for (size_t a = 0; a < na; ++a) {
      const double s = 1 + options.default_noise * unit(rng);
      const double k = 1 + options.default_noise * unit(rng);
      p.spam[a] = s / (s + k);
      p.know[a] = k / (s + k);
      double sum = 0;
      for (size_t l = 0; l < kk; ++l)
        sum += (p.xi[a * kk + l] = 1 + options.default_noise * unit(rng));
      for (size_t l = 0; l < kk; ++l) p.xi[a * kk + l] /= sum;
    }
    double ll = e_step(p);
    int it = 0;
    while (it < options.max_iterations) {
      m_step(&p);
      const double next = e_step(p);
      ++it;
      const double gain = std::abs(next - ll) / ni;
      ll = next;
      if (options.tolerance > 0 && gain < options.tolerance) break;
    }
    // Strictly better only: the earliest start wins a tie, so results do not depend on
    // round-off between equal starts.
    if (ll > best_ll || start == 0) {
      best_ll = ll;
      best = p;
      out.iterations = it;
      out.best_restart = start;
    }
  }
  out.log_likelihood = e_step(best);
  out.posteriors = post;
  out.labels.resize(static_cast<size_t>(ni));
  for (int32_t i = 0; i < ni; ++i) {
    const double* q = &post[static_cast<size_t>(i) * kk];
    int32_t b = 0;
    for (int32_t k = 1; k < K; ++k)
      if (q[k] > q[b]) b = k;
    out.labels[i] = b;
  }
  out.competence.resize(na);
  out.strategies.resize(na * kk);
  for (size_t a = 0; a < na; ++a) {
    out.competence[a] = best.know[a] / (best.spam[a] + best.know[a]);
    double sum = 0;
    for (size_t l = 0; l < kk; ++l) sum += best.xi[a * kk + l];
    for (size_t l = 0; l < kk; ++l) out.strategies[a * kk + l] = best.xi[a * kk + l] / sum;
  }
  return out;
}

}  // namespace localabel
