#include "localabel/assignment.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "localabel/event.h"
#include "localabel/label_studio.h"

namespace localabel {

namespace {

Status check_unique(const std::vector<std::string>& ids, const char* field) {
  std::set<std::string_view> seen;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!seen.insert(ids[i]).second) {
      return make_error(ErrorCode::kDuplicate, std::string(field) + "[" + std::to_string(i) + "]",
                        "'" + ids[i] + "' is given twice");
    }
  }
  return Ok{};
}

Status check_config(const AssignmentConfig& c) {
  if (c.annotators.empty()) {
    return make_error(ErrorCode::kEmptyInput, "annotators", "at least one annotator is needed");
  }
  if (!(c.overlap_share >= 0 && c.overlap_share <= 1)) {
    return make_error(ErrorCode::kOutOfRange, "settings.overlap_share", "expected 0 to 1");
  }
  if (!(c.honeypot_rate >= 0 && c.honeypot_rate < 1)) {
    return make_error(ErrorCode::kOutOfRange, "settings.honeypot_rate",
                      "expected 0 to less than 1");
  }
  for (auto [ids, name] : {std::pair{&c.tasks, "tasks"}, std::pair{&c.gold_tasks, "gold_tasks"},
                           std::pair{&c.annotators, "annotators"}}) {
    Status s = check_unique(*ids, name);
    if (!s) return s;
  }
  return Ok{};
}

}  // namespace

