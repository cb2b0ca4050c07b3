// Editing commands, undo/redo, and the event log that makes every edit durable.
//
// An edit changes one region of the current annotator's annotation. It is recorded as an
// event of the core's model (localabel/event.h: create_region / change_region /
// delete_region with the region as a Label Studio result item) wrapped in a record
// {"op": "do" | "undo" | "redo", "event": {...}} so that replaying the records rebuilds both
// the annotations and the undo history. Regions pass through the core's Label Studio
// export and import (label_studio.h) on their way into an event, and the app keeps the
// value read back, so the live state and a replayed state are identical.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "app/app.h"
#include "app/platform.h"
#include "localabel/brush_rle.h"
#include "localabel/event.h"
#include "localabel/label_studio.h"

namespace localabel::app {

namespace {

// The region as a Label Studio result item, through the core's exporter.
Json region_to_value(const Task& task, const Region& region) {
  Project p;
  Task t;
  t.id = task.id;
  t.kind = task.kind;
  t.data = task.data;
  t.data_key = task.data_key;
  t.image = task.image;
  t.text = task.text;
  Annotation a;
  a.annotator = "me";  // not part of the result item this returns
  a.regions.push_back(region);
  t.annotations.push_back(std::move(a));
  p.tasks.push_back(std::move(t));
  const Json tasks = label_studio_tasks_json(p);
  return tasks.at(0).at("annotations").at(0).at("result").at(0);
}

// A result item back into a region, through the core's importer.
Result<Region> value_to_region(const Task& task, const Json& value) {
  Json t = {{"id", 1}, {"data", task.data}};
  t["annotations"] = Json::array({Json{{"id", 1}, {"result", Json::array({value})}}});
  Result<Project> p = import_label_studio(t.dump());
  if (!p.ok()) return p.error();
  const Project& project = p.value();
  if (project.tasks.empty() || project.tasks[0].annotations.empty() ||
      project.tasks[0].annotations[0].regions.size() != 1)
    return Error{ErrorCode::kInvalidArgument, "the event value is not one region", "value"};
  return project.tasks[0].annotations[0].regions[0];
}

int find_region(const std::vector<Region>& regions, const std::string& id) {
  for (int i = 0; i < static_cast<int>(regions.size()); ++i)
    if (regions[i].id == id) return i;
  return -1;
}

int find_task(const Project& project, const std::string& id) {
  for (int i = 0; i < static_cast<int>(project.tasks.size()); ++i)
    if (project.tasks[i].id == id) return i;
  return -1;
}

}  // namespace

Region translate_region(const Region& r, double dx, double dy) {
  Region moved = r;
  const double w = r.image_width, h = r.image_height;
  switch (r.kind) {
    case RegionKind::kBox:
      moved.x = std::clamp(r.x + dx, 0.0, std::max(0.0, w - r.width));
      moved.y = std::clamp(r.y + dy, 0.0, std::max(0.0, h - r.height));
      break;
    case RegionKind::kKeypoint:
      moved.x = std::clamp(r.x + dx, 0.0, w);
      moved.y = std::clamp(r.y + dy, 0.0, h);
      break;
    case RegionKind::kPolygon: {
      double lo_x = w, hi_x = 0, lo_y = h, hi_y = 0;
      for (const Point& p : r.points) {
        lo_x = std::min(lo_x, p.x);
        hi_x = std::max(hi_x, p.x);
        lo_y = std::min(lo_y, p.y);
        hi_y = std::max(hi_y, p.y);
      }
      dx = std::clamp(dx, -lo_x, w - hi_x);
      dy = std::clamp(dy, -lo_y, h - hi_y);
      for (Point& p : moved.points) {
        p.x += dx;
        p.y += dy;
      }
      break;
    }
    default:
      break;
  }
  return moved;
}

bool region_hidden(const Region& region) {
  if (!region.extra.is_object()) return false;
  auto it = region.extra.find("hidden");
  return it != region.extra.end() && it->is_boolean() && it->get<bool>();
}

bool region_locked(const Region& region) {
  if (!region.extra.is_object()) return false;
  auto it = region.extra.find("readonly");
  return it != region.extra.end() && it->is_boolean() && it->get<bool>();
}

void paint_stroke(std::vector<uint8_t>& pixels, int width, int height,
                  const std::vector<Point>& points, double diameter, uint8_t value) {
  if (points.empty() || width <= 0 || height <= 0) return;
  const double r = std::max(0.5, diameter / 2);
  const double r2 = r * r;
  for (size_t k = 0; k < points.size(); ++k) {
    const Point a = points[k];
    const Point b = k + 1 < points.size() ? points[k + 1] : points[k];
    if (k + 1 == points.size() && k > 0) break;  // the last point ends the previous segment
    const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - r)));
    const int x1 = std::min(width - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + r)));
    const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - r)));
    const int y1 = std::min(height - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + r)));
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    for (int j = y0; j <= y1; ++j)
      for (int i = x0; i <= x1; ++i) {
        const double px = i + 0.5 - a.x, py = j + 0.5 - a.y;
        // Distance to the segment: project onto it and clamp to its ends.
        const double t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0, 1.0) : 0.0;
        const double ex = px - t * dx, ey = py - t * dy;
        if (ex * ex + ey * ey <= r2) pixels[static_cast<size_t>(j) * width + i] = value;
      }
  }
}

void App::set_tool(Tool tool) {
  tool_ = tool;
  polygon_draft_.clear();
  stroke_.clear();
  drag_ = Drag::kNone;
}

void App::set_brush_size(int diameter) {
  brush_size_ = std::clamp(diameter, 1, 200);
  status_ = "Brush " + std::to_string(brush_size_) + " px";
}

