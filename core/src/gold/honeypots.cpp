#include "localabel/honeypots.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "localabel/assignment.h"

namespace localabel {

Result<HoneypotQueue> place_honeypots(std::string_view seed, std::string_view annotator,
                                      const std::vector<std::string>& tasks,
                                      const std::vector<std::string>& gold, double rate) {
  if (!(rate >= 0 && rate < 1))
    return make_error(ErrorCode::kOutOfRange, "rate", "expected a number in [0, 1)");
  if (annotator.empty())
    return make_error(ErrorCode::kInvalidArgument, "annotator", "the annotator id is empty");
  // Which list (0 tasks, 1 gold) and index first gave each id.
  std::unordered_map<std::string_view, std::pair<int, size_t>> seen;
  seen.reserve(tasks.size() + gold.size());
  for (int list = 0; list < 2; ++list) {
    const auto& ids = list == 0 ? tasks : gold;
    const char* name = list == 0 ? "tasks" : "gold";
    for (size_t i = 0; i < ids.size(); ++i) {
      auto [it, fresh] = seen.emplace(ids[i], std::pair{list, i});
      if (fresh) continue;
      const std::string first = std::string(it->second.first == 0 ? "tasks" : "gold") + "[" +
                                std::to_string(it->second.second) + "]";
      return make_error(ErrorCode::kDuplicate, std::string(name) + "[" + std::to_string(i) + "]",
                        "'" + ids[i] + "' is already given as " + first);
    }
  }
  std::vector<std::pair<uint64_t, const std::string*>> order;
  order.reserve(gold.size());
  for (const std::string& g : gold)
    order.push_back({stable_hash({seed, "gold", annotator, g}), &g});
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : *a.second < *b.second;
  });
  const double threshold = rate > 0 ? rate / (1 - rate) : 0;
  HoneypotQueue out;
  out.queue.reserve(tasks.size() + static_cast<size_t>(static_cast<double>(tasks.size()) * rate) +
                    1);
  size_t next = 0;
  for (size_t i = 0; i < tasks.size(); ++i) {
    out.queue.push_back(tasks[i]);
    out.honeypot.push_back(0);
    if (gold.empty() || threshold <= 0) continue;
    const std::string index = std::to_string(i);
    if (unit_hash({seed, "honeypot", annotator, index}) >= threshold) continue;
    if (next < order.size()) {
      out.queue.push_back(*order[next++].second);
      out.honeypot.push_back(1);
      ++out.honeypots;
    } else {
      ++out.unfilled_slots;
    }
  }
  return out;
}

}  // namespace localabel
