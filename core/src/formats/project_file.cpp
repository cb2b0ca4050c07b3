#include "localabel/project_file.h"

#include <algorithm>
#include <map>
#include <set>

#include "formats/ls_detail.h"
#include "localabel/label_studio.h"

namespace localabel {

namespace {

constexpr RegionKind kLabelSetKinds[] = {RegionKind::kChoices, RegionKind::kSpan,
                                         RegionKind::kBox,     RegionKind::kPolygon,
                                         RegionKind::kBrush,   RegionKind::kKeypoint};

std::string type_word(const Json& j) {
  if (j.is_null()) return "null";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

Error wrong_type(const std::string& path, const std::string& expected, const Json& got) {
  return make_error(ErrorCode::kWrongType, path,
                    "expected " + expected + ", got " + type_word(got));
}

const Json* find(const Json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// Reads an optional string field into *out (left unchanged when absent).
Status optional_string(const Json& object, const char* key, const std::string& path,
                       std::string* out) {
  const Json* v = find(object, key);
  if (!v) return Ok{};
  if (!v->is_string()) return wrong_type(path + "." + key, "a string", *v);
  *out = v->get<std::string>();
  return Ok{};
}

bool is_hex_color(const std::string& s) {
  if (s.size() != 7 || s[0] != '#') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

Json extra_of(const Json& object, std::initializer_list<const char*> keys) {
  Json out = object;
  for (const char* k : keys) out.erase(k);
  return out;
}

Result<Label> read_label(const Json& j, const std::string& path, size_t index) {
  if (!j.is_object()) return wrong_type(path, "a label object", j);
  Label l;
  const Json* name = find(j, "name");
  if (!name)
    return make_error(ErrorCode::kMissingField, path + ".name", "missing; expected a string");
  if (!name->is_string()) return wrong_type(path + ".name", "a string", *name);
  l.name = name->get<std::string>();
  l.color = ls_detail::palette_color(index);
  LOCALABEL_TRY(optional_string(j, "color", path, &l.color));
  if (!is_hex_color(l.color))
    return make_error(ErrorCode::kInvalidFormat, path + ".color",
                      "expected a colour \"#rrggbb\", got \"" + l.color + "\"");
  LOCALABEL_TRY(optional_string(j, "hotkey", path, &l.hotkey));
  LOCALABEL_TRY(optional_string(j, "description", path, &l.description));
  if (const Json* ex = find(j, "examples")) {
    if (!ex->is_array()) return wrong_type(path + ".examples", "an array of strings", *ex);
    for (size_t i = 0; i < ex->size(); ++i) {
      if (!(*ex)[i].is_string())
        return wrong_type(path + ".examples[" + std::to_string(i) + "]", "a string", (*ex)[i]);
      l.examples.push_back((*ex)[i].get<std::string>());
    }
  }
  l.extra = extra_of(j, {"name", "color", "hotkey", "description", "examples"});
  return l;
}

Result<LabelSet> read_label_set(const Json& j, const std::string& path) {
  if (!j.is_object()) return wrong_type(path, "a label set object", j);
  LabelSet set;
  const Json* name = find(j, "name");
  if (!name)
    return make_error(ErrorCode::kMissingField, path + ".name", "missing; expected a string");
  if (!name->is_string()) return wrong_type(path + ".name", "a string", *name);
  set.name = name->get<std::string>();
  LOCALABEL_TRY(optional_string(j, "to_name", path, &set.to_name));
  const Json* kind = find(j, "kind");
  if (!kind)
    return make_error(ErrorCode::kMissingField, path + ".kind",
                      "missing; expected a result type such as \"rectanglelabels\"");
  if (!kind->is_string()) return wrong_type(path + ".kind", "a string", *kind);
  bool known = false;
  for (RegionKind k : kLabelSetKinds) {
    if (kind->get_ref<const std::string&>() == region_kind_ls_type(k)) {
      set.kind = k;
      known = true;
    }
  }
  if (!known)
    return make_error(ErrorCode::kUnsupported, path + ".kind",
                      "expected one of choices, labels, rectanglelabels, polygonlabels, "
                      "brushlabels, keypointlabels; got \"" +
                          kind->get<std::string>() + "\"");
  if (const Json* m = find(j, "multiple")) {
    if (!m->is_boolean()) return wrong_type(path + ".multiple", "a boolean", *m);
    set.multiple = m->get<bool>();
  }
  const Json* labels = find(j, "labels");
  if (!labels)
    return make_error(ErrorCode::kMissingField, path + ".labels",
                      "missing; expected an array of labels");
  if (!labels->is_array()) return wrong_type(path + ".labels", "an array of labels", *labels);
  std::set<std::string> seen;
  for (size_t i = 0; i < labels->size(); ++i) {
    std::string lp = path + ".labels[" + std::to_string(i) + "]";
    Result<Label> l = read_label((*labels)[i], lp, i);
    if (!l.ok()) return l.error();
    if (!seen.insert(l->name).second)
      return make_error(ErrorCode::kDuplicate, lp + ".name",
                        "label \"" + l->name + "\" is declared twice in this set");
    set.labels.push_back(std::move(l.value()));
  }
  set.extra = extra_of(j, {"name", "to_name", "kind", "multiple", "labels"});
  return set;
}

Status read_settings(const Json& j, ProjectSettings* s) {
  const std::string path = "settings";
  if (!j.is_object()) return wrong_type(path, "an object", j);
  std::pair<const char*, double*> shares[] = {{"overlap_share", &s->overlap_share},
                                              {"honeypot_rate", &s->honeypot_rate},
                                              {"review_threshold", &s->review_threshold}};
  for (auto& [key, out] : shares) {
    const Json* v = find(j, key);
    if (!v) continue;
    std::string p = path + "." + key;
    if (!v->is_number()) return wrong_type(p, "a number in [0, 1]", *v);
    *out = v->get<double>();
    if (!(*out >= 0 && *out <= 1))
      return make_error(ErrorCode::kOutOfRange, p, "expected a share in [0, 1], got " + v->dump());
  }
  LOCALABEL_TRY(optional_string(j, "sampling_strategy", path, &s->sampling_strategy));
  s->extra =
      extra_of(j, {"overlap_share", "honeypot_rate", "review_threshold", "sampling_strategy"});
  return Ok{};
}

// Every modelled region names a declared label set of its type and declared labels.
Status check_references(const Project& project) {
  std::map<std::string, const LabelSet*> sets;
  for (const LabelSet& s : project.label_sets) sets[s.name] = &s;
  auto check = [&](const std::vector<Region>& regions, const std::string& owner) -> Status {
    for (size_t k = 0; k < regions.size(); ++k) {
      const Region& r = regions[k];
      if (r.kind == RegionKind::kOther) continue;
      std::string path = owner + ".result[" + std::to_string(k) + "]";
      auto it = sets.find(r.from_name);
      if (it == sets.end())
        return make_error(ErrorCode::kUnknownReference, path + ".from_name",
                          "no label set is named \"" + r.from_name + "\"");
      const LabelSet& set = *it->second;
      if (set.kind != r.kind)
        return make_error(ErrorCode::kInvalidFormat, path + ".type",
                          "label set \"" + set.name + "\" holds \"" +
                              region_kind_ls_type(set.kind) + "\" results, got \"" +
                              region_kind_ls_type(r.kind) + "\"");
      for (size_t i = 0; i < r.labels.size(); ++i) {
        bool found = std::any_of(set.labels.begin(), set.labels.end(),
                                 [&](const Label& l) { return l.name == r.labels[i]; });
        if (!found)
          return make_error(
              ErrorCode::kUnknownReference,
              path + ".value." + region_kind_ls_type(r.kind) + "[" + std::to_string(i) + "]",
              "label \"" + r.labels[i] + "\" is not in label set \"" + set.name + "\"");
      }
    }
    return Ok{};
  };
  for (size_t i = 0; i < project.tasks.size(); ++i) {
    const Task& t = project.tasks[i];
    std::string path = "tasks[" + std::to_string(i) + "]";
    for (size_t a = 0; a < t.annotations.size(); ++a)
      LOCALABEL_TRY(
          check(t.annotations[a].regions, path + ".annotations[" + std::to_string(a) + "]"));
    for (size_t p = 0; p < t.predictions.size(); ++p)
      LOCALABEL_TRY(
          check(t.predictions[p].regions, path + ".predictions[" + std::to_string(p) + "]"));
  }
  return Ok{};
}

}  // namespace

Result<Project> project_from_json(const Json& j) {
  if (!j.is_object()) return wrong_type("", "a project file object", j);
  const Json* version = find(j, "localabel_project");
  if (!version)
    return make_error(ErrorCode::kMissingField, "localabel_project",
                      "missing; expected the project file version 1");
  if (!version->is_number_integer() && !version->is_number_unsigned())
    return wrong_type("localabel_project", "the integer 1", *version);
  if (version->get<int64_t>() != 1)
    return make_error(ErrorCode::kUnsupported, "localabel_project",
                      "expected version 1, got " + version->dump());
  Project project;
  LOCALABEL_TRY(optional_string(j, "name", "", &project.name));
  if (const Json* settings = find(j, "settings"))
    LOCALABEL_TRY(read_settings(*settings, &project.settings));
  if (const Json* tasks = find(j, "tasks")) {
    Result<std::vector<Task>> t = ls_detail::read_tasks(*tasks);
    if (!t.ok()) return t.error();
    project.tasks = std::move(t.value());
  }
  if (const Json* sets = find(j, "label_sets")) {
    if (!sets->is_array()) return wrong_type("label_sets", "an array of label sets", *sets);
    std::set<std::string> seen;
    for (size_t i = 0; i < sets->size(); ++i) {
      std::string path = "label_sets[" + std::to_string(i) + "]";
      Result<LabelSet> set = read_label_set((*sets)[i], path);
      if (!set.ok()) return set.error();
      if (!seen.insert(set->name).second)
        return make_error(ErrorCode::kDuplicate, path + ".name",
                          "label set \"" + set->name + "\" is declared twice");
      project.label_sets.push_back(std::move(set.value()));
    }
    LOCALABEL_TRY(check_references(project));
  } else {
    // The inferred sets are what write_project_file writes: check them as a written file is
    // checked, so that a file read here can always be read again after saving (a from_name
    // used with two result types is refused now, not after the save).
    project.label_sets = infer_label_sets(project.tasks);
    LOCALABEL_TRY(check_references(project));
  }
  project.extra = extra_of(j, {"localabel_project", "name", "settings", "tasks", "label_sets"});
  return project;
}

Result<Project> parse_project_file(std::string_view json_text) {
  Result<Json> j = parse_json_text(json_text);
  if (!j.ok()) return j.error();
  return project_from_json(j.value());
}

Json project_to_json(const Project& project) {
  Json j = project.extra.is_object() ? project.extra : Json::object();
  j["localabel_project"] = 1;
  j["name"] = project.name;
  Json sets = Json::array();
  for (const LabelSet& s : project.label_sets) {
    Json js = s.extra.is_object() ? s.extra : Json::object();
    js["name"] = s.name;
    if (!s.to_name.empty()) js["to_name"] = s.to_name;
    js["kind"] = region_kind_ls_type(s.kind);
    if (s.multiple) js["multiple"] = true;
    Json labels = Json::array();
    for (const Label& l : s.labels) {
      Json jl = l.extra.is_object() ? l.extra : Json::object();
      jl["name"] = l.name;
      jl["color"] = l.color;
      if (!l.hotkey.empty()) jl["hotkey"] = l.hotkey;
      if (!l.description.empty()) jl["description"] = l.description;
      if (!l.examples.empty()) jl["examples"] = l.examples;
      labels.push_back(std::move(jl));
    }
    js["labels"] = std::move(labels);
    sets.push_back(std::move(js));
  }
  j["label_sets"] = std::move(sets);
  Json settings = project.settings.extra.is_object() ? project.settings.extra : Json::object();
  settings["overlap_share"] = project.settings.overlap_share;
  settings["honeypot_rate"] = project.settings.honeypot_rate;
  settings["review_threshold"] = project.settings.review_threshold;
  settings["sampling_strategy"] = project.settings.sampling_strategy;
  j["settings"] = std::move(settings);
  j["tasks"] = ls_detail::write_tasks(project.tasks);
  return j;
}

std::string write_project_file(const Project& project) {
  return project_to_json(project).dump(2) + "\n";
}

}  // namespace localabel