int App::my_annotation(bool create) {
  if (current_ < 0) return -1;
  Task& task = project_.tasks[current_];
  for (int i = 0; i < static_cast<int>(task.annotations.size()); ++i)
    if (task.annotations[i].annotator == annotator_) return i;
  if (!create) return -1;
  Annotation a;
  a.id = annotator_ + "-" + task.id;
  a.annotator = annotator_;
  task.annotations.push_back(std::move(a));
  return static_cast<int>(task.annotations.size()) - 1;
}

bool App::shown_is_mine() const {
  if (current_ < 0 || source_.prediction) return false;
  const Task& task = project_.tasks[current_];
  return source_.index < static_cast<int>(task.annotations.size()) &&
         task.annotations[source_.index].annotator == annotator_;
}

void App::original_size(const Task& task, int* width, int* height) const {
  auto from = [&](const std::vector<Region>& regions) {
    for (const Region& r : regions)
      if (r.image_width > 0 && r.image_height > 0) {
        *width = r.image_width;
        *height = r.image_height;
        return true;
      }
    return false;
  };
  for (const Annotation& a : task.annotations)
    if (from(a.regions)) return;
  for (const Prediction& p : task.predictions)
    if (from(p.regions)) return;
  const int index = static_cast<int>(&task - project_.tasks.data());
  const Texture* tex = images_.find(index);
  *width = tex != nullptr ? tex->width : 0;
  *height = tex != nullptr ? tex->height : 0;
}

std::string App::label_for_new(RegionKind kind, std::string* from_name) const {
  for (const LabelSet& set : project_.label_sets) {
    if (set.kind != kind || set.labels.empty()) continue;
    *from_name = set.name;
    auto it = current_label_.find(kind);
    if (it != current_label_.end())
      for (const Label& l : set.labels)
        if (l.name == it->second) return l.name;
    return set.labels.front().name;
  }
  *from_name = kind == RegionKind::kBox        ? "label"
               : kind == RegionKind::kPolygon  ? "polygon"
               : kind == RegionKind::kKeypoint ? "keypoint"
               : kind == RegionKind::kBrush    ? "mask"
                                               : "label";
  return "Object";
}

void App::add_region(Region region) {
  if (current_ < 0) return;
  const Task& task = project_.tasks[current_];
  int w = 0, h = 0;
  original_size(task, &w, &h);
  if (w <= 0 || h <= 0) return;
  region.image_width = w;
  region.image_height = h;
  region.id = "me-" + std::to_string(next_seq_);
  std::string from_name;
  region.labels = {label_for_new(region.kind, &from_name)};
  region.from_name = from_name;
  region.to_name = "image";
  for (const LabelSet& set : project_.label_sets)
    if (set.name == from_name && !set.to_name.empty()) region.to_name = set.to_name;
  if (region.kind == RegionKind::kBox) region.has_rotation = true;
  commit(EditStep{task.id, region.id, std::nullopt, std::move(region)});
}

int App::set_choices(const std::string& set_name, const std::vector<std::string>& labels) {
  if (current_ < 0) return -1;
  const LabelSet* set = nullptr;
  for (const LabelSet& s : project_.label_sets)
    if (s.name == set_name && s.kind == RegionKind::kChoices) set = &s;
  if (set == nullptr) return -1;
  const Task& task = project_.tasks[current_];
  std::optional<Region> before;
  int before_index = -1;
  const int mine = my_annotation(false);
  if (mine >= 0) {
    const std::vector<Region>& regions = task.annotations[mine].regions;
    for (int i = 0; i < static_cast<int>(regions.size()); ++i)
      if (regions[i].kind == RegionKind::kChoices && regions[i].from_name == set_name) {
        before = regions[i];
        before_index = i;
        break;
      }
  }
  if ((before ? before->labels : std::vector<std::string>{}) == labels) return 0;
  std::optional<Region> after;
  if (!labels.empty()) {
    after = before ? *before : Region{};
    if (!before) {
      after->id = "me-" + std::to_string(next_seq_);
      after->kind = RegionKind::kChoices;
      after->from_name = set_name;
      after->to_name = set->to_name.empty() ? std::string("text") : set->to_name;
    }
    after->labels = labels;
    after->score = -1;
  }
  EditStep step{task.id, before ? before->id : after->id, before, std::move(after)};
  step.before_index = before_index;
  const uint64_t version = edit_version_;
  commit(std::move(step));
  return edit_version_ != version ? 1 : -1;
}

void App::commit(EditStep step) { commit_group(EditGroup{std::move(step)}); }

void App::commit_group(EditGroup group) {
  if (current_ < 0 || group.empty()) return;
  const Task& task = project_.tasks[current_];
  // Normalise through the Label Studio form so that replay gives the same region. One step
  // refused refuses the whole edit.
  for (EditStep& step : group) {
    if (!step.after) continue;
    Result<Region> back = value_to_region(task, region_to_value(task, *step.after));
    if (!back.ok()) {
      status_ = "Edit refused: " + back.error().message;
      for (const EditStep& s : group) {
        if (!s.before) continue;  // restore what a drag changed in place
        const int mine = my_annotation(false);
        if (mine < 0) continue;
        Annotation& a = project_.tasks[current_].annotations[mine];
        const int i = find_region(a.regions, s.region);
        if (i >= 0) a.regions[i] = *s.before;
      }
      return;
    }
    step.after = std::move(back).value();
  }
  // A change to a pending pre-annotation (other than hiding or locking it) is the
  // annotator's edit of it: its score goes and its origin says so (Label Studio's
  // "prediction-changed").
  for (EditStep& step : group) {
    if (!step.before || !step.after || step.before->score < 0 || step.after->score < 0) continue;
    Region was = *step.before, now = *step.after;
    for (Region* r : {&was, &now})
      if (r->extra.is_object()) {
        r->extra.erase("hidden");
        r->extra.erase("readonly");
      }
    if (region_to_value(task, was) == region_to_value(task, now)) continue;
    step.after->score = -1;
    if (!step.after->extra.is_object()) step.after->extra = Json::object();
    step.after->extra["origin"] = "prediction-changed";
  }
  const int n = static_cast<int>(group.size());
  for (int k = 0; k < n; ++k) apply_step(group[k], true, "do", k + 1, n);
  std::vector<std::string> ids;
  for (const EditStep& s : group)
    if (s.after) ids.push_back(s.region);
  select_ids(ids);
  UndoStacks& stacks = stacks_[task.id];
  stacks.undo.push_back(std::move(group));
  stacks.redo.clear();
}

