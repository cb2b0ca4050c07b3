#include <algorithm>
#include <cstdlib>

#include "localabel/annotation_table.h"
#include "localabel/project.h"

namespace localabel {
namespace {

// Codes in sorted order for a set of strings; numeric when all are integers.
Dictionary dictionary_of(const std::vector<std::string>& values, std::vector<int32_t>* codes) {
  std::vector<std::string> distinct(values);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  bool integers = !distinct.empty();
  std::vector<int64_t> ints;
  for (const auto& s : distinct) {
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    bool ok = !s.empty() && end == s.c_str() + s.size() && std::to_string(v) == s;
    if (!ok) {
      integers = false;
      break;
    }
    ints.push_back(v);
  }
  Dictionary d;
  if (integers) {
    std::sort(ints.begin(), ints.end());
    d = Dictionary::from_integers(ints);
  } else {
    d = Dictionary::from_texts(distinct);
  }
  codes->resize(values.size());
  for (size_t r = 0; r < values.size(); ++r) (*codes)[r] = *d.find(values[r]);
  return d;
}

}  // namespace

Result<ProjectAnnotations> project_annotations(const Project& project,
                                               const std::string& from_name) {
  std::string name = from_name;
  const LabelSet* declared = nullptr;
  for (const auto& set : project.label_sets)
    if (set.kind == RegionKind::kChoices && (name.empty() || set.name == name)) {
      declared = &set;
      name = set.name;
      break;
    }
  if (name.empty())
    for (const auto& task : project.tasks)
      for (const auto& ann : task.annotations)
        for (const auto& reg : ann.regions)
          if (name.empty() && reg.kind == RegionKind::kChoices) name = reg.from_name;
  if (name.empty())
    return make_error(ErrorCode::kEmptyInput, "", "the project has no classification answers");
  std::vector<std::string> items, annotators, labels, gold_items, gold_labels;
  std::vector<double> times;
  bool all_timed = true;
  bool found = false;
  for (size_t t = 0; t < project.tasks.size(); ++t) {
    const Task& task = project.tasks[t];
    for (size_t a = 0; a < task.annotations.size(); ++a) {
      const Annotation& ann = task.annotations[a];
      if (ann.status == AnnotationStatus::kSkipped) continue;
      for (size_t k = 0; k < ann.regions.size(); ++k) {
        const Region& reg = ann.regions[k];
        if (reg.kind != RegionKind::kChoices || reg.from_name != name) continue;
        found = true;
        const std::string path = "tasks[" + std::to_string(t) + "].annotations[" +
                                 std::to_string(a) + "].result[" + std::to_string(k) + "]";
        if (reg.labels.size() != 1)
          return make_error(
              ErrorCode::kUnsupported, path,
              "expected exactly one choice, got " + std::to_string(reg.labels.size()));
        if (ann.ground_truth) {
          gold_items.push_back(task.id);
          gold_labels.push_back(reg.labels[0]);
          continue;
        }
        if (ann.annotator.empty())
          return make_error(ErrorCode::kMissingField,
                            "tasks[" + std::to_string(t) + "].annotations[" + std::to_string(a) +
                                "].completed_by",
                            "the annotation has no annotator");
        items.push_back(task.id);
        annotators.push_back(ann.annotator);
        labels.push_back(reg.labels[0]);
        times.push_back(ann.lead_time);
        all_timed = all_timed && ann.has_lead_time;
      }
    }
  }
  if (!found)
    return make_error(ErrorCode::kUnknownReference, "", "no results of label set '" + name + "'");
  if (items.empty())
    return make_error(ErrorCode::kEmptyInput, "",
                      "no submitted answers of label set '" + name + "'");
  std::vector<int32_t> item_codes, annotator_codes, label_codes;
  Dictionary item_dict = dictionary_of(items, &item_codes);
  Dictionary annotator_dict = dictionary_of(annotators, &annotator_codes);
  Dictionary label_dict;
  if (declared && !declared->labels.empty()) {
    std::vector<std::string> order;
    for (const auto& l : declared->labels) order.push_back(l.name);
    label_dict = Dictionary::from_declared(order);
    label_codes.resize(labels.size());
    for (size_t r = 0; r < labels.size(); ++r) {
      auto c = label_dict.find(labels[r]);
      if (!c)
        return make_error(ErrorCode::kUnknownReference, "label '" + labels[r] + "'",
                          "is not declared in label set '" + name + "'");
      label_codes[r] = *c;
    }
  } else {
    std::vector<std::string> all(labels);
    all.insert(all.end(), gold_labels.begin(), gold_labels.end());
    std::vector<int32_t> codes;
    label_dict = dictionary_of(all, &codes);
    label_codes.assign(codes.begin(), codes.begin() + static_cast<ptrdiff_t>(labels.size()));
  }
  if (!all_timed) times.clear();
  auto table = make_annotation_table(std::move(item_codes), std::move(annotator_codes),
                                     std::move(label_codes), std::move(times), std::move(item_dict),
                                     std::move(annotator_dict), std::move(label_dict));
  if (!table) return table.error();
  ProjectAnnotations out;
  out.table = std::move(table).value();
  out.from_name = name;
  std::vector<bool> has_gold(static_cast<size_t>(out.table.n_items()), false);
  for (size_t g = 0; g < gold_items.size(); ++g) {
    auto item = out.table.items.find(gold_items[g]);
    auto label = out.table.labels.find(gold_labels[g]);
    if (!item) continue;  // a gold task nobody else answered carries no check
    if (!label)
      return make_error(ErrorCode::kUnknownReference, "gold label '" + gold_labels[g] + "'",
                        "is not declared in label set '" + name + "'");
    if (has_gold[*item]) continue;  // the first ground-truth answer of a task counts
    has_gold[*item] = true;
    out.gold.push_back({*item, *label});
  }
  return out;
}

}  // namespace localabel
