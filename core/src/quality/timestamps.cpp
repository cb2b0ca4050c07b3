#include <cmath>
#include <limits>

#include "localabel/quality.h"

namespace localabel {
namespace {

bool digits(std::string_view s, size_t at, size_t n, int* out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Days from 1970-01-01 to a civil date (proleptic Gregorian; Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

double parse_iso_time(std::string_view s) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, &y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, &mo) ||
      s[7] != '-' || !digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') ||
      !digits(s, 11, 2, &h) || s[13] != ':' || !digits(s, 14, 2, &mi) || s[16] != ':' ||
      !digits(s, 17, 2, &se))
    return nan;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return nan;
  double t = static_cast<double>(days_from_civil(y, mo, d)) * 86400.0 + h * 3600.0 + mi * 60.0 + se;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    double scale = 0.1;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale /= 10)
      t += (s[i] - '0') * scale;
  }
  if (i == s.size()) return t;
  if (s[i] == 'Z' && i + 1 == s.size()) return t;
  int oh, om;
  if ((s[i] == '+' || s[i] == '-') && digits(s, i + 1, 2, &oh) && i + 6 == s.size() &&
      s[i + 3] == ':' && digits(s, i + 4, 2, &om)) {
    const double off = oh * 3600.0 + om * 60.0;
    return s[i] == '+' ? t - off : t + off;
  }
  return nan;
}

double annotation_time(const Annotation& a) {
  for (const char* key : {"updated_at", "created_at"}) {
    auto it = a.extra.find(key);
    if (it != a.extra.end() && it->is_string()) {
      const double t = parse_iso_time(it->get_ref<const std::string&>());
      if (!std::isnan(t)) return t;
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace localabel