void App::apply_step(const EditStep& step, bool forward, const char* op, int part, int parts) {
  const std::optional<Region>& target = forward ? step.after : step.before;
  const int at = forward ? step.after_index : step.before_index;
  const int t = find_task(project_, step.task);
  if (t < 0) return;
  Task& task = project_.tasks[t];
  const int saved_current = current_;
  current_ = t;
  const int ai = my_annotation(true);
  current_ = saved_current;
  Annotation& a = task.annotations[ai];
  const int i = find_region(a.regions, step.region);
  Event e;
  e.annotator = annotator_;
  e.seq = next_seq_++;
  e.task = task.id;
  e.region = step.region;
  e.time_ms = static_cast<int64_t>(platform_wall_ms());
  int inserted = -1;
  if (!target) {
    e.type = EventType::kDeleteRegion;
    if (i >= 0) a.regions.erase(a.regions.begin() + i);
  } else {
    e.type = i >= 0 ? EventType::kChangeRegion : EventType::kCreateRegion;
    e.value = region_to_value(task, *target);
    if (i >= 0) {
      a.regions[i] = *target;
    } else {
      inserted = at >= 0 ? std::min(at, static_cast<int>(a.regions.size()))
                         : static_cast<int>(a.regions.size());
      a.regions.insert(a.regions.begin() + inserted, *target);
    }
  }
  ++edit_version_;
  if (t == current_) {
    source_ = ShownSource{false, ai};
    const int now = find_region(a.regions, step.region);
    selected_ = now;
    also_selected_.clear();
    mask_task_ = -1;
  }
  // The record around the event: which part of a grouped edit it is, and where a created
  // region goes (the core's event has no position; the app keeps z-order with it).
  Json record = {{"op", op}, {"event", event_to_json(e)}};
  if (parts > 1) {
    record["part"] = part;
    record["parts"] = parts;
  }
  if (inserted >= 0 && inserted + 1 != static_cast<int>(a.regions.size())) record["at"] = inserted;
  store_record(e, record);
}

void App::store_record(const Event& e, const Json& record) {
  pending_.insert(e.seq);
  log_summary_.push_back({{"seq", e.seq},
                          {"type", event_type_name(e.type)},
                          {"task", e.task},
                          {"region", e.region},
                          {"acked", false}});
  platform_store_event(e.seq, record.dump());
}

const char* decision_name(ReviewDecision decision) {
  switch (decision) {
    case ReviewDecision::kPending:
      return "pending";
    case ReviewDecision::kAccepted:
      return "accepted";
    case ReviewDecision::kEdited:
      return "edited";
    case ReviewDecision::kRejected:
      return "rejected";
    case ReviewDecision::kNone:
      break;
  }
  return "";
}

const char* progress_name(TaskProgress progress) {
  switch (progress) {
    case TaskProgress::kDraft:
      return "draft";
    case TaskProgress::kSubmitted:
      return "submitted";
    case TaskProgress::kSkipped:
      return "skipped";
    case TaskProgress::kTodo:
      break;
  }
  return "todo";
}

TaskProgress App::progress(const Task& task) const {
  for (const Annotation& a : task.annotations) {
    if (a.annotator != annotator_) continue;
    // Submitted or skipped annotations carry was_cancelled or a lead time (a submit event
    // sets both; Label Studio files and merged storage give them); others are drafts.
    if (a.has_was_cancelled || a.has_lead_time)
      return a.status == AnnotationStatus::kSkipped ? TaskProgress::kSkipped
                                                    : TaskProgress::kSubmitted;
    return a.regions.empty() ? TaskProgress::kTodo : TaskProgress::kDraft;
  }
  return TaskProgress::kTodo;
}

void App::apply_progress(Annotation& a, const Event& e) {
  a.status = e.type == EventType::kSkip ? AnnotationStatus::kSkipped : AnnotationStatus::kSubmitted;
  a.has_was_cancelled = true;
  if (e.lead_time >= 0) {
    a.lead_time = e.lead_time;
    a.has_lead_time = true;
  }
}

void App::submit_task() { finish_task(EventType::kSubmit); }
void App::skip_task() { finish_task(EventType::kSkip); }

void App::finish_task(EventType type) {
  if (current_ < 0) return;
  if (drag_ != Drag::kNone || !polygon_draft_.empty()) {
    status_ = "Finish or cancel (Esc) the region being drawn first";
    return;
  }
  Task& task = project_.tasks[current_];
  Annotation& a = task.annotations[my_annotation(true)];
  const double earlier = a.has_lead_time ? a.lead_time : 0.0;
  const double shown = shown_seconds_[task.id];
  shown_seconds_.erase(task.id);
  Event e;
  e.annotator = annotator_;
  e.seq = next_seq_++;
  e.type = type;
  e.task = task.id;
  e.lead_time = std::round((earlier + shown) * 1000.0) / 1000.0;  // milliseconds are enough
  e.time_ms = static_cast<int64_t>(platform_wall_ms());
  apply_progress(a, e);
  ++edit_version_;
  store_record(e, Json{{"op", "do"}, {"event", event_to_json(e)}});
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s task %s (%.1f s)",
                type == EventType::kSkip ? "Skipped" : "Submitted", task.id.c_str(), e.lead_time);
  const std::string done = buf;
  const int before = current_;
  advance_queue();
  status_ = current_ == before ? done + "; every task is submitted or skipped" : done;
}

