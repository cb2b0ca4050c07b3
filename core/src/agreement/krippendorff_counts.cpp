// Krippendorff's alpha from a units x values count table, with its coincidence matrix, and the
// set distances (Jaccard, MASI) for set-valued labels.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "localabel/agreement.h"

namespace localabel {
namespace {

std::vector<int32_t> as_set(std::span<const int32_t> v) {
  std::vector<int32_t> s(v.begin(), v.end());
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  return s;
}

// |A n B| and |A u B| of two sorted sets.
std::pair<size_t, size_t> overlap(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return {common, a.size() + b.size() - common};
}

}  // namespace

double jaccard_distance(std::span<const int32_t> a, std::span<const int32_t> b) {
  const auto [common, all] = overlap(as_set(a), as_set(b));
  if (all == 0) return 0.0;
  return static_cast<double>(all - common) / static_cast<double>(all);
}

double masi_distance(std::span<const int32_t> a, std::span<const int32_t> b, bool exact_fractions) {
  const auto sa = as_set(a), sb = as_set(b);
  const auto [common, all] = overlap(sa, sb);
  if (all == 0) return 0.0;
  double m = 0;
  if (sa.size() == sb.size() && sa.size() == common)
    m = 1;
  else if (common == std::min(sa.size(), sb.size()))
    m = exact_fractions ? 2.0 / 3.0 : 0.67;
  else if (common > 0)
    m = exact_fractions ? 1.0 / 3.0 : 0.33;
  return 1 - static_cast<double>(common) / static_cast<double>(all) * m;
}

const char* set_distance_name(SetDistance d) {
  switch (d) {
    case SetDistance::kJaccard:
      return "jaccard";
    case SetDistance::kMasi:
      return "masi";
    case SetDistance::kMasiExact:
      return "masi-exact";
  }
  return "jaccard";
}

Result<SetDistance> parse_set_distance(std::string_view name, const std::string& where) {
  for (SetDistance d : {SetDistance::kJaccard, SetDistance::kMasi, SetDistance::kMasiExact})
    if (name == set_distance_name(d)) return d;
  return make_error(ErrorCode::kInvalidArgument, where,
                    "'" + std::string(name) + "' is not a distance (jaccard, masi, masi-exact)");
}

Result<std::vector<double>> set_distance_matrix(const std::vector<std::vector<int32_t>>& domain,
                                                SetDistance distance) {
  if (domain.empty()) return make_error(ErrorCode::kEmptyInput, "domain", "has no value");
  const size_t v = domain.size();
  std::vector<double> d(v * v, 0.0);
  for (size_t c = 0; c < v; ++c)
    for (size_t k = 0; k < v; ++k)
      d[c * v + k] = distance == SetDistance::kJaccard
                         ? jaccard_distance(domain[c], domain[k])
                         : masi_distance(domain[c], domain[k], distance == SetDistance::kMasiExact);
  return d;
}

Result<AlphaCoincidences> krippendorff_alpha_counts(std::span<const double> value_counts,
                                                    int64_t n_units, int32_t n_values,
                                                    AlphaLevel level,
                                                    std::span<const double> value_domain,
                                                    std::span<const double> distance) {
  if (n_values < 2)
    return make_error(ErrorCode::kInvalidArgument, "n_values",
                      "there has to be more than one value in the domain");
  if (n_units < 0 ||
      static_cast<int64_t>(value_counts.size()) != n_units * static_cast<int64_t>(n_values))
    return make_error(ErrorCode::kLengthMismatch, "value_counts",
                      "has " + std::to_string(value_counts.size()) + " cells, expected " +
                          std::to_string(n_units) + " x " + std::to_string(n_values));
  const size_t v = static_cast<size_t>(n_values);
  if (!value_domain.empty() && value_domain.size() != v)
    return make_error(ErrorCode::kLengthMismatch, "value_domain",
                      "has " + std::to_string(value_domain.size()) + " values for " +
                          std::to_string(n_values) + " columns of value_counts");
  if (!distance.empty() && distance.size() != v * v)
    return make_error(ErrorCode::kLengthMismatch, "distance",
                      "has " + std::to_string(distance.size()) + " cells, expected " +
                          std::to_string(n_values) + " x " + std::to_string(n_values));
  std::vector<double> domain(v);
  for (size_t c = 0; c < v; ++c) {
    domain[c] = value_domain.empty() ? static_cast<double>(c) : value_domain[c];
    if (!std::isfinite(domain[c]))
      return make_error(ErrorCode::kOutOfRange, "value_domain[" + std::to_string(c) + "]",
                        "must be finite");
  }
  AlphaCoincidences out;
  out.n_values = n_values;
  out.coincidences.assign(v * v, 0.0);
  for (int64_t u = 0; u < n_units; ++u) {
    const double* row = value_counts.data() + u * n_values;
    double m = 0;
    for (size_t c = 0; c < v; ++c) {
      if (!(row[c] >= 0) || !std::isfinite(row[c]))
        return make_error(ErrorCode::kOutOfRange,
                          "value_counts[" + std::to_string(u) + "][" + std::to_string(c) + "]",
                          "a count must be finite and >= 0");
      m += row[c];
    }
    if (m < 2) continue;  // a single value has no pair (the package divides its zeros by 1)
    ++out.n_units;
    for (size_t c = 0; c < v; ++c) {
      if (row[c] == 0) continue;
      for (size_t k = 0; k < v; ++k)
        out.coincidences[c * v + k] += (row[c] * row[k] - (c == k ? row[c] : 0.0)) / (m - 1);
    }
  }
  if (out.n_units == 0)
    return make_error(ErrorCode::kEmptyInput, "value_counts",
                      "there has to be at least one unit with values assigned by at least two "
                      "coders");
  out.marginals.assign(v, 0.0);
  for (size_t c = 0; c < v; ++c)
    for (size_t k = 0; k < v; ++k) out.marginals[k] += out.coincidences[c * v + k];
  for (double x : out.marginals) out.n_pairable += x;
  // Distances on the domain (or the given matrix).
  out.distances.assign(v * v, 0.0);
  std::vector<double> cumulative(v + 1, 0.0);  // sum of n_g for g < c
  for (size_t c = 0; c < v; ++c) cumulative[c + 1] = cumulative[c] + out.marginals[c];
  for (size_t c = 0; c < v; ++c)
    for (size_t k = 0; k < v; ++k) {
      double d = 0;
      if (!distance.empty()) {
        d = distance[c * v + k];
        if (!std::isfinite(d))
          return make_error(ErrorCode::kOutOfRange,
                            "distance[" + std::to_string(c) + "][" + std::to_string(k) + "]",
                            "must be finite");
      } else if (level == AlphaLevel::kNominal) {
        d = domain[c] != domain[k] ? 1.0 : 0.0;
      } else if (level == AlphaLevel::kOrdinal) {
        const size_t lo = std::min(c, k), hi = std::max(c, k);
        const double between = cumulative[hi + 1] - cumulative[lo];
        const double x = between - (out.marginals[lo] + out.marginals[hi]) / 2;
        d = x * x;
      } else if (level == AlphaLevel::kInterval) {
        d = (domain[c] - domain[k]) * (domain[c] - domain[k]);
      } else {
        const double sum = domain[c] + domain[k];
        d = sum != 0 ? ((domain[c] - domain[k]) / sum) * ((domain[c] - domain[k]) / sum) : 0.0;
      }
      out.distances[c * v + k] = d;
    }
  const double n = out.n_pairable;
  double observed = 0, expected = 0;
  for (size_t c = 0; c < v; ++c)
    for (size_t k = 0; k < v; ++k) {
      const double e =
          (out.marginals[c] * out.marginals[k] - (c == k ? out.marginals[c] : 0.0)) / (n - 1);
      observed += out.coincidences[c * v + k] * out.distances[c * v + k];
      expected += e * out.distances[c * v + k];
    }
  out.observed = observed / n;
  out.expected = expected / n;
  if (!(expected != 0)) {
    out.value = std::numeric_limits<double>::quiet_NaN();
    out.undefined_reason =
        "expected disagreement is 0 (every pairable value is the same, or all distances are 0)";
    return out;
  }
  out.value = 1 - observed / expected;
  return out;
}

}  // namespace localabel
