// Dawid-Skene EM. Items are first grouped into patterns (identical sorted lists of
// (annotator, label) pairs): every item of a pattern has the same posterior, so the E- and
// M-steps run once per pattern, weighted by its number of items. With few annotators and
// classes (the common dense case) this turns millions of items into a few thousand patterns.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "localabel/aggregation.h"

namespace localabel {
namespace {

struct Patterns {
  std::vector<int32_t> pairs;    // concatenated sorted pair codes a * L + l
  std::vector<int64_t> offsets;  // pattern p: pairs[offsets[p] .. offsets[p+1])
  std::vector<double> weight;    // items per pattern
  std::vector<int32_t> of_item;  // pattern of each item
};

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

Patterns find_patterns(const AnnotationTable& t) {
  Patterns p;
  const int32_t ni = t.n_items(), nl = t.n_labels();
  p.of_item.resize(static_cast<size_t>(ni));
  p.offsets.push_back(0);
  // Open addressing on (hash, pattern id); grows at load 1/2.
  size_t cap = 1 << 12;
  std::vector<uint64_t> hashes(cap);
  std::vector<int32_t> ids(cap, -1);
  std::vector<int32_t> seq;
  for (int32_t i = 0; i < ni; ++i) {
    const int64_t m = t.item_offsets[i + 1] - t.item_offsets[i];
    seq.resize(static_cast<size_t>(m));
    for (int64_t j = 0; j < m; ++j) {
      int64_t r = t.row_of(i, j);
      seq[j] = t.annotator[r] * nl + t.label[r];
    }
    // Insertion sort: items have few rows, usually already sorted by annotator.
    for (size_t j = 1; j < seq.size(); ++j)
      for (size_t k = j; k > 0 && seq[k - 1] > seq[k]; --k) std::swap(seq[k - 1], seq[k]);
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ static_cast<uint64_t>(m);
    for (int32_t s : seq) h = mix(h ^ static_cast<uint64_t>(s) ^ (h << 7));
    size_t slot = h & (cap - 1);
    int32_t found = -1;
    for (;;) {
      int32_t id = ids[slot];
      if (id < 0) break;
      if (hashes[slot] == h) {
        const int64_t b = p.offsets[id], e = p.offsets[id + 1];
        if (e - b == m && std::equal(seq.begin(), seq.end(), p.pairs.begin() + b)) {
          found = id;
          break;
        }
      }
      slot = (slot + 1) & (cap - 1);
    }
    if (found < 0) {
      found = static_cast<int32_t>(p.weight.size());
      p.pairs.insert(p.pairs.end(), seq.begin(), seq.end());
      p.offsets.push_back(static_cast<int64_t>(p.pairs.size()));
      p.weight.push_back(0);
      hashes[slot] = h;
      ids[slot] = found;
      if (2 * p.weight.size() > cap) {
        size_t ncap = cap * 2;
        std::vector<uint64_t> nh(ncap);
        std::vector<int32_t> nid(ncap, -1);
        for (size_t s = 0; s < cap; ++s) {
          if (ids[s] < 0) continue;
          size_t q = hashes[s] & (ncap - 1);
          while (nid[q] >= 0) q = (q + 1) & (ncap - 1);
          nh[q] = hashes[s];
          nid[q] = ids[s];
        }
        hashes.swap(nh);
        ids.swap(nid);
        cap = ncap;
      }
    }
    p.weight[found] += 1;
    p.of_item[i] = found;
  }
  return p;
}

}  // namespace

Result<DawidSkeneResult> dawid_skene(const AnnotationTable& table,
                                     const DawidSkeneOptions& options) {
  if (table.rows() == 0 || table.n_items() == 0)
    return make_error(ErrorCode::kEmptyInput, "", "the table has no annotations");
  if (options.max_iterations < 0)
    return make_error(ErrorCode::kInvalidArgument, "max_iterations", "must be at least 0");
  if (!(options.tolerance >= 0) || !std::isfinite(options.tolerance))
    return make_error(ErrorCode::kInvalidArgument, "tolerance", "must be finite and >= 0");
  if (!(options.floor > 0 && options.floor < 1))
    return make_error(ErrorCode::kInvalidArgument, "floor", "must be in (0, 1)");
  const int32_t ni = table.n_items(), K = table.n_labels(), A = table.n_annotators();
  Patterns pat = find_patterns(table);
  const size_t np = pat.weight.size();
  const size_t kk = static_cast<size_t>(K);

  // Initial posteriors: vote fractions of each pattern.
  std::vector<double> post(np * kk, 0.0);
  for (size_t p = 0; p < np; ++p) {
    const int64_t b = pat.offsets[p], e = pat.offsets[p + 1];
    for (int64_t j = b; j < e; ++j)
      post[p * kk + pat.pairs[j] % K] += 1.0 / static_cast<double>(e - b);
  }

  std::vector<double> priors(kk), conf(static_cast<size_t>(A) * kk * kk);
  // log_conf[(a * K + l) * K + k] = log C_a[k][l]: contiguous over the true class k.
  std::vector<double> log_conf(static_cast<size_t>(A) * kk * kk), log_prior(kk);
  const double log_floor = std::log(options.floor);

  auto m_step = [&] {
    std::fill(priors.begin(), priors.end(), 0.0);
    std::fill(conf.begin(), conf.end(), 0.0);
    for (size_t p = 0; p < np; ++p) {
      const double w = pat.weight[p];
      const double* t = &post[p * kk];
      for (size_t k = 0; k < kk; ++k) priors[k] += w * t[k];
      for (int64_t j = pat.offsets[p]; j < pat.offsets[p + 1]; ++j) {
        const int32_t a = pat.pairs[j] / K, l = pat.pairs[j] % K;
        double* c = &conf[static_cast<size_t>(a) * kk * kk];
        for (size_t k = 0; k < kk; ++k) c[k * kk + l] += w * t[k];
      }
    }
    for (size_t k = 0; k < kk; ++k) priors[k] /= static_cast<double>(ni);
    for (int32_t a = 0; a < A; ++a) {
      double* c = &conf[static_cast<size_t>(a) * kk * kk];
      if (options.one_coin) {
        double right = 0, all = 0;
        for (size_t k = 0; k < kk; ++k)
          for (size_t l = 0; l < kk; ++l) {
            all += c[k * kk + l];
            if (k == l) right += c[k * kk + l];
          }
        const double acc = all > 0 ? right / all : 1.0 / K;
        for (size_t k = 0; k < kk; ++k)
          for (size_t l = 0; l < kk; ++l)
            c[k * kk + l] = K == 1 ? 1.0 : (k == l ? acc : (1 - acc) / (K - 1));
      } else {
        for (size_t k = 0; k < kk; ++k) {
          double s = 0;
          for (size_t l = 0; l < kk; ++l) s += c[k * kk + l];
          for (size_t l = 0; l < kk; ++l) c[k * kk + l] = s > 0 ? c[k * kk + l] / s : 1.0 / K;
        }
      }
      for (size_t k = 0; k < kk; ++k)
        for (size_t l = 0; l < kk; ++l)
          log_conf[(static_cast<size_t>(a) * kk + l) * kk + k] =
              c[k * kk + l] > options.floor ? std::log(c[k * kk + l]) : log_floor;
    }
    for (size_t k = 0; k < kk; ++k)
      log_prior[k] = priors[k] > options.floor ? std::log(priors[k]) : log_floor;
  };

  std::vector<double> s(kk);
  auto e_step = [&](bool keep_posteriors) {
    double ll = 0;
    for (size_t p = 0; p < np; ++p) {
      for (size_t k = 0; k < kk; ++k) s[k] = log_prior[k];
      for (int64_t j = pat.offsets[p]; j < pat.offsets[p + 1]; ++j) {
        const double* lc = &log_conf[static_cast<size_t>(pat.pairs[j]) * kk];
        for (size_t k = 0; k < kk; ++k) s[k] += lc[k];
      }
      double mx = s[0];
      for (size_t k = 1; k < kk; ++k) mx = std::max(mx, s[k]);
      // One exp per class: the terms go straight into the posteriors (normalised below),
      // or are only summed when the posteriors are kept.
      double z = 0;
      if (keep_posteriors) {
        for (size_t k = 0; k < kk; ++k) z += std::exp(s[k] - mx);
      } else {
        double* t = &post[p * kk];
        for (size_t k = 0; k < kk; ++k) z += (t[k] = std::exp(s[k] - mx));
      }
      ll += pat.weight[p] * (mx + std::log(z));
      if (keep_posteriors) continue;
      double* t = &post[p * kk];
      for (size_t k = 0; k < kk; ++k) t[k] /= z;
    }
    return ll;
  };

  DawidSkeneResult out;
  const double norm = options.per_row ? static_cast<double>(table.rows()) : ni;
  m_step();
  // No iteration: the start state (vote fractions and the parameters estimated from them);
  // the log-likelihood is that of those parameters.
  if (options.max_iterations == 0) out.log_likelihood = e_step(true);
  double prev = -std::numeric_limits<double>::infinity();
  for (int it = 1; it <= options.max_iterations; ++it) {
    const double ll = e_step(false);
    out.iterations = it;
    out.log_likelihood = ll;
    if ((ll - prev) / norm < options.tolerance) {
      out.converged = true;
      break;
    }
    prev = ll;
    if (it < options.max_iterations) m_step();
  }
  // crowd-kit's convention: the parameters re-estimated from the returned posteriors.
  if (options.refit_after_last_e_step && options.max_iterations > 0) m_step();

  out.labels.resize(static_cast<size_t>(ni));
  out.posteriors.resize(static_cast<size_t>(ni) * kk);
  for (int32_t i = 0; i < ni; ++i) {
    const double* t = &post[static_cast<size_t>(pat.of_item[i]) * kk];
    std::copy(t, t + kk, out.posteriors.begin() + static_cast<ptrdiff_t>(i * kk));
    int32_t best = 0;
    for (size_t k = 1; k < kk; ++k)
      if (t[k] > t[best]) best = static_cast<int32_t>(k);
    out.labels[i] = best;
  }
  out.priors = priors;
  out.confusion = conf;
  out.skills.assign(static_cast<size_t>(A), 0.0);
  for (int32_t a = 0; a < A; ++a)
    for (size_t k = 0; k < kk; ++k)
      out.skills[a] += priors[k] * conf[(static_cast<size_t>(a) * kk + k) * kk + k];
  return out;
}

Result<DawidSkeneResult> dawid_skene_ratings(const std::vector<Rating>& ratings, int32_t n_items,
                                             int32_t n_annotators, int32_t n_labels,
                                             const DawidSkeneOptions& options) {
  if (ratings.empty() || n_items < 1)
    return make_error(ErrorCode::kEmptyInput, "ratings", "no ratings");
  if (n_annotators < 1 || n_labels < 1)
    return make_error(ErrorCode::kInvalidArgument, n_annotators < 1 ? "n_annotators" : "n_labels",
                      "must be at least 1");
  // A table whose (item, annotator) pairs may repeat: the EM above works on multisets of
  // (annotator, label) pairs per item, so each repeated rating counts once more (Dawid &
  // Skene's n_il^(k)), in the start fractions, the M-step and the E-step alike.
  AnnotationTable t;
  t.items = Dictionary::identity(n_items);
  t.annotators = Dictionary::identity(n_annotators);
  t.labels = Dictionary::identity(n_labels);
  std::vector<int64_t> per_item(static_cast<size_t>(n_items), 0);
  for (size_t r = 0; r < ratings.size(); ++r) {
    const Rating& x = ratings[r];
    const std::string where = "ratings[" + std::to_string(r) + "]";
    if (x.item < 0 || x.item >= n_items)
      return make_error(ErrorCode::kOutOfRange, where + ".item",
                        "outside [0, " + std::to_string(n_items) + ")");
    if (x.annotator < 0 || x.annotator >= n_annotators)
      return make_error(ErrorCode::kOutOfRange, where + ".annotator",
                        "outside [0, " + std::to_string(n_annotators) + ")");
    if (x.label < 0 || x.label >= n_labels)
      return make_error(ErrorCode::kOutOfRange, where + ".label",
                        "outside [0, " + std::to_string(n_labels) + ")");
    ++per_item[static_cast<size_t>(x.item)];
  }
  for (int32_t i = 0; i < n_items; ++i)
    if (per_item[static_cast<size_t>(i)] == 0)
      return make_error(ErrorCode::kEmptyInput, "items[" + std::to_string(i) + "]",
                        "has no rating");
  t.item_offsets.assign(static_cast<size_t>(n_items) + 1, 0);
  for (int32_t i = 0; i < n_items; ++i)
    t.item_offsets[static_cast<size_t>(i) + 1] =
        t.item_offsets[static_cast<size_t>(i)] + per_item[static_cast<size_t>(i)];
  // Rows grouped by item (stable), so that row_of needs no index.
  t.item.resize(ratings.size());
  t.annotator.resize(ratings.size());
  t.label.resize(ratings.size());
  std::vector<int64_t> next(t.item_offsets.begin(), t.item_offsets.end() - 1);
  for (const Rating& x : ratings) {
    const int64_t r = next[static_cast<size_t>(x.item)]++;
    t.item[static_cast<size_t>(r)] = x.item;
    t.annotator[static_cast<size_t>(r)] = x.annotator;
    t.label[static_cast<size_t>(r)] = x.label;
  }
  return dawid_skene(t, options);
}

}  // namespace localabel
