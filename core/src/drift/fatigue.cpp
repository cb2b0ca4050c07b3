#include "localabel/fatigue.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean of the known (non-NaN) values of v[begin, end); NaN when there is none.
double mean_known(const std::vector<double>& v, size_t begin, size_t end) {
  double sum = 0;
  int64_t n = 0;
  for (size_t i = begin; i < end; ++i)
    if (!std::isnan(v[i])) {
      sum += v[i];
      ++n;
    }
  return n ? sum / static_cast<double>(n) : kNaN;
}

// Least-squares slope of v against position, over the known values; NaN with fewer than two.
double slope_known(const std::vector<double>& v) {
  double sx = 0, sy = 0;
  int64_t n = 0;
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isnan(v[i])) {
      sx += static_cast<double>(i);
      sy += v[i];
      ++n;
    }
  if (n < 2) return kNaN;
  const double mx = sx / static_cast<double>(n), my = sy / static_cast<double>(n);
  double sxy = 0, sxx = 0;
  for (size_t i = 0; i < v.size(); ++i)
    if (!std::isnan(v[i])) {
      const double dx = static_cast<double>(i) - mx;
      sxy += dx * (v[i] - my);
      sxx += dx * dx;
    }
  return sxx > 0 ? sxy / sxx : kNaN;
}

Error bad(ErrorCode code, const char* field, size_t i, const std::string& what) {
  return make_error(code, std::string(field) + "[" + std::to_string(i) + "]", what);
}

}  // namespace

Result<FatigueReport> session_fatigue(std::span<const int32_t> annotator,
                                      std::span<const double> timestamp,
                                      std::span<const double> seconds,
                                      std::span<const double> quality, const FatigueOptions& o) {
  const size_t n = annotator.size();
  for (auto [size, name] : {std::pair{timestamp.size(), "timestamp"},
                            std::pair{seconds.empty() ? n : seconds.size(), "seconds"},
                            std::pair{quality.empty() ? n : quality.size(), "quality"}})
    if (size != n)
      return make_error(
          ErrorCode::kLengthMismatch, name,
          "has " + std::to_string(size) + " values for " + std::to_string(n) + " rows");
  if (!(o.session_gap_seconds >= 0) || !(o.time_threshold >= 0) || !(o.quality_threshold >= 0))
    return make_error(ErrorCode::kInvalidArgument, "options",
                      "session_gap_seconds, time_threshold and quality_threshold must be >= 0");
  if (o.min_tasks < 2)
    return make_error(ErrorCode::kInvalidArgument, "min_tasks", "must be at least 2");
  for (size_t i = 0; i < n; ++i) {
    if (annotator[i] < 0) return bad(ErrorCode::kOutOfRange, "annotator", i, "must be >= 0");
    if (!std::isfinite(timestamp[i]))
      return bad(ErrorCode::kOutOfRange, "timestamp", i, "must be a finite number of seconds");
    if (!seconds.empty() && (std::isinf(seconds[i]) || seconds[i] < 0))
      return bad(ErrorCode::kOutOfRange, "seconds", i, "must be >= 0 and finite, or NaN");
    if (!quality.empty() && (quality[i] < 0 || quality[i] > 1))
      return bad(ErrorCode::kOutOfRange, "quality", i, "must be in [0, 1], or NaN");
  }
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), int64_t{0});
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return annotator[a] != annotator[b] ? annotator[a] < annotator[b] : timestamp[a] < timestamp[b];
  });
  FatigueReport report;
  size_t i = 0;
  int32_t last_annotator = -1;
  int64_t session_number = 0;
  while (i < n) {
    // One session: extend while the same annotator and the idle time stays within the gap.
    size_t j = i + 1;
    while (j < n && annotator[order[j]] == annotator[order[i]]) {
      const int64_t r = order[j], p = order[j - 1];
      const double spent = seconds.empty() || std::isnan(seconds[r]) ? 0 : seconds[r];
      if ((timestamp[r] - spent) - timestamp[p] > o.session_gap_seconds) break;
      ++j;
    }
    SessionFatigue s;
    s.annotator = annotator[order[i]];
    session_number = s.annotator == last_annotator ? session_number + 1 : 0;
    last_annotator = s.annotator;
    s.session = session_number;
    s.tasks = static_cast<int64_t>(j - i);
    s.start = timestamp[order[i]];
    s.end = timestamp[order[j - 1]];
    std::vector<double> secs, qual;
    for (size_t k = i; k < j; ++k) {
      const int64_t r = order[k];
      s.rows.push_back(r);
      if (!seconds.empty())
        secs.push_back(seconds[r]);
      else
        secs.push_back(k == i ? kNaN : timestamp[r] - timestamp[order[k - 1]]);
      qual.push_back(quality.empty() ? kNaN : quality[r]);
    }
    const size_t m = secs.size(), half = m / 2, late_begin = (m + 1) / 2;
    s.early_seconds = mean_known(secs, 0, half);
    s.late_seconds = mean_known(secs, late_begin, m);
    s.seconds_slope = slope_known(secs);
    s.early_quality = mean_known(qual, 0, half);
    s.late_quality = mean_known(qual, late_begin, m);
    s.quality_slope = slope_known(qual);
    if (s.tasks >= o.min_tasks) {
      s.slower = s.early_seconds > 0 && s.late_seconds > (1 + o.time_threshold) * s.early_seconds;
      s.worse = s.early_quality - s.late_quality > o.quality_threshold;  // false when NaN
    }
    report.alerts += s.slower || s.worse;
    report.sessions.push_back(std::move(s));
    i = j;
  }
  return report;
}

}  // namespace localabel
