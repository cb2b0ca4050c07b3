// The active-learning loop in the app: label a text task with one key and move on in the
// queue the page's learner proposes; the learner's predictions shown as pre-labels (review
// mode colours them by score) and accepted with one key; the Model panel with the learner's
// progress, its held-out accuracy and the choice of queue order.
//
// The learner itself runs in a Web Worker of the page (frontend/web/learning_worker.mjs); the
// page reads what it needs through la_model_json / la_model_data / la_model_labels and hands
// results back through la_set_model_status / la_set_queue_order / la_set_predictions. Nothing
// here reloads the project: undo history and the current task are kept.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <unordered_map>

#include "app/app.h"
#include "app/platform.h"
#include "localabel/features.h"
#include "localabel/label_studio.h"

namespace localabel::app {

namespace {

// Grey text wrapped at the window's edge (a note that must not be clipped).
void wrapped_disabled(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

constexpr const char* kStrategyNames[] = {"Entropy (most uncertain first)",
                                          "Margin (smallest top-2 gap first)", "Least confidence",
                                          "Random", "Hybrid (uncertainty x diversity)"};
constexpr int kStrategyCount = static_cast<int>(std::size(kQueueStrategies));

std::unordered_map<std::string, int> task_index_by_id(const Project& project) {
  std::unordered_map<std::string, int> out;
  out.reserve(project.tasks.size());
  for (int i = 0; i < static_cast<int>(project.tasks.size()); ++i) out[project.tasks[i].id] = i;
  return out;
}

// The choice of `set` in `annotator`'s annotation of `task`; null when there is none.
const Region* my_choice(const Task& task, const LabelSet* set, const std::string& annotator) {
  for (const Annotation& a : task.annotations) {
    if (a.annotator != annotator) continue;
    for (const Region& r : a.regions)
      if (r.kind == RegionKind::kChoices && !r.labels.empty() &&
          (set == nullptr || r.from_name == set->name))
        return &r;
  }
  return nullptr;
}

bool known_strategy(const std::string& s) {
  for (const char* k : kQueueStrategies)
    if (s == k) return true;
  return false;
}

}  // namespace

const LabelSet* App::learner_label_set() const {
  const LabelSet* fallback = nullptr;
  for (const LabelSet& set : project_.label_sets) {
    if (set.kind != RegionKind::kChoices || set.labels.size() < 2) continue;
    if (set.to_name == "text") return &set;
    if (fallback == nullptr && set.to_name != "image") fallback = &set;
  }
  return fallback;
}

bool App::handle_model_key(int key, bool shift) {
  if (current_ < 0) return false;
  const Task& task = project_.tasks[current_];
  // A choice hotkey of the learner's label set labels a text task and moves on.
  if (task.kind != TaskKind::kText) return false;
  const LabelSet* set = learner_label_set();
  if (set == nullptr) return false;
  for (const Label& l : set->labels)
    if (label_key_pressed(l, key, shift)) {
      choose_label(set->name, l.name);
      return true;
    }
  return false;
}

void App::choose_label(const std::string& set_name, const std::string& label) {
  if (current_ < 0) return;
  // Already so, or changed: on to the next task; refused edits keep the task.
  if (set_choices(set_name, {label}) >= 0) advance_queue();
}

void App::accept_prediction() {
  if (current_ < 0) return;
  if (!source_.prediction) {
    if (!accept_pending()) status_ = "Nothing to accept: no pending pre-annotation here";
    return;
  }
  const Task& task = project_.tasks[current_];
  if (source_.index >= static_cast<int>(task.predictions.size())) return;
  const std::vector<Region> predicted = task.predictions[source_.index].regions;
  // With a selection only the selected regions are taken and the prediction stays shown, so
  // that the next one can be decided; without, all of them and the queue moves on.
  std::set<std::string> chosen;
  for (int i : selection()) chosen.insert(predicted[i].id);
  const bool some = !chosen.empty();
  if (some) {
    // Deciding single regions takes the whole prediction into this annotator's annotation:
    // the chosen regions accepted, the others pending pre-annotations still to decide.
    EditGroup group = pre_annotation_steps();
    for (EditStep& step : group)
      if (chosen.count(step.region) > 0) step.after->score = -1;
    if (const int mine = my_annotation(false); mine >= 0) {
      const std::vector<Region>& regions = project_.tasks[current_].annotations[mine].regions;
      for (const Region& r : regions)
        if (chosen.count(r.id) > 0 && r.score >= 0) {
          Region accepted = r;
          accepted.score = -1;
          group.push_back(EditStep{task.id, r.id, r, std::move(accepted)});
        }
    }
    if (group.empty()) {
      status_ = "Already decided";
      return;
    }
    const ShownSource shown = source_;
    commit_group(std::move(group));
    set_source(shown);
    status_ = "Accepted " + std::to_string(chosen.size()) + " predicted region" +
              (chosen.size() == 1 ? "" : "s");
    // The next region still to decide is selected.
    for (int i = 0; i < static_cast<int>(predicted.size()); ++i) {
      const ReviewDecision d = review_decision(predicted[i]);
      if (d == ReviewDecision::kNone || d == ReviewDecision::kPending) {
        select_region(i);
        break;
      }
    }
    return;
  }
  const int mine = my_annotation(false);
  const std::vector<Region> empty;
  const std::vector<Region>& current =
      mine >= 0 ? project_.tasks[current_].annotations[mine].regions : empty;
  EditGroup group;
  int k = 0;
  for (const Region& p : predicted) {
    Region after = p;
    after.score = -1;
    after.extra.erase("score");
    if (!after.extra.is_object()) after.extra = Json::object();
    after.extra["origin"] = "prediction";
    std::optional<Region> before;
    int before_index = -1;
    for (int i = 0; i < static_cast<int>(current.size()); ++i) {
      // One choice per label set: an accepted choice replaces the annotator's. A region
      // taken before (pending or decided) is the one this acceptance changes.
      const bool same_set_choice = p.kind == RegionKind::kChoices &&
                                   current[i].kind == RegionKind::kChoices &&
                                   current[i].from_name == p.from_name;
      if (same_set_choice || (!p.id.empty() && current[i].id == p.id)) {
        before = current[i];
        before_index = i;
      }
    }
    if (before) {
      if (before->labels == p.labels && before->score < 0 && p.kind == RegionKind::kChoices)
        continue;
      if (p.kind != RegionKind::kChoices && before->score < 0 && before->id == p.id)
        continue;  // decided already
      after.id = before->id;
    } else if (p.id.empty()) {
      after.id = "me-" + std::to_string(next_seq_) + "-" + std::to_string(k++);
    }
    EditStep step{task.id, after.id, before, std::move(after)};
    step.before_index = before_index;
    group.push_back(std::move(step));
  }
  if (group.empty()) {
    advance_queue();
    return;
  }
  const uint64_t version = edit_version_;
  commit_group(std::move(group));
  if (edit_version_ != version) {
    status_ = "Accepted the prediction";
    advance_queue();
  }
}

void App::advance_queue() {
  const int n = static_cast<int>(project_.tasks.size());
  if (n == 0) return;
  const LabelSet* set = learner_label_set();
  // Done: submitted or skipped, or (with a learner) given one of its choices.
  auto labelled = [&](int i) {
    const Task& t = project_.tasks[i];
    const TaskProgress p = progress(t);
    if (p == TaskProgress::kSubmitted || p == TaskProgress::kSkipped) return true;
    return set != nullptr && my_choice(t, set, annotator_) != nullptr;
  };
  for (int i : model_.queue)
    if (i != current_ && i >= 0 && i < n && !labelled(i)) {
      select_task(i);
      return;
    }
  // No queue yet (or all of it is done): the next unlabelled task in file order.
  for (int d = 1; d < n; ++d) {
    const int i = (std::max(current_, 0) + d) % n;
    if (!labelled(i)) {
      select_task(i);
      return;
    }
  }
}

Status App::set_queue_order(std::string_view json_text) {
  Result<Json> parsed = parse_json_text(json_text);
  if (!parsed.ok()) return parsed.error();
  const Json& j = parsed.value();
  if (!j.is_array())
    return Error{ErrorCode::kWrongType, "queue order: expected an array of task ids", ""};
  const auto index = task_index_by_id(project_);
  std::vector<int> queue;
  queue.reserve(j.size());
  for (size_t k = 0; k < j.size(); ++k) {
    const std::string path = "queue[" + std::to_string(k) + "]";
    if (!j[k].is_string())
      return Error{ErrorCode::kWrongType, path + ": expected a task id (string)", path};
    auto it = index.find(j[k].get<std::string>());
    if (it == index.end())
      return Error{ErrorCode::kUnknownReference,
                   path + ": no task has the id \"" + j[k].get<std::string>() + "\"", path};
    queue.push_back(it->second);
  }
  model_.queue = std::move(queue);
  ++model_.queue_version;
  return Ok{};
}

Status App::set_predictions(std::string_view json_text) {
  Result<Json> parsed = parse_json_text(json_text);
  if (!parsed.ok()) return parsed.error();
  const Json& given = parsed.value();
  const LabelSet* set = learner_label_set();
  if (set == nullptr)
    return Error{ErrorCode::kUnsupported, "predictions: the project has no choice label set", ""};
  // Either the array, or {"model_version": kLabelModelVersion, "predictions": [...]}.
  std::string model_version = kLearnerModelVersion;
  const Json* list = &given;
  if (given.is_object()) {
    if (!given.contains("model_version") || !given["model_version"].is_string() ||
        (given["model_version"] != kLearnerModelVersion &&
         given["model_version"] != kLabelModelVersion))
      return Error{ErrorCode::kInvalidArgument,
                   std::string("predictions.model_version: expected \"") + kLearnerModelVersion +
                       "\" or \"" + kLabelModelVersion + "\"",
                   "predictions.model_version"};
    model_version = given["model_version"].get<std::string>();
    if (!given.contains("predictions"))
      return Error{ErrorCode::kMissingField, "predictions.predictions is missing",
                   "predictions.predictions"};
    list = &given["predictions"];
  }
  const Json& j = *list;
  if (!j.is_array())
    return Error{ErrorCode::kWrongType, "predictions: expected an array of {task, label, score}",
                 ""};
  const auto index = task_index_by_id(project_);
  struct Item {
    int task;
    std::string label;
    double score;
  };
  std::vector<Item> items;
  items.reserve(j.size());
  // Everything is checked before anything changes.
  for (size_t k = 0; k < j.size(); ++k) {
    const std::string path = "predictions[" + std::to_string(k) + "]";
    const Json& p = j[k];
    if (!p.is_object() || !p.contains("task") || !p["task"].is_string() || !p.contains("label") ||
        !p["label"].is_string() || !p.contains("score") || !p["score"].is_number())
      return Error{ErrorCode::kWrongType,
                   path + ": expected {\"task\": id, \"label\": name, \"score\": number}", path};
    auto it = index.find(p["task"].get<std::string>());
    if (it == index.end())
      return Error{ErrorCode::kUnknownReference, path + ".task: no task has this id",
                   path + ".task"};
    const std::string label = p["label"].get<std::string>();
    if (std::none_of(set->labels.begin(), set->labels.end(),
                     [&](const Label& l) { return l.name == label; }))
      return Error{ErrorCode::kUnknownReference,
                   path + ".label: \"" + label + "\" is not a label of " + set->name,
                   path + ".label"};
    const double score = p["score"].get<double>();
    if (!(score >= 0 && score <= 1))
      return Error{ErrorCode::kOutOfRange, path + ".score: expected a number in [0, 1]",
                   path + ".score"};
    items.push_back({it->second, label, score});
  }
  for (const Item& item : items) {
    Task& task = project_.tasks[item.task];
    auto it = std::find_if(task.predictions.begin(), task.predictions.end(),
                           [&](const Prediction& p) { return p.model_version == model_version; });
    if (it == task.predictions.end()) {
      // The learner's prediction goes first, so that review mode (R) shows it.
      Prediction fresh;
      fresh.id = model_version + "-" + task.id;
      fresh.model_version = model_version;
      fresh.has_model_version = true;
      task.predictions.insert(task.predictions.begin(), std::move(fresh));
      if (item.task == current_ && source_.prediction) ++source_.index;
      it = task.predictions.begin();
    }
    Region r;
    r.id = model_version + "-" + task.id;
    r.kind = RegionKind::kChoices;
    r.from_name = set->name;
    r.to_name = set->to_name.empty() ? std::string("text") : set->to_name;
    r.labels = {item.label};
    r.score = item.score;
    it->score = item.score;
    it->regions.assign(1, std::move(r));
  }
  if (model_version == kLabelModelVersion) {
    model_.lf_applied = static_cast<int>(items.size());
    ++edit_version_;
    return Ok{};
  }
  model_.predictions = 0;
  for (const Task& t : project_.tasks)
    model_.predictions +=
        std::any_of(t.predictions.begin(), t.predictions.end(),
                    [](const Prediction& p) { return p.model_version == kLearnerModelVersion; });
  if (!items.empty()) {
    model_.probe_task = items.front().task;
    model_.probe_id = project_.tasks[items.front().task].id;
  }
  // A task without an annotation shows its prediction as soon as it has one.
  if (current_ >= 0 && !source_.prediction && project_.tasks[current_].annotations.empty() &&
      !project_.tasks[current_].predictions.empty())
    source_ = ShownSource{true, 0};
  ++edit_version_;
  return Ok{};
}

Status App::set_model_status(std::string_view json_text) {
  Result<Json> parsed = parse_json_text(json_text);
  if (!parsed.ok()) return parsed.error();
  const Json& j = parsed.value();
  if (!j.is_object()) return Error{ErrorCode::kWrongType, "model status: expected an object", ""};
  auto text = [&](const char* name, std::string& out) {
    if (j.contains(name) && j[name].is_string()) out = j[name].get<std::string>();
  };
  auto number = [&](const char* name, auto& out) {
    if (j.contains(name) && j[name].is_number())
      out = static_cast<std::remove_reference_t<decltype(out)>>(j[name].get<double>());
  };
  text("phase", model_.phase);
  text("message", model_.message);
  text("accuracy_method", model_.accuracy_method);
  text("features", model_.features);
  number("progress", model_.progress);
  number("labelled", model_.labelled);
  number("classes", model_.classes);
  number("retrains", model_.retrains);
  number("train_ms", model_.train_ms);
  if (j.contains("accuracy"))
    model_.accuracy = j["accuracy"].is_number() ? j["accuracy"].get<double>() : -1;
  model_.progress = std::clamp(model_.progress, 0.0, 1.0);
  // The analysis of the labelling functions: {version, coverage, overlap, conflict, rows:
  // [{label, coverage, conflicts, accuracy or null, correct, incorrect}]}.
  if (j.contains("lf") && j["lf"].is_object()) {
    const Json& lf = j["lf"];
    auto num = [&](const Json& o, const char* name, double fallback) {
      return o.contains(name) && o[name].is_number() ? o[name].get<double>() : fallback;
    };
    model_.lf_status_version = static_cast<uint64_t>(num(lf, "version", 0));
    model_.lf_coverage = num(lf, "coverage", 0);
    model_.lf_overlap = num(lf, "overlap", 0);
    model_.lf_conflict = num(lf, "conflict", 0);
    model_.lf_rows.assign(model_.lf_keywords.size(), ModelPanelState::LfRow{});
    if (lf.contains("rows") && lf["rows"].is_array())
      for (const Json& row : lf["rows"]) {
        if (!row.is_object()) continue;
        const double label = num(row, "label", -1);
        if (!(label >= 0 && label < static_cast<double>(model_.lf_rows.size()))) continue;
        ModelPanelState::LfRow& r = model_.lf_rows[static_cast<size_t>(label)];
        r.coverage = num(row, "coverage", 0);
        r.conflicts = num(row, "conflicts", 0);
        r.accuracy = num(row, "accuracy", -1);
        r.correct = static_cast<int>(num(row, "correct", 0));
        r.incorrect = static_cast<int>(num(row, "incorrect", 0));
      }
  }
  return Ok{};
}

std::string App::model_json() const {
  Json j;
  j["open"] = model_.open;
  j["text_task_shown"] = current_ >= 0 && current_ < static_cast<int>(project_.tasks.size()) &&
                         project_.tasks[current_].kind == TaskKind::kText;
  j["strategy"] = model_.strategy;
  j["retrain_every"] = model_.retrain_every;
  j["settings_version"] = model_.settings_version;
  j["edit_version"] = edit_version_;
  j["tasks"] = project_.tasks.size();
  j["first_task"] = project_.tasks.empty() ? std::string() : project_.tasks.front().id;
  j["phase"] = model_.phase;
  j["message"] = model_.message;
  j["progress"] = model_.progress;
  j["labelled"] = model_.labelled;
  j["retrains"] = model_.retrains;
  j["accuracy"] = model_.accuracy >= 0 ? Json(model_.accuracy) : Json(nullptr);
  j["accuracy_method"] = model_.accuracy_method;
  j["features"] = model_.features;
  j["predictions"] = model_.predictions;
  // False once a reload of the project (a sync merge) dropped the learner's predictions: the
  // page then hands the last ones again.
  bool present = false;
  if (model_.probe_task >= 0 && model_.probe_task < static_cast<int>(project_.tasks.size())) {
    const Task& t = project_.tasks[model_.probe_task];
    present = t.id == model_.probe_id &&
              std::any_of(t.predictions.begin(), t.predictions.end(), [](const Prediction& p) {
                return p.model_version == kLearnerModelVersion;
              });
  }
  j["predictions_present"] = present;
  j["lf_version"] = model_.lf_version;
  j["lf_apply"] = model_.lf_apply;
  Json lfs = Json::array();
  for (size_t i = 0; i < model_.lf_keywords.size(); ++i)
    if (model_.lf_keywords[i][0] != '\0') lfs.push_back({i, model_.lf_keywords[i].data()});
  j["lfs"] = std::move(lfs);  // [label index, "keyword, keyword"] for the non-empty lists
  Json lf_rows = Json::array();
  for (const ModelPanelState::LfRow& r : model_.lf_rows)
    lf_rows.push_back(
        {{"coverage", r.coverage}, {"conflicts", r.conflicts}, {"accuracy", r.accuracy}});
  j["lf"] = {{"version", model_.lf_status_version}, {"coverage", model_.lf_coverage},
             {"overlap", model_.lf_overlap},        {"conflict", model_.lf_conflict},
             {"rows", std::move(lf_rows)},          {"applied", model_.lf_applied}};
  Json lf_rects = Json::array();
  for (const auto& r : model_.lf_rects) lf_rects.push_back({r[0], r[1], r[2], r[3]});
  j["lf_rects"] = std::move(lf_rects);
  j["lf_apply_rect"] = {model_.lf_apply_rect[0], model_.lf_apply_rect[1], model_.lf_apply_rect[2],
                        model_.lf_apply_rect[3]};
  j["queue_version"] = model_.queue_version;
  j["queue_size"] = model_.queue.size();
  // The head of the queue only: this JSON is polled.
  Json head = Json::array();
  for (size_t k = 0; k < model_.queue.size() && k < 50; ++k)
    if (model_.queue[k] < static_cast<int>(project_.tasks.size()))
      head.push_back(project_.tasks[model_.queue[k]].id);
  j["queue_head"] = std::move(head);
  j["panel"] = {model_.panel[0], model_.panel[1], model_.panel[2], model_.panel[3]};
  Json rects = Json::array();
  for (const auto& r : model_.strategy_rects) rects.push_back({r[0], r[1], r[2], r[3]});
  j["strategy_rects"] = std::move(rects);  // the combo, then its items while the list is open
  return j.dump();
}

std::string App::model_data_json() const {
  Json j;
  const LabelSet* set = learner_label_set();
  Json tasks = Json::array();
  if (set == nullptr) {
    j["set"] = nullptr;
  } else {
    Json labels = Json::array();
    for (const Label& l : set->labels) labels.push_back(l.name);
    j["set"] = {{"name", set->name}, {"to_name", set->to_name}, {"labels", std::move(labels)}};
    // The tasks' own embeddings (data.embedding) when any text task has one: all must then
    // have a valid one, else the learner uses TF-IDF and the Model panel says why.
    std::vector<Task> with_data;  // the text tasks' data, copied only when embeddings are there
    bool any_embedding = false;
    for (size_t i = 0; i < project_.tasks.size(); ++i) {
      const Task& t = project_.tasks[i];
      if (t.kind != TaskKind::kText) continue;
      tasks.push_back({{"id", t.id}, {"text", t.text}, {"index", i}});
      any_embedding = any_embedding || (t.data.is_object() && t.data.contains("embedding"));
    }
    if (any_embedding) {
      for (const Task& t : project_.tasks)
        if (t.kind == TaskKind::kText) with_data.emplace_back().data = t.data;
      Result<FeatureMatrix> m = embeddings_from_tasks(with_data);
      if (m.ok())
        j["embeddings"] = {{"cols", m.value().cols}, {"data", m.value().data}};
      else
        j["embeddings_error"] = "embeddings of the text tasks (counted among them), " +
                                m.error().path + ": " + m.error().message;
    }
  }
  j["tasks"] = std::move(tasks);
  j["total"] = project_.tasks.size();
  return j.dump();
}

std::string App::model_labels_json() const {
  Json out = Json::array();
  const LabelSet* set = learner_label_set();
  if (set == nullptr) return out.dump();
  for (const Task& t : project_.tasks) {
    if (t.kind != TaskKind::kText) continue;
    const Region* r = my_choice(t, set, annotator_);
    if (r == nullptr) continue;
    for (int c = 0; c < static_cast<int>(set->labels.size()); ++c)
      if (set->labels[c].name == r->labels.front()) out.push_back({t.id, c});
  }
  return out.dump();
}

void App::draw_model_panel() {
  if (!model_.settings_loaded) {
    model_.settings_loaded = true;
    Result<Json> saved = parse_json_text(platform_load_setting("model"));
    if (saved.ok() && saved.value().is_object()) {
      const Json& s = saved.value();
      if (s.contains("strategy") && s["strategy"].is_string() &&
          known_strategy(s["strategy"].get<std::string>()))
        model_.strategy = s["strategy"].get<std::string>();
      if (s.contains("retrain_every") && s["retrain_every"].is_number_integer())
        model_.retrain_every = std::clamp(s["retrain_every"].get<int>(), 1, 100);
      ++model_.settings_version;
    }
  }
  std::fill(std::begin(model_.panel), std::end(model_.panel), 0.0f);
  for (auto& r : model_.strategy_rects) std::fill(std::begin(r), std::end(r), 0.0f);
  for (auto& r : model_.lf_rects) r.fill(0.0f);
  std::fill(std::begin(model_.lf_apply_rect), std::end(model_.lf_apply_rect), 0.0f);
  if (!model_.open) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  // Bottom right of the canvas, clear of the text, which starts at the top.
  const ImVec2 size(470, 560);
  ImGui::SetNextWindowPos(ImVec2(std::max(0.0f, display.x - 290 - size.x - 10),
                                 std::max(0.0f, display.y - 26 - size.y - 10)),
                          ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
  ImGui::SetNextWindowBgAlpha(0.96f);
  bool open = true;
  ImGui::Begin("Model (M)", &open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
  wrapped_disabled("Logistic regression on word and character n-grams (worker)");
  const LabelSet* set = learner_label_set();
  if (set == nullptr) {
    ImGui::TextWrapped("This project has no choice label set for text: nothing to learn.");
  } else {
    ImGui::Text("Labels: %s", set->name.c_str());
    ImGui::SameLine();
    for (const Label& l : set->labels) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s=%s", l.hotkey.c_str(), l.name.c_str());
    }
  }
  ImGui::Separator();
  const ImVec4 phase_color = model_.phase == "error"      ? ImVec4(1, 0.4f, 0.35f, 1)
                             : model_.phase == "training" ? ImVec4(1, 0.8f, 0.3f, 1)
                             : model_.phase == "ready"    ? ImVec4(0.5f, 0.9f, 0.5f, 1)
                                                          : ImVec4(0.8f, 0.8f, 0.8f, 1);
  ImGui::TextColored(phase_color, "%s", model_.phase.c_str());
  if (!model_.message.empty()) {
    ImGui::SameLine();
    ImGui::TextWrapped("%s", model_.message.c_str());
  }
  char overlay[32];
  std::snprintf(overlay, sizeof overlay, "%.0f %%", model_.progress * 100);
  ImGui::ProgressBar(static_cast<float>(model_.progress), ImVec2(-FLT_MIN, 0), overlay);
  ImGui::Text("Labelled: %d in %d classes   Retrainings: %d", model_.labelled, model_.classes,
              model_.retrains);
  if (model_.retrains > 0) ImGui::TextDisabled("Last training: %.0f ms", model_.train_ms);
  if (model_.accuracy >= 0)
    ImGui::Text("Held-out accuracy: %.1f %%", model_.accuracy * 100);
  else
    ImGui::TextDisabled("Held-out accuracy: not estimated yet");
  if (!model_.accuracy_method.empty()) ImGui::TextDisabled("(%s)", model_.accuracy_method.c_str());
  if (!model_.features.empty()) ImGui::TextWrapped("Features: %s", model_.features.c_str());
  ImGui::Separator();
  int strategy = 0;
  for (int i = 0; i < kStrategyCount; ++i)
    if (model_.strategy == kQueueStrategies[i]) strategy = i;
  // The combo and its open list are reported on screen (x, y, w, h) so tests can aim.
  auto rect = [](float* out) {
    const ImVec2 min = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize();
    out[0] = min.x;
    out[1] = min.y;
    out[2] = size.x;
    out[3] = size.y;
  };
  int chosen = -1;
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool list_open = ImGui::BeginCombo("##strategy", kStrategyNames[strategy]);
  rect(model_.strategy_rects[0]);
  if (list_open) {
    for (int i = 0; i < kStrategyCount; ++i) {
      if (ImGui::Selectable(kStrategyNames[i], i == strategy)) chosen = i;
      rect(model_.strategy_rects[i + 1]);
    }
    ImGui::EndCombo();
  }
  if (chosen >= 0 && kQueueStrategies[chosen] != model_.strategy) {
    model_.strategy = kQueueStrategies[chosen];
    ++model_.settings_version;
    platform_save_setting(
        "model",
        Json{{"strategy", model_.strategy}, {"retrain_every", model_.retrain_every}}.dump());
  }
  ImGui::SetNextItemWidth(140);
  if (ImGui::SliderInt("labels between retrainings", &model_.retrain_every, 1, 50)) {
    ++model_.settings_version;
    platform_save_setting(
        "model",
        Json{{"strategy", model_.strategy}, {"retrain_every", model_.retrain_every}}.dump());
  }
  std::string head;
  for (size_t k = 0; k < model_.queue.size() && k < 6; ++k)
    if (model_.queue[k] < static_cast<int>(project_.tasks.size()))
      head += (k ? ", " : "") + project_.tasks[model_.queue[k]].id;
  ImGui::TextWrapped("Next: %s",
                     head.empty() ? "(file order until the first model)" : head.c_str());
  ImGui::TextDisabled("Pre-labels: %d tasks; under %.2f marked for review", model_.predictions,
                      project_.settings.review_threshold);
  wrapped_disabled("Label key: label, go on. A: accept the prediction. R: review");
  if (set != nullptr) draw_labelling_functions(*set);
  const ImVec2 pos = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
  model_.panel[0] = pos.x;
  model_.panel[1] = pos.y;
  model_.panel[2] = sz.x;
  model_.panel[3] = sz.y;
  ImGui::End();
  if (!open) model_.open = false;
}

}  // namespace localabel::app

namespace localabel::app {

void App::draw_labelling_functions(const LabelSet& set) {
  const size_t n = set.labels.size();
  if (model_.lf_keywords.size() != n) {
    model_.lf_keywords.assign(n, {});
    model_.lf_rows.assign(n, ModelPanelState::LfRow{});
    ++model_.lf_version;
  }
  model_.lf_rects.resize(n);
  if (!ImGui::CollapsingHeader("Labelling functions (keywords)", ImGuiTreeNodeFlags_DefaultOpen))
    return;
  wrapped_disabled("Texts with a label's word (whole words) vote for it.");
  const bool current = model_.lf_status_version == model_.lf_version;
  for (size_t i = 0; i < n; ++i) {
    ImGui::PushID(static_cast<int>(i));
    ImGui::SetNextItemWidth(220);
    if (ImGui::InputTextWithHint("##keywords", "words, comma-separated",
                                 model_.lf_keywords[i].data(), model_.lf_keywords[i].size()))
      ++model_.lf_version;
    const ImVec2 min = ImGui::GetItemRectMin(), size = ImGui::GetItemRectSize();
    model_.lf_rects[i] = {min.x, min.y, size.x, size.y};
    ImGui::SameLine();
    ImGui::TextUnformatted(set.labels[i].name.c_str());
    const ModelPanelState::LfRow& r =
        i < model_.lf_rows.size() ? model_.lf_rows[i] : ModelPanelState::LfRow{};
    if (model_.lf_keywords[i][0] != '\0' && r.coverage >= 0) {
      char accuracy[64] = "no labelled text covered";
      if (r.accuracy >= 0)
        std::snprintf(accuracy, sizeof accuracy, "%.0f %% right on %d of your labels",
                      r.accuracy * 100, r.correct + r.incorrect);
      ImGui::TextDisabled("   covers %.0f %%, conflicts %.0f %%, %s", r.coverage * 100,
                          r.conflicts * 100, accuracy);
    }
    ImGui::PopID();
  }
  ImGui::Text("All: coverage %.0f %%, overlap %.0f %%, conflict %.0f %%%s",
              model_.lf_coverage * 100, model_.lf_overlap * 100, model_.lf_conflict * 100,
              current ? "" : " (updating)");
  if (ImGui::Button("Apply the label model's labels as predictions")) ++model_.lf_apply;
  const ImVec2 bmin = ImGui::GetItemRectMin(), bsize = ImGui::GetItemRectSize();
  model_.lf_apply_rect[0] = bmin.x;
  model_.lf_apply_rect[1] = bmin.y;
  model_.lf_apply_rect[2] = bsize.x;
  model_.lf_apply_rect[3] = bsize.y;
  if (model_.lf_applied > 0)
    ImGui::TextDisabled("%d texts have a label-model prediction (%s)", model_.lf_applied,
                        kLabelModelVersion);
}

}  // namespace localabel::app
