// GLAD (Whitehill et al. 2009) in crowd-kit's multi-class form, EM with gradient M-steps.
#include <algorithm>
#include <cmath>
#include <limits>

#include "localabel/aggregation.h"

namespace localabel {
namespace {

// log(1 + exp(y)) without overflow.
double softplus(double y) { return y > 0 ? y + std::log1p(std::exp(-y)) : std::log1p(std::exp(y)); }
double sigmoid(double y) {
  return y >= 0 ? 1 / (1 + std::exp(-y)) : std::exp(y) / (1 + std::exp(y));
}
constexpr double kHalfLog2Pi = 0.91893853320467274178;

struct Glad {
  const AnnotationTable& t;
  int32_t ni, K, A;
  double log_km1;  // log(K - 1)
  std::vector<double> log_prior;
  double mu_a, mu_b;

  double prior_terms(const std::vector<double>& alpha, const std::vector<double>& b) const {
    double s = 0;
    for (double a : alpha) s -= 0.5 * (a - mu_a) * (a - mu_a) + kHalfLog2Pi;
    for (double x : b) s -= 0.5 * (x - mu_b) * (x - mu_b) + kHalfLog2Pi;
    return s;
  }

  // E-step: posteriors from the parameters; returns the incomplete-data log posterior.
  double e_step(const std::vector<double>& alpha, const std::vector<double>& b,
                std::vector<double>* post) const {
    const size_t kk = static_cast<size_t>(K);
    double ll = 0;
    for (int32_t i = 0; i < ni; ++i) {
      double* s = &(*post)[static_cast<size_t>(i) * kk];
      const double eb = std::exp(b[i]);
      double base = 0;
      for (size_t k = 0; k < kk; ++k) s[k] = log_prior[k];
      for (int64_t j = 0; j < t.item_offsets[i + 1] - t.item_offsets[i]; ++j) {
        const int64_t r = t.row_of(i, j);
        const double x = alpha[t.annotator[r]] * eb;
        const double sp = softplus(x), wrong = -sp - log_km1, right = x - sp;
        base += wrong;
        s[t.label[r]] += right - wrong;
      }
      double mx = -std::numeric_limits<double>::infinity();
      for (size_t k = 0; k < kk; ++k) mx = std::max(mx, s[k] += base);
      double z = 0;
      for (size_t k = 0; k < kk; ++k) z += (s[k] = std::exp(s[k] - mx));
      for (size_t k = 0; k < kk; ++k) s[k] /= z;
      ll += mx + std::log(z);
    }
    return ll + prior_terms(alpha, b);
  }

  // Expected complete-data log posterior (without the constant class-prior part). With
  // sp = softplus(x): log sigma(x) = x - sp, log(1 - sigma(x)) = -sp.
  double q(const std::vector<double>& alpha, const std::vector<double>& b,
           const std::vector<double>& post, std::vector<double>* eb) const {
    for (int32_t i = 0; i < ni; ++i) (*eb)[i] = std::exp(b[i]);
    double s = 0;
    for (int64_t r = 0; r < t.rows(); ++r) {
      const int32_t i = t.item[r];
      const double x = alpha[t.annotator[r]] * (*eb)[i];
      const double p = post[static_cast<size_t>(i) * K + t.label[r]];
      s += p * x - softplus(x) - (1 - p) * log_km1;
    }
    return s + prior_terms(alpha, b);
  }

