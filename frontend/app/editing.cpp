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

#include "app/app.h"
#include "app/platform.h"
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
  a.annotator = kAnnotator;
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

void App::set_tool(Tool tool) {
  tool_ = tool;
  polygon_draft_.clear();
  drag_ = Drag::kNone;
}

int App::my_annotation(bool create) {
  if (current_ < 0) return -1;
  Task& task = project_.tasks[current_];
  for (int i = 0; i < static_cast<int>(task.annotations.size()); ++i)
    if (task.annotations[i].annotator == kAnnotator) return i;
  if (!create) return -1;
  Annotation a;
  a.id = std::string(kAnnotator) + "-" + task.id;
  a.annotator = kAnnotator;
  task.annotations.push_back(std::move(a));
  return static_cast<int>(task.annotations.size()) - 1;
}

bool App::shown_is_mine() const {
  if (current_ < 0 || source_.prediction) return false;
  const Task& task = project_.tasks[current_];
  return source_.index < static_cast<int>(task.annotations.size()) &&
         task.annotations[source_.index].annotator == kAnnotator;
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
  const Texture* tex = images_.find(current_);
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

void App::commit(EditStep step) {
  if (current_ < 0) return;
  const Task& task = project_.tasks[current_];
  // Normalise through the Label Studio form so that replay gives the same region.
  if (step.after) {
    Result<Region> back = value_to_region(task, region_to_value(task, *step.after));
    if (!back.ok()) {
      status_ = "Edit refused: " + back.error().message;
      if (step.before) {  // restore what a drag changed in place
        Annotation& a = project_.tasks[current_].annotations[my_annotation(false)];
        const int i = find_region(a.regions, step.region);
        if (i >= 0) a.regions[i] = *step.before;
      }
      return;
    }
    step.after = std::move(back).value();
  }
  apply_step(step, true, "do");
  UndoStacks& stacks = stacks_[task.id];
  stacks.undo.push_back(std::move(step));
  stacks.redo.clear();
}

void App::apply_step(const EditStep& step, bool forward, const char* op) {
  const std::optional<Region>& target = forward ? step.after : step.before;
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
  e.annotator = kAnnotator;
  e.seq = next_seq_++;
  e.task = task.id;
  e.region = step.region;
  e.time_ms = static_cast<int64_t>(platform_wall_ms());
  if (!target) {
    e.type = EventType::kDeleteRegion;
    if (i >= 0) a.regions.erase(a.regions.begin() + i);
  } else {
    e.type = i >= 0 ? EventType::kChangeRegion : EventType::kCreateRegion;
    e.value = region_to_value(task, *target);
    if (i >= 0)
      a.regions[i] = *target;
    else
      a.regions.push_back(*target);
  }
  if (t == current_) {
    source_ = ShownSource{false, ai};
    const int now = find_region(a.regions, step.region);
    selected_ = now;
    mask_task_ = -1;
  }
  Json record = {{"op", op}, {"event", event_to_json(e)}};
  pending_.insert(e.seq);
  log_summary_.push_back({{"seq", e.seq},
                          {"type", event_type_name(e.type)},
                          {"task", e.task},
                          {"region", e.region},
                          {"acked", false}});
  platform_store_event(e.seq, record.dump());
}

void App::undo() {
  if (current_ < 0) return;
  UndoStacks& stacks = stacks_[project_.tasks[current_].id];
  if (stacks.undo.empty()) return;
  EditStep step = std::move(stacks.undo.back());
  stacks.undo.pop_back();
  apply_step(step, false, "undo");
  stacks.redo.push_back(std::move(step));
}

void App::redo() {
  if (current_ < 0) return;
  UndoStacks& stacks = stacks_[project_.tasks[current_].id];
  if (stacks.redo.empty()) return;
  EditStep step = std::move(stacks.redo.back());
  stacks.redo.pop_back();
  apply_step(step, true, "redo");
  stacks.undo.push_back(std::move(step));
}

void App::delete_selected() {
  if (!shown_is_mine() || selected_ < 0) return;
  const Task& task = project_.tasks[current_];
  const Region& r = task.annotations[source_.index].regions[selected_];
  commit(EditStep{task.id, r.id, r, std::nullopt});
  selected_ = -1;
}

void App::nudge_selected(double dx, double dy) {
  if (!shown_is_mine() || selected_ < 0) return;
  const Task& task = project_.tasks[current_];
  const Region& r = task.annotations[source_.index].regions[selected_];
  if (r.kind != RegionKind::kBox && r.kind != RegionKind::kKeypoint &&
      r.kind != RegionKind::kPolygon)
    return;
  Region moved = translate_region(r, dx, dy);
  commit(EditStep{task.id, r.id, r, std::move(moved)});
}

void App::relabel_selected(const std::string& label) {
  if (!shown_is_mine() || selected_ < 0) return;
  const Task& task = project_.tasks[current_];
  const Region& r = task.annotations[source_.index].regions[selected_];
  if (r.labels.size() == 1 && r.labels[0] == label) return;
  Region changed = r;
  changed.labels = {label};
  current_label_[r.kind] = label;
  commit(EditStep{task.id, r.id, r, std::move(changed)});
}

bool App::handle_edit_key(int key, bool ctrl, bool shift) {
  if (ctrl) {
    if (key == GLFW_KEY_Z) {
      if (shift)
        redo();
      else
        undo();
      return true;
    }
    if (key == GLFW_KEY_Y) {
      redo();
      return true;
    }
    if (key == GLFW_KEY_E) {
      export_project();
      return true;
    }
    return false;
  }
  // Label hotkeys: for the selected region's label set, or the active tool's.
  const std::vector<Region>* regions = shown_regions();
  const Region* sel = regions != nullptr && selected_ >= 0 &&
                              selected_ < static_cast<int>(regions->size()) && shown_is_mine()
                          ? &(*regions)[selected_]
                          : nullptr;
  RegionKind tool_kind = tool_ == Tool::kBox        ? RegionKind::kBox
                         : tool_ == Tool::kPolygon  ? RegionKind::kPolygon
                         : tool_ == Tool::kKeypoint ? RegionKind::kKeypoint
                                                    : RegionKind::kOther;
  std::string typed;
  if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z) typed = std::string(1, 'a' + (key - GLFW_KEY_A));
  if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) typed = std::string(1, '0' + (key - GLFW_KEY_0));
  if (!typed.empty()) {
    for (const LabelSet& set : project_.label_sets) {
      const bool for_selection = sel != nullptr && set.name == sel->from_name;
      const bool for_tool = sel == nullptr && set.kind == tool_kind;
      if (!for_selection && !for_tool) continue;
      for (const Label& l : set.labels) {
        if (l.hotkey.empty() || l.hotkey != typed) continue;
        if (for_selection)
          relabel_selected(l.name);
        else
          current_label_[tool_kind] = l.name;
        return true;
      }
    }
  }
  const double step = shift ? 10.0 : 1.0;
  switch (key) {
    case GLFW_KEY_B:
      set_tool(Tool::kBox);
      return true;
    case GLFW_KEY_K:
      set_tool(Tool::kKeypoint);
      return true;
    case GLFW_KEY_P:
      set_tool(Tool::kPolygon);
      return true;
    case GLFW_KEY_ESCAPE:
      if (!polygon_draft_.empty()) {
        polygon_draft_.clear();
        return true;
      }
      // Back to the select tool; the selection is cleared by the app's own Escape.
      if (tool_ != Tool::kSelect) set_tool(Tool::kSelect);
      return false;
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
      if (sel == nullptr) return false;
      nudge_selected(key == GLFW_KEY_LEFT    ? -step
                     : key == GLFW_KEY_RIGHT ? step
                                             : 0,
                     key == GLFW_KEY_UP     ? -step
                     : key == GLFW_KEY_DOWN ? step
                                            : 0);
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
    if (!e.ok() || t < 0 || e.value().annotator != kAnnotator) {
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
    if (event.type == EventType::kCreateRegion || event.type == EventType::kChangeRegion) {
      Result<Region> r = value_to_region(task, event.value);
      if (!r.ok()) {
        ++replay_skipped_;
        continue;
      }
      after = std::move(r).value();
      if (i >= 0)
        a.regions[i] = *after;
      else
        a.regions.push_back(*after);
    } else if (event.type == EventType::kDeleteRegion) {
      if (i >= 0) a.regions.erase(a.regions.begin() + i);
    }
    next_seq_ = std::max(next_seq_, event.seq + 1);
    ++replayed_;
    ++acked_;
    log_summary_.push_back({{"seq", event.seq},
                            {"type", event_type_name(event.type)},
                            {"task", event.task},
                            {"region", event.region},
                            {"acked", true}});
    if (event.type == EventType::kSubmit || event.type == EventType::kSkip) continue;
    UndoStacks& stacks = stacks_[task.id];
    const std::string o = op->get<std::string>();
    if (o == "undo" && !stacks.undo.empty()) {
      stacks.redo.push_back(std::move(stacks.undo.back()));
      stacks.undo.pop_back();
    } else if (o == "redo" && !stacks.redo.empty()) {
      stacks.undo.push_back(std::move(stacks.redo.back()));
      stacks.redo.pop_back();
    } else {
      stacks.undo.push_back(EditStep{task.id, event.region, std::move(before), std::move(after)});
      stacks.redo.clear();
    }
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