uint64_t stable_hash(std::initializer_list<std::string_view> parts) {
  uint64_t h = 14695981039346656037ULL;  // FNV-1a 64-bit offset basis
  auto mix = [&h](unsigned char byte) {
    h ^= byte;
    h *= 1099511628211ULL;  // FNV prime
  };
  for (std::string_view part : parts) {
    for (char c : part) mix(static_cast<unsigned char>(c));
    mix(0xff);  // never part of UTF-8 text, so ("ab","c") and ("a","bc") differ
  }
  // SplitMix64 finaliser (Steele, Lea & Flood, OOPSLA 2014).
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

double unit_hash(std::initializer_list<std::string_view> parts) {
  return double(stable_hash(parts) >> 11) * 0x1.0p-53;
}

Result<AssignmentConfig> assignment_config_from_json(const Json& project) {
  if (!project.is_object()) {
    return make_error(ErrorCode::kWrongType, "", "expected a project object");
  }
  AssignmentConfig c;
  if (project.contains("id") && project["id"].is_string()) {
    c.seed = project["id"].get<std::string>();
  } else if (project.contains("name") && project["name"].is_string()) {
    c.seed = project["name"].get<std::string>();
  } else {
    return make_error(ErrorCode::kMissingField, "id",
                      "a project needs a string \"id\" or \"name\" to seed assignment");
  }
  if (!project.contains("annotators")) {
    return make_error(ErrorCode::kMissingField, "annotators", "list of annotator ids required");
  }
  const Json& annotators = project["annotators"];
  if (!annotators.is_array()) {
    return make_error(ErrorCode::kWrongType, "annotators", "expected an array of ids");
  }
  for (size_t i = 0; i < annotators.size(); ++i) {
    std::string path = "annotators[" + std::to_string(i) + "]";
    if (!annotators[i].is_string()) {
      return make_error(ErrorCode::kWrongType, path, "expected a string");
    }
    std::string id = annotators[i].get<std::string>();
    if (!is_valid_annotator_id(id)) {
      return make_error(ErrorCode::kInvalidArgument, path,
                        "'" + id + "' is not a valid annotator id");
    }
    c.annotators.push_back(std::move(id));
  }
  if (project.contains("tasks")) {
    const Json& tasks = project["tasks"];
    if (!tasks.is_array()) return make_error(ErrorCode::kWrongType, "tasks", "expected an array");
    for (size_t i = 0; i < tasks.size(); ++i) {
      std::string path = "tasks[" + std::to_string(i) + "]";
      if (!tasks[i].is_object())
        return make_error(ErrorCode::kWrongType, path, "expected an object");
      if (!tasks[i].contains("id")) {
        return make_error(ErrorCode::kMissingField, path + ".id", "task id required");
      }
      const Json& id = tasks[i]["id"];
      std::string text;
      if (id.is_string()) {
        text = id.get<std::string>();
      } else if (id.is_number_integer()) {
        text = id.dump();
      } else {
        return make_error(ErrorCode::kWrongType, path + ".id", "expected a string or integer");
      }
      bool gold = false;
      if (tasks[i].contains("gold")) {
        if (!tasks[i]["gold"].is_boolean()) {
          return make_error(ErrorCode::kWrongType, path + ".gold", "expected true or false");
        }
        gold = tasks[i]["gold"].get<bool>();
      }
      (gold ? c.gold_tasks : c.tasks).push_back(std::move(text));
    }
  }
  if (project.contains("settings")) {
    const Json& s = project["settings"];
    if (!s.is_object()) return make_error(ErrorCode::kWrongType, "settings", "expected an object");
    for (auto [field, target] : {std::pair{"overlap_share", &c.overlap_share},
                                 std::pair{"honeypot_rate", &c.honeypot_rate}}) {
      if (!s.contains(field)) continue;
      std::string path = std::string("settings.") + field;
      if (!s[field].is_number())
        return make_error(ErrorCode::kWrongType, path, "expected a number");
      *target = s[field].get<double>();
    }
  }
  Status valid = check_config(c);
  if (!valid) return valid.error();
  return c;
}

Result<std::vector<QueueItem>> assign_queue(const AssignmentConfig& config,
                                            const std::string& annotator) {
  Status valid = check_config(config);
  if (!valid) return valid.error();
  if (std::find(config.annotators.begin(), config.annotators.end(), annotator) ==
      config.annotators.end()) {
    return make_error(ErrorCode::kUnknownReference, "annotator",
                      "'" + annotator + "' is not one of the project's annotators");
  }
  const std::string_view seed = config.seed;
  std::vector<std::pair<uint64_t, QueueItem>> mine;
  for (const std::string& task : config.tasks) {
    // Highest and second highest weights; ties broken by annotator id for determinism.
    const std::string* first = nullptr;
    const std::string* second = nullptr;
    uint64_t w1 = 0, w2 = 0;
    for (const std::string& a : config.annotators) {
      uint64_t w = stable_hash({seed, "task", task, a});
      if (!first || w > w1 || (w == w1 && a < *first)) {
        second = first;
        w2 = w1;
        first = &a;
        w1 = w;
      } else if (!second || w > w2 || (w == w2 && a < *second)) {
        second = &a;
        w2 = w;
      }
    }
    bool overlap = second && unit_hash({seed, "overlap", task}) < config.overlap_share;
    QueueItem item{task, false, ""};
    if (*first == annotator) {
      if (overlap) item.partner = *second;
    } else if (overlap && *second == annotator) {
      item.partner = *first;
    } else {
      continue;
    }
    mine.push_back({stable_hash({seed, "order", annotator, task}), std::move(item)});
  }
  std::sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.task < b.second.task;
  });

  std::vector<std::pair<uint64_t, std::string>> gold;
  for (const std::string& g : config.gold_tasks) {
    gold.push_back({stable_hash({seed, "gold", annotator, g}), g});
  }
  std::sort(gold.begin(), gold.end());
  const double threshold =
      config.honeypot_rate > 0 ? config.honeypot_rate / (1 - config.honeypot_rate) : 0;

  std::vector<QueueItem> queue;
  // At most one honeypot follows each task, so the queue holds at most twice the tasks
  // (threshold grows without bound as the rate nears 1: never size memory from it).
  const double expected_gold = gold.empty() ? 0 : double(mine.size()) * std::min(threshold, 1.0);
  queue.reserve(mine.size() + static_cast<size_t>(expected_gold));
  size_t next_gold = 0;
  for (size_t i = 0; i < mine.size(); ++i) {
    queue.push_back(std::move(mine[i].second));
    if (gold.empty()) continue;
    std::string index = std::to_string(i);
    if (unit_hash({seed, "honeypot", annotator, index}) < threshold) {
      queue.push_back({gold[next_gold % gold.size()].second, true, ""});
      ++next_gold;
    }
  }
  return queue;
}

Result<std::vector<QueueItem>> assign_queue_from_json_text(std::string_view project_json,
                                                           const std::string& annotator) {
  auto j = parse_json_text(project_json);
  if (!j) {
    Error e = j.error();
    e.message = "project.json: " + e.message;
    return e;
  }
  auto config = assignment_config_from_json(*j);
  if (!config) return config.error();
  return assign_queue(*config, annotator);
}

}  // namespace localabel
