// Mask IoU/Dice (on bytes or on brush runs) and text span F1 (exact or overlapping).
#include <algorithm>
#include <limits>

#include "localabel/geometric_agreement.h"

namespace localabel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int32_t kMaxSpans = 4096;

MaskAgreement finish(int64_t inter, int64_t area_a, int64_t area_b) {
  MaskAgreement m;
  m.intersection = inter;
  m.area_a = area_a;
  m.area_b = area_b;
  const int64_t uni = area_a + area_b - inter;
  if (uni == 0) {
    m.iou = m.dice = kNaN;
    m.undefined_reason = "both masks are empty: IoU and Dice are 0/0";
    return m;
  }
  m.iou = static_cast<double>(inter) / static_cast<double>(uni);
  m.dice = 2.0 * static_cast<double>(inter) / static_cast<double>(area_a + area_b);
  return m;
}

Status check_runs(const BrushMask& m, const char* name) {
  if (m.width < 0 || m.height < 0)
    return make_error(ErrorCode::kInvalidArgument, name,
                      "a mask cannot have a negative size: " + std::to_string(m.width) + "x" +
                          std::to_string(m.height));
  uint64_t total = 0;
  for (uint32_t r : m.runs) total += r;
  const uint64_t want = static_cast<uint64_t>(m.width) * static_cast<uint64_t>(m.height);
  if (total != want)
    return make_error(ErrorCode::kLengthMismatch, name,
                      "runs add up to " + std::to_string(total) + " pixels, expected " +
                          std::to_string(m.width) + "x" + std::to_string(m.height) + " = " +
                          std::to_string(want));
  return Ok{};
}

Status check_spans(std::span<const TextSpan> s, int64_t text_length, const char* name) {
  for (size_t i = 0; i < s.size(); ++i) {
    const std::string at = std::string(name) + "[" + std::to_string(i) + "]";
    if (s[i].start < 0)
      return make_error(ErrorCode::kOutOfRange, at + ".start",
                        "must be >= 0; got " + std::to_string(s[i].start));
    if (s[i].end <= s[i].start)
      return make_error(ErrorCode::kOutOfRange, at + ".end",
                        "must be greater than start " + std::to_string(s[i].start) + "; got " +
                            std::to_string(s[i].end));
    if (text_length >= 0 && s[i].end > text_length)
      return make_error(ErrorCode::kOutOfRange, at + ".end",
                        "is past the end of the text (" + std::to_string(text_length) +
                            " code points); got " + std::to_string(s[i].end));
  }
  return Ok{};
}

bool span_less(const TextSpan& x, const TextSpan& y) {
  if (x.start != y.start) return x.start < y.start;
  if (x.end != y.end) return x.end < y.end;
  return x.label < y.label;
}
bool span_equal(const TextSpan& x, const TextSpan& y) {
  return x.start == y.start && x.end == y.end && x.label == y.label;
}

Result<std::vector<TextSpan>> sorted_unique(std::span<const TextSpan> s, const char* name) {
  std::vector<TextSpan> v(s.begin(), s.end());
  std::sort(v.begin(), v.end(), span_less);
  for (size_t i = 1; i < v.size(); ++i)
    if (span_equal(v[i - 1], v[i]))
      return make_error(ErrorCode::kDuplicate, name,
                        "the span [" + std::to_string(v[i].start) + ", " +
                            std::to_string(v[i].end) + ") with label " +
                            std::to_string(v[i].label) + " is given twice");
  return v;
}

}  // namespace

Result<MaskAgreement> mask_agreement(std::span<const uint8_t> a, std::span<const uint8_t> b,
                                     int32_t width, int32_t height) {
  if (width < 0 || height < 0)
    return make_error(ErrorCode::kInvalidArgument, "",
                      "a mask cannot have a negative size: " + std::to_string(width) + "x" +
                          std::to_string(height));
  const uint64_t want = static_cast<uint64_t>(width) * static_cast<uint64_t>(height);
  if (a.size() != want || b.size() != want)
    return make_error(ErrorCode::kLengthMismatch, a.size() != want ? "a" : "b",
                      "masks of different sizes: mask a has " + std::to_string(a.size()) +
                          " pixels, mask b " + std::to_string(b.size()) + ", expected " +
                          std::to_string(width) + "x" + std::to_string(height) + " = " +
                          std::to_string(want));
  int64_t inter = 0, area_a = 0, area_b = 0;
  for (size_t k = 0; k < a.size(); ++k) {
    const bool x = a[k] != 0, y = b[k] != 0;
    area_a += x;
    area_b += y;
    inter += x && y;
  }
  return finish(inter, area_a, area_b);
}