EditGroup App::pre_annotation_steps() const {
  EditGroup group;
  if (current_ < 0 || !source_.prediction) return group;
  const Task& task = project_.tasks[current_];
  if (source_.index >= static_cast<int>(task.predictions.size())) return group;
  // A prediction is taken once: after that, a region missing from the annotation was rejected.
  if (review_state().taken) return group;
  for (const Region& p : task.predictions[source_.index].regions) {
    if (p.id.empty()) continue;
    Region copy = p;
    if (!copy.extra.is_object()) copy.extra = Json::object();
    copy.extra["origin"] = "prediction";
    // A region without a score of its own takes the prediction's: it still awaits a decision.
    if (copy.score < 0) copy.score = std::max(0.0, task.predictions[source_.index].score);
    group.push_back(EditStep{task.id, copy.id, std::nullopt, std::move(copy)});
  }
  return group;
}

void App::edit_prediction() {
  if (current_ < 0 || !source_.prediction) {
    status_ = "Review mode (R) shows a prediction to edit";
    return;
  }
  EditGroup group = pre_annotation_steps();
  if (!group.empty()) commit_group(std::move(group));
  const int mine = my_annotation(false);
  if (mine >= 0) set_source(ShownSource{false, mine});
  status_ = "Pending pre-annotations: A accepts, Delete rejects, any change edits";
}

const App::ReviewCache& App::review_state() const {
  // What became of each region of the shown prediction, worked out once per change of the
  // shown task, prediction or annotations (drawing asks for every region in every frame).
  const Task& task = project_.tasks[current_];
  ReviewCache& c = review_cache_;
  if (c.version != edit_version_ || c.task != current_ || c.source != source_.index ||
      c.annotator != annotator_) {
    c.version = edit_version_;
    c.task = current_;
    c.source = source_.index;
    c.annotator = annotator_;
    c.by_id.clear();
    for (const Annotation& a : task.annotations) {
      if (a.annotator != annotator_) continue;
      for (const Region& r : a.regions) {
        if (r.id.empty()) continue;
        const bool changed = r.extra.is_object() && r.extra.contains("origin") &&
                             r.extra["origin"] == "prediction-changed";
        c.by_id[r.id] = r.score >= 0 ? ReviewDecision::kPending
                        : changed    ? ReviewDecision::kEdited
                                     : ReviewDecision::kAccepted;
      }
    }
    // Once any region of the prediction was taken (accepted, edited or pending), the
    // prediction is under review in the annotation: a region left out of it was rejected.
    c.taken = false;
    for (const Region& p : task.predictions[source_.index].regions)
      c.taken = c.taken || (!p.id.empty() && c.by_id.count(p.id) > 0);
  }
  return c;
}

ReviewDecision App::review_decision(const Region& region) const {
  if (current_ < 0 || !source_.prediction) return ReviewDecision::kNone;
  const Task& task = project_.tasks[current_];
  if (source_.index >= static_cast<int>(task.predictions.size())) return ReviewDecision::kNone;
  const ReviewCache& c = review_state();
  auto it = c.by_id.find(region.id);
  if (it != c.by_id.end() && !region.id.empty()) return it->second;
  return c.taken ? ReviewDecision::kRejected : ReviewDecision::kNone;
}

bool App::accept_pending() {
  if (!shown_is_mine()) return false;
  const Task& task = project_.tasks[current_];
  const std::vector<Region>& regions = task.annotations[source_.index].regions;
  std::vector<int> which = selection();
  if (which.empty())
    for (int i = 0; i < static_cast<int>(regions.size()); ++i) which.push_back(i);
  EditGroup group;
  for (int i : which) {
    if (regions[i].score < 0) continue;
    Region accepted = regions[i];
    accepted.score = -1;
    group.push_back(EditStep{task.id, accepted.id, regions[i], std::move(accepted)});
  }
  if (group.empty()) return false;
  const size_t n = group.size();
  commit_group(std::move(group));
  status_ = "Accepted " + std::to_string(n) + (n == 1 ? " region" : " regions");
  return true;
}

void App::undo() {
  if (current_ < 0) return;
  UndoStacks& stacks = stacks_[project_.tasks[current_].id];
  if (stacks.undo.empty()) return;
  EditGroup group = std::move(stacks.undo.back());
  stacks.undo.pop_back();
  const int n = static_cast<int>(group.size());
  for (int k = n - 1; k >= 0; --k) apply_step(group[k], false, "undo", n - k, n);
  std::vector<std::string> ids;
  for (const EditStep& s : group)
    if (s.before) ids.push_back(s.region);
  select_ids(ids);
  stacks.redo.push_back(std::move(group));
}

void App::redo() {
  if (current_ < 0) return;
  UndoStacks& stacks = stacks_[project_.tasks[current_].id];
  if (stacks.redo.empty()) return;
  EditGroup group = std::move(stacks.redo.back());
  stacks.redo.pop_back();
  const int n = static_cast<int>(group.size());
  for (int k = 0; k < n; ++k) apply_step(group[k], true, "redo", k + 1, n);
  std::vector<std::string> ids;
  for (const EditStep& s : group)
    if (s.after) ids.push_back(s.region);
  select_ids(ids);
  stacks.undo.push_back(std::move(group));
}

bool App::is_selected(int index, const Region& r) const {
  return index == selected_ || (!also_selected_.empty() && also_selected_.count(r.id) > 0);
}

