// ADWIN2 with exponential-histogram buckets, following river's drift.ADWIN (adwin_c.pyx,
// AdaptiveWindowing) step by step.
#include <cmath>

#include "localabel/drift.h"

namespace localabel {

Adwin::Adwin(const AdwinOptions& options) : o_(options) { clear(); }

void Adwin::clear() {
  rows_.assign(1, Row{});
  rows_[0].total.assign(static_cast<size_t>(o_.max_buckets) + 1, 0.0);
  rows_[0].variance = rows_[0].total;
  total_ = variance_ = width_ = 0;
  tick_ = 0;
  detected_ = false;
}

void Adwin::insert(double value) {
  Row& first = rows_[0];
  first.total[first.count] = value;
  first.variance[first.count] = 0;
  ++first.count;
  width_ += 1;
  if (width_ > 1) {
    const double d = value - total_ / (width_ - 1);
    variance_ += (width_ - 1) * d * d / width_;
  }
  total_ += value;
  // Merge the two oldest buckets of a row that has one bucket too many into the next row.
  for (size_t idx = 0; idx < rows_.size(); ++idx) {
    if (rows_[idx].count != o_.max_buckets + 1) break;
    if (idx + 1 == rows_.size()) {
      rows_.push_back(Row{});
      rows_.back().total.assign(static_cast<size_t>(o_.max_buckets) + 1, 0.0);
      rows_.back().variance = rows_.back().total;
    }
    Row& row = rows_[idx];
    Row& next = rows_[idx + 1];
    const double n = std::ldexp(1.0, static_cast<int>(idx));
    const double mu1 = row.total[0] / n, mu2 = row.total[1] / n;
    next.total[next.count] = row.total[0] + row.total[1];
    next.variance[next.count] =
        row.variance[0] + row.variance[1] + n * n * (mu1 - mu2) * (mu1 - mu2) / (2 * n);
    ++next.count;
    for (int64_t k = 2; k < row.count; ++k) {
      row.total[k - 2] = row.total[k];
      row.variance[k - 2] = row.variance[k];
    }
    row.count -= 2;
    row.total[row.count] = row.total[row.count + 1] = 0;
    row.variance[row.count] = row.variance[row.count + 1] = 0;
    if (next.count <= o_.max_buckets) break;
  }
}

double Adwin::drop_oldest() {
  Row& row = rows_.back();
  const double n = std::ldexp(1.0, static_cast<int>(rows_.size() - 1));
  const double u = row.total[0], v = row.variance[0], mu = u / n;
  width_ -= n;
  total_ -= u;
  const double mu_window = total_ / width_;
  variance_ -= v + n * width_ * (mu - mu_window) * (mu - mu_window) / (n + width_);
  for (int64_t k = 1; k < row.count; ++k) {
    row.total[k - 1] = row.total[k];
    row.variance[k - 1] = row.variance[k];
  }
  --row.count;
  row.total[row.count] = row.variance[row.count] = 0;
  if (row.count == 0) rows_.pop_back();
  return n;
}

bool Adwin::detect() {
  bool change = false;
  ++tick_;
  if (tick_ % o_.clock != 0 || !(width_ > static_cast<double>(o_.grace_period))) return false;
  const double min_len = static_cast<double>(o_.min_window_length);
  bool reduce = true;
  while (reduce) {
    reduce = false;
    bool done = false;
    double n0 = 0, n1 = width_, u0 = 0, u1 = total_;
    for (size_t r = rows_.size(); r-- > 0 && !done;) {
      const double size = std::ldexp(1.0, static_cast<int>(r));
      // Every bucket ends a cut W0 | W1 except the newest one of all (W1 would be empty).
      for (int64_t k = 0; k < rows_[r].count; ++k) {
        n0 += size;
        n1 -= size;
        u0 += rows_[r].total[k];
        u1 -= rows_[r].total[k];
        if (r == 0 && k + 1 == rows_[r].count) {
          done = true;
          break;
        }
        if (n1 < min_len || n0 < min_len) continue;
        const double delta_mean = u0 / n0 - u1 / n1;
        const double d_prime = std::log(2 * std::log(width_) / o_.delta);
        const double m = 1.0 / (n0 - min_len + 1) + 1.0 / (n1 - min_len + 1);
        const double eps =
            std::sqrt(2 * m * (variance_ / width_) * d_prime) + 2.0 / 3.0 * d_prime * m;
        if (std::abs(delta_mean) > eps) {
          reduce = change = true;
          if (width_ > 0) {
            drop_oldest();
            done = true;
            break;
          }
        }
      }
    }
  }
  return change;
}

bool Adwin::update(double value) {
  if (detected_) clear();
  insert(value);
  detected_ = detect();
  if (detected_) ++n_detections_;
  return detected_;
}

Result<AdwinResult> adwin(std::span<const double> values, const AdwinOptions& o) {
  if (!(o.delta > 0 && o.delta < 1))
    return make_error(ErrorCode::kInvalidArgument, "delta", "must be in (0, 1)");
  if (o.clock < 1 || o.max_buckets < 1 || o.min_window_length < 1 || o.grace_period < 0)
    return make_error(ErrorCode::kInvalidArgument, "options",
                      "need clock >= 1, max_buckets >= 1, min_window_length >= 1 and "
                      "grace_period >= 0");
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      return make_error(ErrorCode::kOutOfRange, "values[" + std::to_string(i) + "]",
                        "must be a finite number");
  Adwin detector(o);
  AdwinResult out;
  for (size_t i = 0; i < values.size(); ++i)
    if (detector.update(values[i])) out.detections.push_back(static_cast<int64_t>(i));
  out.width = detector.width();
  out.mean = detector.mean();
  out.total = detector.total();
  out.variance = detector.variance();
  out.variance_in_window = detector.variance_in_window();
  return out;
}

}  // namespace localabel