  // Gradient of q and a Gauss-Newton diagonal (plus the prior's curvature 1).
  void gradient(const std::vector<double>& alpha, const std::vector<double>& b,
                const std::vector<double>& post, std::vector<double>* ga, std::vector<double>* gb,
                std::vector<double>* ha, std::vector<double>* hb, std::vector<double>* eb) const {
    for (int32_t a = 0; a < A; ++a) {
      (*ga)[a] = -(alpha[a] - mu_a);
      (*ha)[a] = 1;
    }
    for (int32_t i = 0; i < ni; ++i) {
      (*gb)[i] = -(b[i] - mu_b);
      (*hb)[i] = 1;
      (*eb)[i] = std::exp(b[i]);
    }
    for (int64_t r = 0; r < t.rows(); ++r) {
      const int32_t i = t.item[r], a = t.annotator[r];
      const double e = (*eb)[i], x = alpha[a] * e, sg = sigmoid(x);
      const double d = post[static_cast<size_t>(i) * K + t.label[r]] - sg;
      const double c = sg * (1 - sg);
      (*ga)[a] += d * e;
      (*gb)[i] += d * x;
      (*ha)[a] += c * e * e;
      (*hb)[i] += c * x * x;
    }
  }
};

}  // namespace

Result<GladResult> glad(const AnnotationTable& table, const GladOptions& options) {
  if (table.rows() == 0 || table.n_items() == 0)
    return make_error(ErrorCode::kEmptyInput, "", "the table has no annotations");
  if (options.max_iterations < 0)
    return make_error(ErrorCode::kInvalidArgument, "max_iterations", "must be at least 0");
  if (options.m_step_iterations < 1)
    return make_error(ErrorCode::kInvalidArgument, "m_step_iterations", "must be at least 1");
  if (!(options.tolerance >= 0) || !std::isfinite(options.tolerance))
    return make_error(ErrorCode::kInvalidArgument, "tolerance", "must be finite and >= 0");
  if (!std::isfinite(options.alpha_prior_mean) || !std::isfinite(options.beta_prior_mean))
    return make_error(ErrorCode::kInvalidArgument, "alpha_prior_mean",
                      "prior means must be finite");
  const int32_t ni = table.n_items(), K = table.n_labels(), A = table.n_annotators();
  const size_t kk = static_cast<size_t>(K);
  Glad g{table,
         ni,
         K,
         A,
         K > 1 ? std::log(K - 1.0) : 0.0,
         {},
         options.alpha_prior_mean,
         options.beta_prior_mean};
  g.log_prior.assign(kk, -std::log(static_cast<double>(K)));
  if (!options.class_priors.empty()) {
    if (options.class_priors.size() != kk)
      return make_error(ErrorCode::kLengthMismatch, "class_priors",
                        "expected one prior per label (" + std::to_string(K) + "), got " +
                            std::to_string(options.class_priors.size()));
    double sum = 0;
    for (size_t k = 0; k < kk; ++k) {
      const double p = options.class_priors[k];
      if (!(p > 0) || !std::isfinite(p))
        return make_error(ErrorCode::kOutOfRange, "class_priors[" + std::to_string(k) + "]",
                          "a class prior must be finite and > 0");
      sum += p;
    }
    for (size_t k = 0; k < kk; ++k) g.log_prior[k] = std::log(options.class_priors[k] / sum);
  }
  GladResult out;
  out.alphas.assign(static_cast<size_t>(A), 1.0);
  out.betas.assign(static_cast<size_t>(ni), 1.0);
  std::vector<double> post(static_cast<size_t>(ni) * kk);
  double obj = g.e_step(out.alphas, out.betas, &post);
  if (K > 1) {
    std::vector<double> ga(static_cast<size_t>(A)), ha(ga), gb(static_cast<size_t>(ni)), hb(gb);
    std::vector<double> na(ga), nb(gb), eb(gb);
    double step = 1;  // last accepted step: the next line search starts near it
    const double norm = static_cast<double>(table.rows());
    for (int it = 1; it <= options.max_iterations; ++it) {
      // M-step: preconditioned gradient ascent on Q with Armijo backtracking.
      double qv = g.q(out.alphas, out.betas, post, &eb);
      for (int s = 0; s < options.m_step_iterations; ++s) {
        g.gradient(out.alphas, out.betas, post, &ga, &gb, &ha, &hb, &eb);
        double slope = 0;
        for (int32_t a = 0; a < A; ++a) slope += ga[a] * ga[a] / ha[a];
        for (int32_t i = 0; i < ni; ++i) slope += gb[i] * gb[i] / hb[i];
        if (slope <= 1e-12 * norm) break;
        step = std::min(1.0, 2 * step);
        bool moved = false;
        double gained = 0;
        for (int h = 0; h < 40; ++h, step *= 0.5) {
          for (int32_t a = 0; a < A; ++a) na[a] = out.alphas[a] + step * ga[a] / ha[a];
          for (int32_t i = 0; i < ni; ++i) nb[i] = out.betas[i] + step * gb[i] / hb[i];
          const double nq = g.q(na, nb, post, &eb);
          if (nq >= qv + 1e-4 * step * slope) {
            out.alphas.swap(na);
            out.betas.swap(nb);
            gained = nq - qv;
            qv = nq;
            moved = true;
            break;
          }
        }
        // A generalised EM step only needs Q to rise: stop refining once the gain is far
        // below what the outer tolerance can see.
        if (!moved || gained < 1e-3 * options.tolerance * norm) break;
      }
      const double next = g.e_step(out.alphas, out.betas, &post);
      out.iterations = it;
      const double gain = (next - obj) / norm;
      obj = next;
      if (gain < options.tolerance) {
        out.converged = true;
        break;
      }
    }
  } else {
    out.converged = true;
  }
  out.objective = obj;
  out.posteriors = std::move(post);
  out.labels.resize(static_cast<size_t>(ni));
  for (int32_t i = 0; i < ni; ++i) {
    const double* p = &out.posteriors[static_cast<size_t>(i) * kk];
    int32_t best = 0;
    for (int32_t k = 1; k < K; ++k)
      if (p[k] > p[best]) best = k;
    out.labels[i] = best;
  }
  return out;
}

}  // namespace localabel