std::vector<int> App::selection() const {
  std::vector<int> out;
  const std::vector<Region>* regions = shown_regions();
  if (regions == nullptr) return out;
  if (selected_ >= 0 && selected_ < static_cast<int>(regions->size())) out.push_back(selected_);
  if (also_selected_.empty()) return out;
  for (int i = 0; i < static_cast<int>(regions->size()); ++i)
    if (i != selected_ && also_selected_.count((*regions)[i].id) > 0) out.push_back(i);
  return out;
}

void App::clear_selection() {
  selected_ = -1;
  also_selected_.clear();
}

void App::select_ids(const std::vector<std::string>& ids) {
  clear_selection();
  const std::vector<Region>* regions = shown_regions();
  if (regions == nullptr) return;
  for (const std::string& id : ids) {
    const int i = find_region(*regions, id);
    if (i < 0) continue;
    if (selected_ < 0)
      selected_ = i;
    else
      also_selected_.insert(id);
  }
}

void App::delete_selected() {
  if (source_.prediction && current_ >= 0) {
    // Rejecting regions of a shown prediction: the others become pending pre-annotations of
    // this annotator's annotation (as when editing it), the rejected ones are left out.
    const std::vector<Region>* shown = shown_regions();
    std::set<std::string> rejected;
    for (int i : selection()) rejected.insert((*shown)[i].id);
    if (rejected.empty()) return;
    EditGroup group;
    for (EditStep& step : pre_annotation_steps())
      if (rejected.count(step.region) == 0) group.push_back(std::move(step));
    // Rejecting a region already taken removes it again.
    const int mine = my_annotation(false);
    if (mine >= 0) {
      const std::vector<Region>& regions = project_.tasks[current_].annotations[mine].regions;
      for (int i = static_cast<int>(regions.size()) - 1; i >= 0; --i)
        if (rejected.count(regions[i].id) > 0) {
          EditStep step{project_.tasks[current_].id, regions[i].id, regions[i], std::nullopt};
          step.before_index = i;
          group.push_back(std::move(step));
        }
    }
    const ShownSource shown_source = source_;
    if (!group.empty()) commit_group(std::move(group));
    set_source(shown_source);
    status_ = "Rejected " + std::to_string(rejected.size()) +
              (rejected.size() == 1 ? " predicted region" : " predicted regions");
    return;
  }
  if (!shown_is_mine()) return;
  std::vector<int> sel = selection();
  if (sel.empty()) return;
  // Highest index first, so that undo (in reverse) re-inserts each at its old index.
  std::sort(sel.rbegin(), sel.rend());
  const Task& task = project_.tasks[current_];
  const std::vector<Region>& regions = task.annotations[source_.index].regions;
  EditGroup group;
  for (int i : sel) {
    EditStep step{task.id, regions[i].id, regions[i], std::nullopt};
    step.before_index = i;
    group.push_back(std::move(step));
  }
  commit_group(std::move(group));
  clear_selection();
}

void App::nudge_selected(double dx, double dy) {
  if (!shown_is_mine()) return;
  const Task& task = project_.tasks[current_];
  const std::vector<Region>& regions = task.annotations[source_.index].regions;
  EditGroup group;
  for (int i : selection()) {
    const Region& r = regions[i];
    if (region_locked(r) || (r.kind != RegionKind::kBox && r.kind != RegionKind::kKeypoint &&
                             r.kind != RegionKind::kPolygon))
      continue;
    group.push_back(EditStep{task.id, r.id, r, translate_region(r, dx, dy)});
  }
  commit_group(std::move(group));
}

void App::relabel_selected(const std::string& label) {
  if (!shown_is_mine() || selected_ < 0) return;
  const Task& task = project_.tasks[current_];
  const std::vector<Region>& regions = task.annotations[source_.index].regions;
  const std::string from_name = regions[selected_].from_name;
  EditGroup group;
  for (int i : selection()) {
    const Region& r = regions[i];
    if (r.from_name != from_name || (r.labels.size() == 1 && r.labels[0] == label)) continue;
    Region changed = r;
    changed.labels = {label};
    group.push_back(EditStep{task.id, r.id, r, std::move(changed)});
  }
  current_label_[regions[selected_].kind] = label;
  commit_group(std::move(group));
}

void App::copy_selected() {
  const std::vector<Region>* regions = shown_regions();
  if (regions == nullptr) return;
  clipboard_.clear();
  for (int i : selection()) {
    const RegionKind k = (*regions)[i].kind;
    if (k == RegionKind::kBox || k == RegionKind::kPolygon || k == RegionKind::kKeypoint ||
        k == RegionKind::kBrush)
      clipboard_.push_back((*regions)[i]);
  }
  status_ = "Copied " + std::to_string(clipboard_.size()) + " regions";
}

void App::paste() {
  if (current_ < 0 || clipboard_.empty()) return;
  const Task& task = project_.tasks[current_];
  if (task.kind != TaskKind::kImage) return;
  int w = 0, h = 0;
  original_size(task, &w, &h);
  if (w <= 0 || h <= 0) return;
  constexpr double kOffset = 10;
  EditGroup group;
  uint64_t seq = next_seq_;
  for (const Region& source : clipboard_) {
    Region r = source;
    r.id = "me-" + std::to_string(seq++);
    r.score = -1;
    r.extra.erase("hidden");
    r.extra.erase("readonly");
    if (r.kind == RegionKind::kBrush) {
      // Masks cover the whole image: only onto an image of the same size, shifted.
      if (r.mask.width != w || r.mask.height != h) continue;
      const std::vector<uint8_t> px = brush_mask_to_pixels(r.mask);
      std::vector<uint8_t> moved(px.size(), 0);
      const int o = static_cast<int>(kOffset);
      for (int y = 0; y + o < h; ++y)
        for (int x = 0; x + o < w; ++x)
          moved[static_cast<size_t>(y + o) * w + x + o] = px[static_cast<size_t>(y) * w + x];
      Result<BrushMask> m = brush_mask_from_pixels(w, h, moved);
      if (!m.ok()) continue;
      r.mask = std::move(m).value();
      r.rle.clear();
    } else {
      r.image_width = w;
      r.image_height = h;
      r = translate_region(r, kOffset, kOffset);
    }
    group.push_back(EditStep{task.id, r.id, std::nullopt, std::move(r)});
  }
  source_ = ShownSource{false, my_annotation(true)};
  commit_group(std::move(group));
}

