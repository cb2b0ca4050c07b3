#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "localabel/geometric_agreement.h"
#include "localabel/quality.h"

namespace localabel {
namespace {
const std::string& label_of(const Region* r) {
  static const std::string kNone;
  return r->labels.empty() ? kNone : r->labels[0];
}
}  // namespace

double keypoint_similarity(const std::vector<const Region*>& a, const std::vector<const Region*>& b,
                           double sigma) {
  if (a.empty() && b.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::set<std::string> labels;
  for (const Region* r : a) labels.insert(label_of(r));
  double total = 0;
  for (const std::string& label : labels) {
    std::vector<const Region*> pa, pb;
    for (const Region* r : a)
      if (label_of(r) == label) pa.push_back(r);
    for (const Region* r : b)
      if (label_of(r) == label) pb.push_back(r);
    if (pa.empty() || pb.empty()) continue;
    const int32_t rows = static_cast<int32_t>(pa.size()), cols = static_cast<int32_t>(pb.size());
    std::vector<double> sim(pa.size() * pb.size()), cost(sim.size());
    for (int32_t i = 0; i < rows; ++i)
      for (int32_t j = 0; j < cols; ++j) {
        const Region& p = *pa[i];
        const Region& q = *pb[j];
        double diag = std::hypot(static_cast<double>(std::max(p.image_width, q.image_width)),
                                 static_cast<double>(std::max(p.image_height, q.image_height)));
        if (!(diag > 0)) diag = 1;
        const double d2 = (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y);
        const double s = sigma * diag;
        sim[i * cols + j] = std::exp(-d2 / (2 * s * s));
        if (!std::isfinite(sim[i * cols + j])) sim[i * cols + j] = 0;
        cost[i * cols + j] = -sim[i * cols + j];
      }
    auto assignment = linear_sum_assignment(cost, rows, cols);
    if (!assignment) continue;
    for (int32_t i = 0; i < rows; ++i)
      if ((*assignment)[i] >= 0) total += sim[i * cols + (*assignment)[i]];
  }
  return total / static_cast<double>(std::max(a.size(), b.size()));
}

}  // namespace localabel