Result<MaskAgreement> mask_agreement(const BrushMask& a, const BrushMask& b) {
  if (auto s = check_runs(a, "a"); !s) return s.error();
  if (auto s = check_runs(b, "b"); !s) return s.error();
  if (a.width != b.width || a.height != b.height)
    return make_error(ErrorCode::kLengthMismatch, "",
                      "masks of different sizes: " + std::to_string(a.width) + "x" +
                          std::to_string(a.height) + " and " + std::to_string(b.width) + "x" +
                          std::to_string(b.height));
  // Walk both run lists; runs alternate background, foreground, ... starting with background.
  int64_t inter = 0, area_a = 0, area_b = 0;
  for (size_t k = 1; k < a.runs.size(); k += 2) area_a += a.runs[k];
  for (size_t k = 1; k < b.runs.size(); k += 2) area_b += b.runs[k];
  size_t ia = 0, ib = 0;
  uint64_t left_a = a.runs.empty() ? 0 : a.runs[0], left_b = b.runs.empty() ? 0 : b.runs[0];
  while (ia < a.runs.size() && ib < b.runs.size()) {
    if (left_a == 0) {
      if (++ia < a.runs.size()) left_a = a.runs[ia];
      continue;
    }
    if (left_b == 0) {
      if (++ib < b.runs.size()) left_b = b.runs[ib];
      continue;
    }
    const uint64_t step = std::min(left_a, left_b);
    if ((ia & 1) && (ib & 1)) inter += static_cast<int64_t>(step);
    left_a -= step;
    left_b -= step;
  }
  return finish(inter, area_a, area_b);
}

Result<SpanAgreement> span_agreement(std::span<const TextSpan> a, std::span<const TextSpan> b,
                                     int64_t text_length, SpanMatch mode) {
  if (auto s = check_spans(a, text_length, "a"); !s) return s.error();
  if (auto s = check_spans(b, text_length, "b"); !s) return s.error();
  auto sa = sorted_unique(a, "a");
  if (!sa) return sa.error();
  auto sb = sorted_unique(b, "b");
  if (!sb) return sb.error();
  SpanAgreement out;
  out.n_a = static_cast<int64_t>(a.size());
  out.n_b = static_cast<int64_t>(b.size());
  if (mode == SpanMatch::kExact) {
    size_t i = 0, j = 0;
    while (i < sa->size() && j < sb->size()) {
      if (span_equal((*sa)[i], (*sb)[j])) {
        ++out.matched;
        ++i;
        ++j;
      } else if (span_less((*sa)[i], (*sb)[j])) {
        ++i;
      } else {
        ++j;
      }
    }
  } else {
    if (a.size() > kMaxSpans || b.size() > kMaxSpans)
      return make_error(ErrorCode::kUnsupported, "",
                        "overlap matching supports at most " + std::to_string(kMaxSpans) +
                            " spans per annotator");
    const int32_t na = static_cast<int32_t>(a.size()), nb = static_cast<int32_t>(b.size());
    // Weight (n + 1) + Jaccard per eligible pair: any matching with more pairs outweighs one
    // with fewer (at most n pairs, each Jaccard <= 1), ties broken by total overlap.
    const double base = static_cast<double>(std::min(na, nb)) + 1;
    std::vector<double> cost(static_cast<size_t>(na) * nb, 0.0);
    bool any = false;
    for (int32_t i = 0; i < na; ++i)
      for (int32_t j = 0; j < nb; ++j) {
        const TextSpan &x = a[i], &y = b[j];
        if (x.label != y.label || !(x.start < y.end && y.start < x.end)) continue;
        const double inter =
            static_cast<double>(std::min(x.end, y.end) - std::max(x.start, y.start));
        const double uni = static_cast<double>(std::max(x.end, y.end) - std::min(x.start, y.start));
        cost[static_cast<size_t>(i) * nb + j] = -(base + inter / uni);
        any = true;
      }
    if (any) {
      auto assignment = linear_sum_assignment(cost, na, nb);
      if (!assignment) return assignment.error();
      for (int32_t i = 0; i < na; ++i) {
        const int32_t j = (*assignment)[i];
        if (j >= 0 && cost[static_cast<size_t>(i) * nb + j] < 0) ++out.matched;
      }
    }
  }
  const double m = static_cast<double>(out.matched);
  out.precision = out.n_b ? m / static_cast<double>(out.n_b) : kNaN;
  out.recall = out.n_a ? m / static_cast<double>(out.n_a) : kNaN;
  out.f1 = out.n_a + out.n_b ? 2 * m / static_cast<double>(out.n_a + out.n_b) : kNaN;
  if (out.n_a + out.n_b == 0)
    out.undefined_reason = "neither annotator marked a span: precision, recall and F1 are 0/0";
  else if (out.n_b == 0)
    out.undefined_reason = "annotator b marked no span: precision is 0/0";
  else if (out.n_a == 0)
    out.undefined_reason = "annotator a marked no span: recall is 0/0";
  return out;
}

int64_t count_code_points(const std::string& utf8) {
  int64_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace localabel