void App::select_all() {
  const std::vector<Region>* regions = shown_regions();
  if (regions == nullptr) return;
  std::vector<std::string> ids;
  for (const Region& r : *regions)
    if (r.kind != RegionKind::kChoices && r.kind != RegionKind::kOther &&
        r.kind != RegionKind::kSpan)
      ids.push_back(r.id);
  select_ids(ids);
}

void App::toggle_flag_selected(const char* flag) {
  if (!shown_is_mine() || selected_ < 0) return;
  const Task& task = project_.tasks[current_];
  const std::vector<Region>& regions = task.annotations[source_.index].regions;
  // All take the opposite of the primary selection's state.
  const bool on = std::string(flag) == "hidden" ? !region_hidden(regions[selected_])
                                                : !region_locked(regions[selected_]);
  const std::vector<int> sel = selection();
  EditGroup group;
  for (int i : sel) {
    Region changed = regions[i];
    if (!changed.extra.is_object()) changed.extra = Json::object();
    if (on)
      changed.extra[flag] = true;
    else
      changed.extra.erase(flag);
    group.push_back(EditStep{task.id, regions[i].id, regions[i], std::move(changed)});
  }
  commit_group(std::move(group));
}

void App::toggle_hidden_selected() { toggle_flag_selected("hidden"); }
void App::toggle_locked_selected() { toggle_flag_selected("readonly"); }

void App::bring_to_front() {
  if (!shown_is_mine() || selected_ < 0) return;
  const Task& task = project_.tasks[current_];
  const std::vector<Region>& regions = task.annotations[source_.index].regions;
  const int n = static_cast<int>(regions.size());
  if (selected_ == n - 1) return;
  const Region& r = regions[selected_];
  // The core's events have no position: a delete and a create (appended) carry it.
  EditStep del{task.id, r.id, r, std::nullopt};
  del.before_index = selected_;
  EditStep add{task.id, r.id, std::nullopt, r};
  add.after_index = n - 1;
  commit_group(EditGroup{std::move(del), std::move(add)});
}

void App::send_to_back() {
  if (!shown_is_mine() || selected_ <= 0) return;
  const Task& task = project_.tasks[current_];
  const std::vector<Region>& regions = task.annotations[source_.index].regions;
  const Region& r = regions[selected_];
  EditStep del{task.id, r.id, r, std::nullopt};
  del.before_index = selected_;
  EditStep add{task.id, r.id, std::nullopt, r};
  add.after_index = 0;
  commit_group(EditGroup{std::move(del), std::move(add)});
}

void App::save_key_map() { platform_save_setting("keys", keys_.to_json()); }

void App::run_action(Action action) {
  switch (action) {
    case Action::kNextTask:
      move_task(1);
      break;
    case Action::kFit:
      fit_view_to_canvas();
      break;
    case Action::kActualSize:
      actual_size_view_in_canvas();
      break;
    case Action::kReview:
      toggle_review();
      break;
    case Action::kNextSource:
      cycle_source(1);
      break;
    case Action::kPrevSource:
      cycle_source(-1);
      break;
    case Action::kBoxTool:
      set_tool(Tool::kBox);
      break;
    case Action::kKeypointTool:
      set_tool(Tool::kKeypoint);
      break;
    case Action::kPolygonTool:
      set_tool(Tool::kPolygon);
      break;
    case Action::kBrushTool:
      set_tool(Tool::kBrush);
      break;
    case Action::kEraserTool:
      set_tool(Tool::kEraser);
      break;
    case Action::kBrushSmaller:
      set_brush_size(brush_size_ - std::max(1, brush_size_ / 5));
      break;
    case Action::kBrushLarger:
      set_brush_size(brush_size_ + std::max(1, brush_size_ / 5));
      break;
    case Action::kUndo:
      undo();
      break;
    case Action::kRedo:
    case Action::kRedoAlt:
      redo();
      break;
    case Action::kExport:
      export_project();
      break;
    case Action::kCopy:
      copy_selected();
      break;
    case Action::kPaste:
      paste();
      break;
    case Action::kSelectAll:
      select_all();
      break;
    case Action::kHide:
      toggle_hidden_selected();
      break;
    case Action::kLock:
      toggle_locked_selected();
      break;
    case Action::kToFront:
      bring_to_front();
      break;
    case Action::kToBack:
      send_to_back();
      break;
    case Action::kHelp:
    case Action::kHelpAlt:
      help_open_ = !help_open_;
      capturing_ = -1;
      break;
    case Action::kModelPanel:
      model_.open = !model_.open;
      break;
    case Action::kAcceptPrediction:
      // Only with the select tool: with a drawing tool, the key may be a label hotkey.
      if (tool_ == Tool::kSelect) accept_prediction();
      break;
    case Action::kPrevTask:
      move_task(-1);
      break;
    case Action::kSubmit:
      submit_task();
      break;
    case Action::kSkip:
      skip_task();
      break;
    case Action::kEditPrediction:
      edit_prediction();
      break;
    case Action::kCount:
      break;
  }
}

bool App::label_key_pressed(const Label& label, int key, bool shift) const {
  const HotkeyChord chord = keys_.label_chord(label.hotkey);
  if (chord.key == 0 || chord.key != key) return false;
  return chord.clash == Action::kCount || shift;
}

std::string App::label_key_name(const Label& label) const {
  return hotkey_chord_name(keys_.label_chord(label.hotkey));
}

std::string App::hotkey_clash_note() const {
  std::string moved, lost;
  for (const LabelSet& set : project_.label_sets)
    for (const Label& l : set.labels) {
      const HotkeyChord chord = keys_.label_chord(l.hotkey);
      if (chord.clash == Action::kCount) continue;
      std::string& list = chord.key != 0 ? moved : lost;
      list += (list.empty() ? "" : ", ") + l.name + " " +
              (chord.key != 0 ? hotkey_chord_name(chord) : l.hotkey);
    }
  std::string note;
  if (!moved.empty()) note = "Label keys under Shift (the plain key runs a command): " + moved;
  if (!lost.empty())
    note += (note.empty() ? "" : "; ") + std::string("labels without a key: ") + lost;
  return note.empty() ? note : note + " (F1 lists every key)";
}

std::string App::command_keys_json() const {
  Json keys = Json::object();
  for (int i = 0; i < kActionCount; ++i) {
    const KeyChord chord = keys_.chord(static_cast<Action>(i));
    const bool letter = chord.key >= 'A' && chord.key <= 'Z';
    const bool digit = chord.key >= '0' && chord.key <= '9';
    if (chord.ctrl || chord.shift || !(letter || digit)) continue;
    const char c = letter ? static_cast<char>(chord.key - 'A' + 'a') : static_cast<char>(chord.key);
    keys[std::string(1, c)] = action_description(static_cast<Action>(i));
  }
  return keys.dump();
}

std::string App::label_holding_key(int key) const {
  for (const LabelSet& set : project_.label_sets)
    for (const Label& l : set.labels)
      if (is_hotkey(l.hotkey, key)) return "\"" + l.name + "\" (set " + set.name + ")";
  return "";
}

bool App::handle_label_key(int key, bool shift) {
  // Label hotkeys: for the selected region's label set, or the active tool's.
  const std::vector<Region>* regions = shown_regions();
  const Region* sel = regions != nullptr && selected_ >= 0 &&
                              selected_ < static_cast<int>(regions->size()) && shown_is_mine()
                          ? &(*regions)[selected_]
                          : nullptr;
  RegionKind tool_kind = tool_ == Tool::kBox        ? RegionKind::kBox
                         : tool_ == Tool::kPolygon  ? RegionKind::kPolygon
                         : tool_ == Tool::kKeypoint ? RegionKind::kKeypoint
                         : tool_ == Tool::kBrush    ? RegionKind::kBrush
                                                    : RegionKind::kOther;
  for (const LabelSet& set : project_.label_sets) {
    const bool for_selection = sel != nullptr && set.name == sel->from_name;
    const bool for_tool = sel == nullptr && set.kind == tool_kind;
    if (!for_selection && !for_tool) continue;
    for (const Label& l : set.labels) {
      if (!label_key_pressed(l, key, shift)) continue;
      if (for_selection)
        relabel_selected(l.name);
      else
        current_label_[tool_kind] = l.name;
      return true;
    }
  }
  // Then the choice sets of the task's object: every task can be classified by key, whether or
  // not it has an annotation yet (the first choice creates this annotator's annotation).
  if (current_ < 0) return false;
  const Task& task = project_.tasks[current_];
  const std::string object =
      !task.data_key.empty() ? task.data_key : (task.kind == TaskKind::kText ? "text" : "image");
  for (const LabelSet& set : project_.label_sets) {
    if (set.kind != RegionKind::kChoices || (!set.to_name.empty() && set.to_name != object))
      continue;
    for (const Label& l : set.labels) {
      if (!label_key_pressed(l, key, shift)) continue;
      toggle_choice(set, l.name);
      return true;
    }
  }
  return false;
}

bool App::handle_fixed_key(int key, bool shift) {
  const double step = shift ? 10.0 : 1.0;
  const bool has_selection = !selection().empty() && shown_is_mine();
  switch (key) {
    case GLFW_KEY_ESCAPE:
      if (help_open_) {
        help_open_ = false;
        return true;
      }
      if (!polygon_draft_.empty()) {
        polygon_draft_.clear();
        return true;
      }
      if (tool_ != Tool::kSelect) set_tool(Tool::kSelect);
      clear_selection();
      return true;
    case GLFW_KEY_ENTER:
    case GLFW_KEY_KP_ENTER:
      if (polygon_draft_.size() >= 3) {
        Region r;
        r.kind = RegionKind::kPolygon;
        r.points = std::move(polygon_draft_);
        polygon_draft_.clear();
        add_region(std::move(r));
      }
      return true;
    case GLFW_KEY_DELETE:
    case GLFW_KEY_BACKSPACE:
      delete_selected();
      return true;
    case GLFW_KEY_LEFT:
    case GLFW_KEY_RIGHT:
    case GLFW_KEY_UP:
    case GLFW_KEY_DOWN:
      if (!has_selection) {
        if (key == GLFW_KEY_DOWN) move_task(1);
        if (key == GLFW_KEY_UP) move_task(-1);
        return true;
      }
      nudge_selected(key == GLFW_KEY_LEFT    ? -step
                     : key == GLFW_KEY_RIGHT ? step
                                             : 0,
                     key == GLFW_KEY_UP     ? -step
                     : key == GLFW_KEY_DOWN ? step
                                            : 0);
      return true;
    case GLFW_KEY_PAGE_DOWN:
      move_task(10);
      return true;
    case GLFW_KEY_PAGE_UP:
      move_task(-10);
      return true;
    case GLFW_KEY_HOME:
      select_task(0);
      return true;
    case GLFW_KEY_END:
      select_task(static_cast<int>(project_.tasks.size()) - 1);
      return true;
    case GLFW_KEY_TAB:
      cycle_selection(shift ? -1 : 1);
      return true;
    default:
      return false;
  }
}

Status App::replay_events(std::string_view records_json) {
  Result<Json> parsed = parse_json_text(records_json);
  if (!parsed.ok()) return parsed.error();
  const Json& records = parsed.value();
  if (!records.is_array())
    return Error{ErrorCode::kWrongType, "stored events: expected an array", ""};
  const int saved_current = current_;
  // Steps of a grouped edit being read ("part" k of "parts" n), by task.
  std::map<std::string, EditGroup> building;
  auto int_field = [](const Json& rec, const char* name, int fallback) {
    auto it = rec.find(name);
    return it != rec.end() && it->is_number_integer() ? it->get<int>() : fallback;
  };
  for (size_t k = 0; k < records.size(); ++k) {
    const Json& rec = records[k];
    const Json* op = rec.is_object() && rec.contains("op") ? &rec["op"] : nullptr;
    const Json* ev = rec.is_object() && rec.contains("event") ? &rec["event"] : nullptr;
    if (op == nullptr || ev == nullptr || !op->is_string()) {
      ++replay_skipped_;
      continue;
    }
    Result<Event> e = event_from_json(*ev, "events[" + std::to_string(k) + "]");
    const int t = e.ok() ? find_task(project_, e.value().task) : -1;
    if (!e.ok() || t < 0 || e.value().annotator != annotator_) {
      ++replay_skipped_;
      continue;
    }
    const Event& event = e.value();
    Task& task = project_.tasks[t];
    current_ = t;
    Annotation& a = task.annotations[my_annotation(true)];
    const int i = find_region(a.regions, event.region);
    std::optional<Region> before = i >= 0 ? std::optional<Region>(a.regions[i]) : std::nullopt;
    std::optional<Region> after;
    int after_index = -1;
    if (event.type == EventType::kCreateRegion || event.type == EventType::kChangeRegion) {
      Result<Region> r = value_to_region(task, event.value);
      if (!r.ok()) {
        ++replay_skipped_;
        continue;
      }
      after = std::move(r).value();
      if (i >= 0) {
        a.regions[i] = *after;
      } else {
        const int at = int_field(rec, "at", -1);
        after_index = at >= 0 ? std::min(at, static_cast<int>(a.regions.size()))
                              : static_cast<int>(a.regions.size());
        a.regions.insert(a.regions.begin() + after_index, *after);
        if (at < 0) after_index = -1;
      }
    } else if (event.type == EventType::kDeleteRegion) {
      if (i >= 0) a.regions.erase(a.regions.begin() + i);
    } else {
      apply_progress(a, event);
    }
    next_seq_ = std::max(next_seq_, event.seq + 1);
    ++replayed_;
    ++acked_;
    ++edit_version_;
    log_summary_.push_back({{"seq", event.seq},
                            {"type", event_type_name(event.type)},
                            {"task", event.task},
                            {"region", event.region},
                            {"acked", true}});
    if (event.type == EventType::kSubmit || event.type == EventType::kSkip) continue;
    UndoStacks& stacks = stacks_[task.id];
    const std::string o = op->get<std::string>();
    const int part = int_field(rec, "part", 1), parts = int_field(rec, "parts", 1);
    if (o == "undo" || o == "redo") {
      // A grouped undo or redo moves its group once, at its first record.
      if (part != 1) continue;
      std::vector<EditGroup>& from = o == "undo" ? stacks.undo : stacks.redo;
      std::vector<EditGroup>& to = o == "undo" ? stacks.redo : stacks.undo;
      if (!from.empty()) {
        to.push_back(std::move(from.back()));
        from.pop_back();
      }
    } else {
      EditStep step{task.id, event.region, std::move(before), std::move(after)};
      step.before_index = step.before ? i : -1;
      step.after_index = after_index;
      EditGroup& group = building[task.id];
      group.push_back(std::move(step));
      if (part >= parts) {
        stacks.undo.push_back(std::move(group));
        stacks.redo.clear();
        building.erase(task.id);
      }
    }
  }
  // A grouped edit cut short (the page closed while it was being stored) is kept as far as
  // it was stored.
  for (auto& [task_id, group] : building) {
    UndoStacks& stacks = stacks_[task_id];
    stacks.undo.push_back(std::move(group));
    stacks.redo.clear();
  }
  // Show the task of the last edit, with its annotation.
  current_ = saved_current;
  if (!log_summary_.empty()) {
    const int t = find_task(project_, log_summary_.back()["task"].get<std::string>());
    if (t >= 0 && t != current_) select_task(t);
    const int ai = my_annotation(false);
    if (ai >= 0) set_source(ShownSource{false, ai});
  }
  mask_task_ = -1;
  return Ok{};
}

void App::event_stored(uint64_t seq) {
  if (pending_.erase(seq) == 0) return;
  ++acked_;
  for (Json& e : log_summary_)
    if (e["seq"].get<uint64_t>() == seq) e["acked"] = true;
}

void App::event_store_failed(uint64_t seq, std::string_view message) {
  store_error_ = "Edit " + std::to_string(seq) + " NOT saved: " + std::string(message);
  status_ = store_error_;
}

std::string App::export_json() const { return export_label_studio(project_); }

void App::export_project() {
  if (!loaded_) return;
  platform_download("localabel-export.json", export_json());
  status_ = "Exported " + std::to_string(project_.tasks.size()) + " tasks";
}

}  // namespace localabel::app
