#include "app/app.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/platform.h"
#include "app/project_loader.h"
#include "app/tiles.h"
#include "localabel/brush_rle.h"

namespace localabel::app {

namespace {

constexpr float kListWidth = 290.0f;
constexpr float kDetailsWidth = 290.0f;
constexpr float kStatusHeight = 26.0f;
constexpr float kCollapsedWidth = 28.0f;  // a hidden side panel: the button that shows it
// Images kept as textures around the current task (and requested ahead of time).
constexpr int kImageWindow = 2;

const char* kind_name(RegionKind kind) {
  switch (kind) {
    case RegionKind::kChoices:
      return "choices";
    case RegionKind::kSpan:
      return "span";
    case RegionKind::kBox:
      return "box";
    case RegionKind::kPolygon:
      return "polygon";
    case RegionKind::kBrush:
      return "brush";
    case RegionKind::kKeypoint:
      return "keypoint";
    case RegionKind::kOther:
      break;
  }
  return "other";
}

const char* task_kind_name(TaskKind kind) {
  switch (kind) {
    case TaskKind::kImage:
      return "image";
    case TaskKind::kText:
      return "text";
    case TaskKind::kOther:
      break;
  }
  return "other";
}

std::string task_summary(const Task& task) {
  if (task.kind == TaskKind::kImage) {
    const size_t slash = task.image.find_last_of('/');
    return slash == std::string::npos ? task.image : task.image.substr(slash + 1);
  }
  // First line of the text, cut at a character boundary.
  std::string s = task.text.substr(0, task.text.find('\n'));
  if (s.size() > 42) {
    size_t cut = 42;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut) + "...";
  }
  return s;
}

std::string score_text(double score) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", score);
  return buf;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

App::App() { keys_.apply_json(platform_load_setting("keys")); }

App::~App() {
  for (auto& [index, tex] : mask_textures_) destroy_texture(tex);
}

Status App::load_project(std::string_view json_text) {
  Result<Project> loaded = localabel::app::load_project(json_text);
  if (!loaded.ok()) {
    status_ = "Could not open the project: " + loaded.error().message;
    return loaded.error();
  }
  project_ = std::move(loaded).value();
  // A label configuration given separately wins over the sets inferred from the tasks.
  if (!configured_label_sets_.empty()) project_.label_sets = configured_label_sets_;
  colors_.reset(project_);
  loaded_ = true;
  images_.clear();
  image_errors_.clear();
  image_requested_.clear();
  mask_task_ = -1;
  current_ = -1;
  stacks_.clear();
  ++edit_version_;
  select_task(0);
  status_ = "Opened " + std::to_string(project_.tasks.size()) + " tasks";
  if (const std::string note = hotkey_clash_note(); !note.empty()) status_ += ". " + note;
  return Ok{};
}

Status App::reload_project(std::string_view json_text, std::string_view records_json) {
  // What is shown: the task by id, the result by its annotator (indices change on reload).
  const bool had_task = current_ >= 0 && current_ < static_cast<int>(project_.tasks.size());
  const std::string task_id = had_task ? project_.tasks[current_].id : std::string();
  const bool prediction = source_.prediction;
  std::string shown_annotator;
  if (had_task && !prediction &&
      source_.index < static_cast<int>(project_.tasks[current_].annotations.size()))
    shown_annotator = project_.tasks[current_].annotations[source_.index].annotator;
  if (Status loaded = load_project(json_text); !loaded.ok()) return loaded;
  // The records are this browser's whole log: counted afresh, not added to the last count.
  acked_ = 0;
  replayed_ = 0;
  replay_skipped_ = 0;
  log_summary_ = Json::array();
  Status replayed = replay_events(records_json);
  int t = -1;
  for (int i = 0; i < static_cast<int>(project_.tasks.size()) && !task_id.empty(); ++i)
    if (project_.tasks[i].id == task_id) t = i;
  if (t >= 0) {
    select_task(t);
    const std::vector<Annotation>& annotations = project_.tasks[t].annotations;
    for (int i = 0; i < static_cast<int>(annotations.size()); ++i)
      if (!prediction && !shown_annotator.empty() && annotations[i].annotator == shown_annotator)
        set_source(ShownSource{false, i});
  }
  return replayed;
}

Status App::load_label_config(std::string_view json_text) {
  Result<std::vector<LabelSet>> sets = load_label_sets(json_text);
  if (!sets.ok()) {
    status_ = "Could not read the label configuration: " + sets.error().message;
    return sets.error();
  }
  configured_label_sets_ = std::move(sets).value();
  ++edit_version_;  // label colours may change
  if (loaded_) {
    project_.label_sets = configured_label_sets_;
    colors_.reset(project_);
    if (const std::string note = hotkey_clash_note(); !note.empty()) status_ = note;
  }
  mask_task_ = -1;  // colours of mask overlays may change
  return Ok{};
}

void App::set_image(int task_index, const uint8_t* rgba, int width, int height) {
  if (task_index < 0 || task_index >= static_cast<int>(project_.tasks.size())) return;
  if (std::abs(task_index - current_) > kImageWindow) return;  // moved on meanwhile
  images_.put(task_index, upload_rgba_texture(rgba, width, height));
  image_errors_.erase(task_index);
  if (task_index == current_) fit_pending_ = true;
}

void App::image_failed(int task_index, std::string_view message) {
  image_errors_[task_index] = std::string(message);
  if (task_index == current_) status_ = "Image not loaded: " + std::string(message);
}

void App::select_task(int index) {
  const int n = static_cast<int>(project_.tasks.size());
  if (n == 0) return;
  index = std::clamp(index, 0, n - 1);
  if (index == current_) return;
  current_ = index;
  clear_selection();
  stroke_.clear();
  // The first view is this annotator's own annotation (empty until the first edit), never
  // someone else's work; a task nobody annotated but a model pre-labelled shows the prediction.
  const Task& shown = project_.tasks[index];
  if (const int mine = my_annotation(false); mine >= 0)
    source_ = ShownSource{false, mine};
  else if (shown.annotations.empty() && !shown.predictions.empty())
    source_ = ShownSource{true, 0};
  else
    source_ = ShownSource{false, ShownSource::kMineNotStarted};
  polygon_draft_.clear();
  drag_ = Drag::kNone;
  fit_pending_ = true;
  scroll_list_to_current_ = true;
  images_.keep_only(current_ - kImageWindow, current_ + kImageWindow);
  // Forget requests for images that were dropped so that they are fetched again.
  for (auto it = image_requested_.begin(); it != image_requested_.end();)
    it = std::abs(it->first - current_) > kImageWindow ? image_requested_.erase(it) : ++it;
  request_images_near_current();
}

void App::move_task(int delta) { select_task(std::max(0, current_ + delta)); }

void App::set_source(ShownSource source) {
  source_ = source;
  clear_selection();
}

void App::cycle_source(int delta) {
  if (current_ < 0) return;
  const Task& task = project_.tasks[current_];
  const int na = static_cast<int>(task.annotations.size());
  const int np = static_cast<int>(task.predictions.size());
  // Annotations, predictions, then this annotator's own not-started annotation when it does
  // not exist yet.
  const int total = na + np + (my_annotation(false) < 0 ? 1 : 0);
  if (total == 0) return;
  int flat = source_.mine_not_started() ? na + np : (source_.prediction ? na : 0) + source_.index;
  flat = ((flat + delta) % total + total) % total;
  source_ = flat < na        ? ShownSource{false, flat}
            : flat < na + np ? ShownSource{true, flat - na}
                             : ShownSource{false, ShownSource::kMineNotStarted};
  clear_selection();
}

void App::select_region(int index) {
  const std::vector<Region>* regions = shown_regions();
  selected_ =
      regions != nullptr && index >= 0 && index < static_cast<int>(regions->size()) ? index : -1;
  also_selected_.clear();
}

void App::toggle_selected(int index) {
  const std::vector<Region>* regions = shown_regions();
  if (regions == nullptr || index < 0 || index >= static_cast<int>(regions->size())) return;
  const std::string& id = (*regions)[index].id;
  if (index == selected_) {
    // The next selected region becomes the primary one.
    selected_ = -1;
    for (int i = 0; i < static_cast<int>(regions->size()); ++i)
      if (also_selected_.erase((*regions)[i].id) > 0) {
        selected_ = i;
        break;
      }
  } else if (also_selected_.erase(id) == 0) {
    if (selected_ < 0)
      selected_ = index;
    else
      also_selected_.insert(id);
  }
}

void App::cycle_selection(int delta) {
  const std::vector<Region>* regions = shown_regions();
  if (regions == nullptr || regions->empty()) return;
  const int n = static_cast<int>(regions->size());
  int i = selected_;
  for (int step = 0; step < n; ++step) {
    i = ((i < 0 && delta < 0 ? 0 : i) + delta + n) % n;
    const RegionKind k = (*regions)[i].kind;
    if (k != RegionKind::kChoices && k != RegionKind::kOther) {
      selected_ = i;
      return;
    }
  }
}

void App::toggle_review() {
  if (current_ < 0) return;
  const Task& task = project_.tasks[current_];
  if (!source_.prediction && !task.predictions.empty()) {
    set_source(ShownSource{true, 0});
  } else if (source_.prediction) {
    // Back to this annotator's own annotation (not started yet when it does not exist).
    const int mine = my_annotation(false);
    set_source(ShownSource{false, mine >= 0 ? mine : ShownSource::kMineNotStarted});
  }
}

void App::request_images_near_current() {
  const int n = static_cast<int>(project_.tasks.size());
  // The current image first, then its neighbours.
  for (int d : {0, 1, -1, 2, -2}) {
    const int i = current_ + d;
    if (i < 0 || i >= n || project_.tasks[i].kind != TaskKind::kImage) continue;
    if (images_.find(i) != nullptr || image_requested_[i]) continue;
    image_requested_[i] = true;
    platform_request_image(i, project_.tasks[i].image);
  }
}

const std::vector<Region>* App::shown_regions() const {
  if (current_ < 0) return nullptr;
  const Task& task = project_.tasks[current_];
  if (source_.prediction) {
    if (source_.index < static_cast<int>(task.predictions.size()))
      return &task.predictions[source_.index].regions;
  } else if (source_.index < static_cast<int>(task.annotations.size())) {
    return &task.annotations[source_.index].regions;
  }
  return nullptr;
}

void App::handle_keys(const FrameInput& input) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  for (const FrameInput::KeyPress& press : input.keys_pressed) {
    const int key = press.key;
    if (press.alt || press.super) continue;
    if (key == GLFW_KEY_LEFT_SHIFT || key == GLFW_KEY_RIGHT_SHIFT || key == GLFW_KEY_LEFT_CONTROL ||
        key == GLFW_KEY_RIGHT_CONTROL || key == GLFW_KEY_LEFT_ALT || key == GLFW_KEY_RIGHT_ALT ||
        key == GLFW_KEY_LEFT_SUPER || key == GLFW_KEY_RIGHT_SUPER)
      continue;
    const bool ctrl = press.ctrl, shift = press.shift;
    if (capturing_ >= 0) {
      // The help overlay waits for the new key of an action; Escape keeps the old one.
      const std::string holder = ctrl || shift ? std::string() : label_holding_key(key);
      if (!holder.empty()) {
        // A command never takes a label's key: the annotator would relabel by surprise.
        status_ = key_name(key) + " is the hotkey of label " + holder + ": " +
                  action_id(static_cast<Action>(capturing_)) + " keeps " +
                  chord_name(keys_.chord(static_cast<Action>(capturing_)));
      } else if (key != GLFW_KEY_ESCAPE) {
        keys_.set(static_cast<Action>(capturing_), KeyChord{key, ctrl, shift});
        save_key_map();
        status_ = std::string(action_id(static_cast<Action>(capturing_))) + " is now " +
                  chord_name(KeyChord{key, ctrl, shift});
      }
      capturing_ = -1;
      continue;
    }
    // Chords with modifiers first, then label hotkeys, then plain shortcuts (a Shift chord
    // without a binding of its own runs the plain key's), then the fixed keys.
    if (!ctrl && handle_text_key(key, shift)) continue;
    const Action exact = keys_.find(KeyChord{key, ctrl, shift});
    if ((ctrl || shift) && exact != Action::kCount) {
      run_action(exact);
      continue;
    }
    if (ctrl) continue;
    const Action plain = keys_.find(KeyChord{key, false, false});
    if (plain == Action::kAcceptPrediction && tool_ == Tool::kSelect && shown_is_mine()) {
      // On selected pending pre-annotations the accept key accepts them, even where it is
      // also a label hotkey.
      const std::vector<Region>* shown = shown_regions();
      bool pending = false;
      for (int i : selection()) pending = pending || (*shown)[i].score >= 0;
      if (pending) {
        run_action(plain);
        continue;
      }
    }
    if (handle_model_key(key, shift)) continue;
    if (handle_label_key(key, shift)) continue;
    if (plain != Action::kCount) {
      run_action(plain);
      continue;
    }
    handle_fixed_key(key, shift);
  }
}

void App::fit_view_to_canvas() {
  const Texture* tex = images_.find(current_);
  if (tex == nullptr) return;
  view_ = fit_view(report_.canvas_min, report_.canvas_max, tex->width, tex->height);
  fit_pending_ = false;
}

void App::actual_size_view_in_canvas() {
  const Texture* tex = images_.find(current_);
  if (tex == nullptr) return;
  view_ = actual_size_view(report_.canvas_min, report_.canvas_max, tex->width, tex->height);
  fit_pending_ = false;
  view_fitted_ = false;
}

void App::frame(const FrameInput& input) {
  ++report_.frame;
  wheel_ = input.wheel;
  wheel_x_ = input.wheel_x;
  wheel_total_ += input.wheel;
  report_.regions.clear();
  report_.layer_report_used = false;
  report_.regions_drawn = 0;
  report_.spans_drawn = 0;
  report_.needs_review = 0;
  report_.image_ready = false;
  report_.choices.clear();
  report_.choice_buttons.clear();
  report_.tool_buttons.clear();
  report_.label_picker.clear();
  report_.source_switcher = {};
  report_.source_entries.clear();

  handle_keys(input);
  // Lead time: the time the task is shown. A long pause between frames (a hidden tab, a
  // suspended machine) counts at most 5 s.
  if (current_ >= 0 && current_ < static_cast<int>(project_.tasks.size()))
    shown_seconds_[project_.tasks[current_].id] +=
        std::clamp(static_cast<double>(ImGui::GetIO().DeltaTime), 0.0, 5.0);
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float body_h = std::max(1.0f, display.y - kStatusHeight);
  // Side panels take at most a fifth of the width each (never under 150 px), so a small window
  // keeps most of its width for the image or text.
  // The user's width (dragged at the panel's inner edge) wins, up to 35 % of the window each, so
  // the image keeps at least 30 %.
  auto panel_width = [&](const SidePanel& panel, float automatic) {
    if (panel.collapsed) return kCollapsedWidth;
    const float w = panel.width > 0 ? panel.width : automatic;
    return std::clamp(w, std::min(120.0f, display.x * 0.2f), std::max(120.0f, display.x * 0.35f));
  };
  const float list_w = panel_width(
      list_panel_, std::clamp(display.x * 0.2f, std::min(150.0f, kListWidth), kListWidth));
  const float details_w =
      panel_width(details_panel_,
                  std::clamp(display.x * 0.22f, std::min(170.0f, kDetailsWidth), kDetailsWidth));
  if (list_panel_.collapsed)
    draw_collapsed_panel("Tasks", ImVec2(0, 0), body_h, list_panel_);
  else
    draw_task_list(ImVec2(0, 0), ImVec2(list_w, body_h));
  draw_canvas(ImVec2(list_w, 0), ImVec2(std::max(1.0f, display.x - list_w - details_w), body_h));
  if (details_panel_.collapsed)
    draw_collapsed_panel("Details", ImVec2(display.x - details_w, 0), body_h, details_panel_);
  else
    draw_details(ImVec2(display.x - details_w, 0), ImVec2(details_w, body_h));
  draw_splitter("##split-list", list_w, body_h, list_panel_, +1);
  draw_splitter("##split-details", display.x - details_w, body_h, details_panel_, -1);
  draw_status_bar(ImVec2(0, body_h), ImVec2(display.x, kStatusHeight));
  draw_model_panel();
  draw_help();
}

void App::draw_help() {
  help_buttons_.clear();
  if (!help_open_) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const ImVec2 size(std::min(660.0f, display.x - 20), std::max(200.0f, display.y - 60));
  ImGui::SetNextWindowPos(ImVec2((display.x - size.x) / 2, (display.y - size.y) / 2));
  ImGui::SetNextWindowSize(size);
  ImGui::SetNextWindowBgAlpha(0.97f);
  bool open = true;
  ImGui::Begin("Keyboard shortcuts (F1 or ? to close)", &open,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped(
      "To change a command's key, click its \"change\" button, then press the new key (Esc "
      "keeps the old one). The keys are saved in this browser.");
  ImGui::PopStyleColor();
  if (ImGui::BeginTable("keys", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("What", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Key", ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 110);
    for (int i = 0; i < kActionCount; ++i) {
      const Action a = static_cast<Action>(i);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", action_description(a));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(chord_name(keys_.chord(a)).c_str());
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      if (ImGui::SmallButton(capturing_ == i ? "press a key" : "change"))
        capturing_ = capturing_ == i ? -1 : i;
      const ImVec2 bmin = ImGui::GetItemRectMin(), bmax = ImGui::GetItemRectMax();
      help_buttons_[action_id(a)] = ImVec4(bmin.x, bmin.y, bmax.x - bmin.x, bmax.y - bmin.y);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (ImGui::Button("Reset all to defaults")) {
    keys_.reset();
    save_key_map();
  }
  ImGui::Separator();
  ImGui::TextUnformatted("Label keys");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped(
      "A label's key never takes a command's: where a command holds the plain key, the label's "
      "key is Shift+key.");
  ImGui::PopStyleColor();
  for (const LabelSet& set : project_.label_sets) {
    std::string line;
    for (const Label& l : set.labels) {
      const std::string key = label_key_name(l);
      if (key.empty()) continue;
      line += (line.empty() ? "" : ", ") + key + " " + l.name;
    }
    if (!line.empty()) ImGui::TextWrapped("%s: %s", set.name.c_str(), line.c_str());
  }
  ImGui::Separator();
  ImGui::TextUnformatted("Fixed keys and mouse");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  static const char* const kFixed[] = {
      "Down / Up: next / previous task (without a selection); PgDn / PgUp: 10 tasks; Home / End",
      "Arrows: nudge the selection 1 px, Shift+arrows 10 px",
      "Tab / Shift+Tab: next / previous region; Esc: select tool, clear the selection",
      "Delete or Backspace: delete the selected regions (on a shown prediction: reject them)",
      "Enter: close the polygon being drawn",
      "Label hotkeys (see Guidelines, Ctrl+G): label the selection, or the tool's next region",
      "Wheel: zoom; Shift+wheel: brush size; middle drag or Space+drag: pan",
      "Click: select; Shift+click: add / remove; Shift+drag on empty image: rubber band",
      "Drag a region: move; a box corner: resize; the round handle: rotate (Shift: 15 deg steps)",
      ("Polygon: drag a vertex; Alt+click or double-click an edge: insert a vertex; "
       "Alt+click a vertex: delete it (at least 3 stay)"),
      "Brush / eraser: drag to paint / erase the selected mask (a new mask when none)",
      "Text choice hotkeys: label the task and go to the next one of the queue",
      ("Text: drag or Shift+Left / Shift+Right selects; a span label's hotkey (or Enter for the "
       "current one) makes a span of it; Esc drops the selection; click a span to select it"),
      "Ctrl+G (page): Guidelines; Ctrl+, (page): Sync settings",
  };
  for (const char* line : kFixed) ImGui::TextWrapped("%s", line);
  ImGui::PopStyleColor();
  ImGui::End();
  if (!open) {
    help_open_ = false;
    capturing_ = -1;
  }
}

void App::draw_collapsed_panel(const char* name, ImVec2 pos, float height, SidePanel& panel) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(ImVec2(kCollapsedWidth, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(2, 6));
  ImGui::Begin((std::string(name) + "##collapsed").c_str(), nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  const bool left = pos.x < 1;
  if (ImGui::SmallButton(left ? ">>" : "<<")) panel.collapsed = false;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the %s panel", name);
  report_.tool_buttons.push_back(
      {"panel", name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), false});
  ImGui::End();
  ImGui::PopStyleVar();
}

void App::collapse_button(const char* name, SidePanel& panel, bool left) {
  // At the right end of the panel's first line.
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize("<<").x - 8);
  if (ImGui::SmallButton(left ? "<<" : ">>")) panel.collapsed = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Hide the %s panel (the image gets its room)", name);
  report_.tool_buttons.push_back(
      {"panel", name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), true});
}

void App::draw_splitter(const char* id, float x, float height, SidePanel& panel, int sign) {
  // A thin strip along the panel's inner edge, on the image's side (the canvas never comes to
  // the front, a panel does): dragging it sets the panel's width.
  if (panel.collapsed) return;
  ImGui::SetNextWindowPos(ImVec2(sign > 0 ? x : x - 6, 0));
  ImGui::SetNextWindowSize(ImVec2(6, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings);
  ImGui::InvisibleButton("strip", ImVec2(6, height));
  if (ImGui::IsItemHovered() || ImGui::IsItemActive())
    ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  if (ImGui::IsItemActive()) {
    const float display_w = ImGui::GetIO().DisplaySize.x;
    const float now = sign > 0 ? x : display_w - x;
    panel.width = now + sign * ImGui::GetIO().MouseDelta.x;
  }
  report_.tool_buttons.push_back({"splitter", id + 2, ImGui::GetItemRectMin(),
                                  ImGui::GetItemRectMax(), ImGui::IsItemActive()});
  ImGui::End();
  ImGui::PopStyleVar(2);
}

void App::draw_task_list(ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::Begin("Tasks", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  ImGui::TextDisabled("%zu tasks", project_.tasks.size());
  collapse_button("Tasks", list_panel_, true);
  ImGui::Separator();
  ImGui::BeginChild("task-rows");
  const int n = static_cast<int>(project_.tasks.size());
  const float item_h = ImGui::GetTextLineHeightWithSpacing();
  if (scroll_list_to_current_ && current_ >= 0) {
    const float y = item_h * static_cast<float>(current_);
    const float visible = ImGui::GetWindowHeight() - 2 * item_h;
    if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + visible - item_h)
      ImGui::SetScrollY(std::max(0.0f, y - visible * 0.5f));
    scroll_list_to_current_ = false;
  }
  ImGuiListClipper clipper;
  clipper.Begin(n, item_h);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Task& task = project_.tasks[i];
      char head[48];
      std::snprintf(head, sizeof head, "%s %s", task.kind == TaskKind::kImage ? "[img]" : "[txt]",
                    task.id.c_str());
      ImGui::PushID(i);
      if (ImGui::Selectable("##task", i == current_)) select_task(i);
      ImGui::SameLine(0, 0);
      // This annotator's progress: submitted (green), skipped (grey), drafted (amber).
      const TaskProgress p = progress(task);
      const ImVec4 mark_color = p == TaskProgress::kSubmitted ? ImVec4(0.4f, 0.85f, 0.45f, 1)
                                : p == TaskProgress::kSkipped ? ImVec4(0.6f, 0.6f, 0.6f, 1)
                                                              : ImVec4(0.95f, 0.75f, 0.3f, 1);
      ImGui::TextColored(mark_color, "%s",
                         p == TaskProgress::kSubmitted ? "done"
                         : p == TaskProgress::kSkipped ? "skip"
                         : p == TaskProgress::kDraft   ? "... "
                                                       : "    ");
      ImGui::SameLine();
      ImGui::TextDisabled("%s", head);
      ImGui::SameLine();
      ImGui::TextUnformatted(task_summary(task).c_str());
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  ImGui::End();
}

std::vector<std::string> App::my_choices(const std::string& set_name) const {
  if (current_ < 0) return {};
  const Task& task = project_.tasks[current_];
  for (const Annotation& a : task.annotations)
    if (a.annotator == annotator_)
      for (const Region& r : a.regions)
        if (r.kind == RegionKind::kChoices && r.from_name == set_name) return r.labels;
  return {};
}

void App::toggle_choice(const LabelSet& set, const std::string& label, bool clear_if_chosen) {
  const std::vector<std::string> chosen = my_choices(set.name);
  const bool on = std::find(chosen.begin(), chosen.end(), label) != chosen.end();
  std::vector<std::string> next;
  if (set.multiple) {
    // Toggle, keeping the set's label order.
    for (const Label& o : set.labels) {
      const bool was = std::find(chosen.begin(), chosen.end(), o.name) != chosen.end();
      if (o.name == label ? !was : was) next.push_back(o.name);
    }
  } else if (!on || !clear_if_chosen) {
    // A click on the chosen radio button clears the single choice (next stays empty).
    next = {label};
  }
  // The edit shows this annotator's annotation (apply_step).
  set_choices(set.name, next);
}

void App::draw_choice_editor(const Task& task) {
  // This annotator's choices per set; a click edits them (one undoable edit each). Shown on
  // every task, with or without an annotation: the first choice creates the annotation.
  const std::string object =
      !task.data_key.empty() ? task.data_key : (task.kind == TaskKind::kText ? "text" : "image");
  bool any = false;
  for (const LabelSet& set : project_.label_sets) {
    if (set.kind != RegionKind::kChoices || (!set.to_name.empty() && set.to_name != object))
      continue;
    if (!any) ImGui::TextWrapped("Classify (your annotation)");
    any = true;
    ImGui::TextDisabled("%s%s", set.name.c_str(), set.multiple ? " (several)" : "");
    const std::vector<std::string> chosen = my_choices(set.name);
    for (const Label& l : set.labels) {
      const bool on = std::find(chosen.begin(), chosen.end(), l.name) != chosen.end();
      const std::string key = label_key_name(l);
      const std::string id =
          l.name + (key.empty() ? "" : "  [" + key + "]") + "##choice-" + set.name + "-" + l.name;
      bool clicked = false;
      if (set.multiple) {
        bool value = on;
        clicked = ImGui::Checkbox(id.c_str(), &value);
      } else {
        clicked = ImGui::RadioButton(id.c_str(), on);
      }
      report_.choice_buttons.push_back(
          {set.name, l.name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), on});
      if (!clicked) continue;
      toggle_choice(set, l.name, true);
      break;  // the choices may have changed
    }
  }
  if (any) ImGui::Separator();
}

void App::draw_details(ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::Begin("Details", nullptr,
               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
  if (current_ < 0) {
    ImGui::TextWrapped(loaded_ ? "No tasks here. \"New project...\" (bottom right) makes a project "
                                 "from your images or texts."
                               : "No project loaded.");
    ImGui::End();
    return;
  }
  const Task& task = project_.tasks[current_];
  ImGui::Text("Task %s (%s)", task.id.c_str(), task_kind_name(task.kind));
  collapse_button("Details", details_panel_, false);

  // Which result to show.
  auto source_label = [&](ShownSource s) {
    char buf[160];
    if (s.mine_not_started()) {
      std::snprintf(buf, sizeof buf, "Your annotation (%s): not started", annotator_.c_str());
    } else if (s.prediction) {
      const Prediction& p = task.predictions[s.index];
      std::snprintf(buf, sizeof buf, "Prediction %s (score %.2f)", p.model_version.c_str(),
                    p.score);
    } else {
      const Annotation& a = task.annotations[s.index];
      std::snprintf(buf, sizeof buf, "Annotator %s%s, %.0f s", a.annotator.c_str(),
                    a.ground_truth ? " (gold)" : "", a.lead_time);
    }
    return std::string(buf);
  };
  const bool has_any = !task.annotations.empty() || !task.predictions.empty();
  const bool mine_exists = my_annotation(false) >= 0;
  if (has_any) {
    ImGui::TextDisabled("Shown ([ and ] switch):");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##source", source_label(source_).c_str())) {
      if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) ImGui::CloseCurrentPopup();
      if (!mine_exists &&
          ImGui::Selectable(source_label({false, ShownSource::kMineNotStarted}).c_str(),
                            source_.mine_not_started()))
        set_source(ShownSource{false, ShownSource::kMineNotStarted});
      for (int i = 0; i < static_cast<int>(task.annotations.size()); ++i) {
        ShownSource s{false, i};
        if (ImGui::Selectable(source_label(s).c_str(), !source_.prediction && source_.index == i))
          set_source(s);
        report_.source_entries.push_back({"annotation", task.annotations[i].annotator,
                                          ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                                          !source_.prediction && source_.index == i});
      }
      for (int i = 0; i < static_cast<int>(task.predictions.size()); ++i) {
        ShownSource s{true, i};
        if (ImGui::Selectable(source_label(s).c_str(), source_.prediction && source_.index == i))
          set_source(s);
        report_.source_entries.push_back({"prediction", task.predictions[i].model_version,
                                          ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                                          source_.prediction && source_.index == i});
      }
      ImGui::EndCombo();
    }
    report_.source_switcher = {"source", "switcher", ImGui::GetItemRectMin(),
                               ImGui::GetItemRectMax(), true};
    if (source_.mine_not_started()) {
      const int others = static_cast<int>(task.annotations.size());
      const int predictions = static_cast<int>(task.predictions.size());
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped(
          "Your annotation is empty: draw or classify to start it. %d other annotation%s and "
          "%d prediction%s are one click away in the list above.",
          others, others == 1 ? "" : "s", predictions, predictions == 1 ? "" : "s");
      ImGui::PopStyleColor();
    }
  } else {
    ImGui::TextDisabled("No annotations yet: draw or classify to start yours");
  }

  ImGui::Separator();
  draw_choice_editor(task);
  const std::vector<Region>* regions = shown_regions();
  if (regions != nullptr) {
    bool any_choice = false;
    for (const Region& r : *regions) {
      if (r.kind != RegionKind::kChoices) continue;
      if (!any_choice) ImGui::TextUnformatted("Choices");
      any_choice = true;
      for (const std::string& c : r.labels) {
        ImGui::ColorButton(("##c" + c).c_str(),
                           ImGui::ColorConvertU32ToFloat4(colors_.color(r.from_name, c)),
                           ImGuiColorEditFlags_NoTooltip, ImVec2(12, 12));
        ImGui::SameLine();
        ImGui::Text("%s: %s", r.from_name.c_str(), c.c_str());
      }
    }
    if (any_choice) ImGui::Separator();
    // Review: how many scored regions (a prediction's, or pending pre-annotations) under the
    // threshold are still to decide, and on a prediction what became of its regions.
    int below = 0, scored = 0, decided[5] = {0, 0, 0, 0, 0};
    for (const Region& r : *regions) {
      if (r.score < 0 && !source_.prediction) continue;
      const ReviewDecision d = review_decision(r);
      ++decided[static_cast<int>(d)];
      ++scored;
      below += (d == ReviewDecision::kNone || d == ReviewDecision::kPending) && r.score >= 0 &&
               r.score < project_.settings.review_threshold;
    }
    if (scored > 0) {
      ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "Review: %d of %d need review (< %.2f)",
                         below, scored, project_.settings.review_threshold);
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      if (source_.prediction)
        ImGui::TextWrapped("%d accepted, %d edited, %d rejected, %d pending",
                           decided[static_cast<int>(ReviewDecision::kAccepted)],
                           decided[static_cast<int>(ReviewDecision::kEdited)],
                           decided[static_cast<int>(ReviewDecision::kRejected)],
                           decided[static_cast<int>(ReviewDecision::kPending)]);
      ImGui::TextWrapped("%s", source_.prediction ? "A accept, Delete reject, E edit (Tab: next)"
                                                  : "A accept, Delete reject, any change edits");
      ImGui::PopStyleColor();
    }
    if (shown_is_mine() && selected_ >= 0) {
      ImGui::TextWrapped("Label (a click relabels)");
      draw_label_picker();
      ImGui::Separator();
    }
    ImGui::Text("Regions");
    ImGui::SetNextItemWidth(-1);
    // Not a Tab stop: Tab cycles regions, and a review key typed after it must not land here.
    ImGui::PushAllowKeyboardFocus(false);
    ImGui::InputTextWithHint("##filter", "filter regions (label, kind, id)", region_filter_,
                             sizeof region_filter_);
    ImGui::PopAllowKeyboardFocus();
    filter_rect_ = ImVec4(ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y,
                          ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y);
    // Only the visible rows are built (a list clipper), so the list costs the same with
    // ten or ten thousand regions.
    ImGui::BeginChild("regions", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.6f), false);
    listed_.clear();
    const std::string filter = lower_ascii(region_filter_);
    for (int i = 0; i < static_cast<int>(regions->size()); ++i) {
      const Region& r = (*regions)[i];
      if (r.kind == RegionKind::kChoices) continue;
      if (!filter.empty()) {
        const std::string label = r.labels.empty() ? std::string() : r.labels.front();
        if (lower_ascii(label).find(filter) == std::string::npos &&
            std::string(kind_name(r.kind)).find(filter) == std::string::npos &&
            lower_ascii(r.id).find(filter) == std::string::npos)
          continue;
      }
      listed_.push_back(i);
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(listed_.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const int index = listed_[row] + 1;
        const Region& r = (*regions)[index - 1];
        const std::string label = r.labels.empty() ? std::string("?") : r.labels.front();
        ImGui::PushID(index);
        ImGui::ColorButton("##r", ImGui::ColorConvertU32ToFloat4(colors_.color(r.from_name, label)),
                           ImGuiColorEditFlags_NoTooltip, ImVec2(12, 12));
        ImGui::SameLine();
        char line[200];
        const char* marks = region_hidden(r) && region_locked(r) ? " [hidden, locked]"
                            : region_hidden(r)                   ? " [hidden]"
                            : region_locked(r)                   ? " [locked]"
                                                                 : "";
        if (r.kind == RegionKind::kSpan)
          std::snprintf(line, sizeof line, "%s \"%s\"", label.c_str(), r.text.c_str());
        else if (r.score >= 0 || source_.prediction)
          std::snprintf(line, sizeof line, "%s %s  %s %s%s", label.c_str(), kind_name(r.kind),
                        r.score >= 0 ? score_text(r.score).c_str() : "",
                        decision_name(review_decision(r)), marks);
        else
          std::snprintf(line, sizeof line, "%s %s%s", label.c_str(), kind_name(r.kind), marks);
        if (ImGui::Selectable(line, is_selected(index - 1, r))) {
          if (ImGui::GetIO().KeyShift)
            toggle_selected(index - 1);
          else
            select_region(index - 1);
        }
        ImGui::PopID();
      }
    }
    ImGui::EndChild();
    ImGui::Text("%d listed", static_cast<int>(listed_.size()));
    if (shown_is_mine() && selected_ >= 0) {
      ImGui::SameLine();
      if (ImGui::SmallButton("hide")) toggle_hidden_selected();
      ImGui::SameLine();
      if (ImGui::SmallButton("lock")) toggle_locked_selected();
      ImGui::SameLine();
      if (ImGui::SmallButton("front")) bring_to_front();
      ImGui::SameLine();
      if (ImGui::SmallButton("back")) send_to_back();
    }
  }
  ImGui::Separator();
  if (ImGui::Button("Export Label Studio JSON")) export_project();
  ImGui::TextUnformatted("Keys");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("F1 or ?: every shortcut (remappable)");
  ImGui::TextWrapped("B box, P polygon, K keypoint, G brush, X eraser (- / = size), Esc: select");
  ImGui::TextWrapped("Ctrl+Z undo, Ctrl+Shift+Z / Ctrl+Y redo, Ctrl+C / Ctrl+V, Ctrl+E export");
  ImGui::PopStyleColor();
  ImGui::End();
}

void App::draw_canvas(ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(24, 24, 28, 255));
  ImGui::Begin("Canvas", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  if (current_ >= 0 && current_ < static_cast<int>(project_.tasks.size()) &&
      project_.tasks[current_].kind == TaskKind::kImage && has_tool_bar()) {
    const float bar_h = ImGui::GetFrameHeight() + 6;
    draw_tool_bar(min, ImVec2(max.x, min.y + bar_h));
    min.y += bar_h;
  }
  report_.canvas_min = min;
  report_.canvas_max = max;
  if (current_ >= 0 && current_ < static_cast<int>(project_.tasks.size())) {
    const Task& task = project_.tasks[current_];
    if (task.kind == TaskKind::kImage)
      draw_image_task(task, min, max);
    else
      draw_text_task(task, min, max);
  } else {
    ImGui::SetCursorScreenPos(ImVec2(min.x + 20, min.y + 20));
    ImGui::TextUnformatted(loaded_           ? "The project has no tasks."
                           : status_.empty() ? "Loading the project..."
                                             : "No project is open.");
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
}

void App::draw_status_bar(ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 4));
  ImGui::Begin("Status", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
  // The page's own bar (sync, guidelines, new project) sits at the right end: nothing of the
  // status bar is drawn under it; the message shows whole on hover.
  const float right = pos.x + size.x - page_bar_width_ - 8;
  ImGui::PushClipRect(pos, ImVec2(std::max(pos.x, right), pos.y + size.y), true);
  const int n = static_cast<int>(project_.tasks.size());
  if (current_ >= 0) {
    const Task& task = project_.tasks[current_];
    ImGui::Text("Task %d/%d  id %s  %s", current_ + 1, n, task.id.c_str(),
                task_kind_name(task.kind));
    ImGui::SameLine();
    if (task.kind == TaskKind::kImage)
      ImGui::Text("|  %d regions  |  zoom %.0f%%", report_.regions_drawn, view_.scale * 100.0f);
    else
      ImGui::Text("|  %d spans", report_.spans_drawn);
    ImGui::SameLine();
  }
  const char* sep = current_ >= 0 ? "|  " : "";
  if (!store_error_.empty())
    ImGui::TextColored(ImVec4(1, 0.35f, 0.3f, 1), "%sNOT SAVED", sep);
  else if (!pending_.empty())
    ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%ssaving %zu", sep, pending_.size());
  else
    ImGui::Text("%ssaved %llu", sep, static_cast<unsigned long long>(acked_));
  if (!status_.empty()) {
    ImGui::SameLine();
    ImGui::Text("|  %s", status_.c_str());
    if (ImGui::IsItemHovered() && ImGui::GetItemRectMax().x > right)
      ImGui::SetTooltip("%s", status_.c_str());
  }
  ImGui::PopClipRect();
  ImGui::End();
  ImGui::PopStyleVar();
}

std::string App::frame_json() const {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "{\"frame\":%lld,\"frame_ms\":%.3f,\"frame_ui_ms\":%.3f,\"frame_render_ms\":"
                "%.3f,\"frame_regions_ms\":%.3f,\"regions_drawn\":%d,\"frame_skipped\":%s,"
                "\"frames_drawn\":%lld}",
                static_cast<long long>(report_.frame), report_.cpp_ms, report_.ui_ms,
                report_.render_ms, report_.regions_ms, report_.regions_drawn,
                report_.skipped ? "true" : "false", static_cast<long long>(report_.frames_drawn));
  return buf;
}

std::string App::state_json() const {
  Json j;
  const bool has_task = current_ >= 0 && current_ < static_cast<int>(project_.tasks.size());
  const Task* task = has_task ? &project_.tasks[current_] : nullptr;
  j["loaded"] = loaded_;
  j["frame"] = report_.frame;
  j["frame_ms"] = report_.cpp_ms;
  j["frame_skipped"] = report_.skipped;
  j["frames_drawn"] = report_.frames_drawn;
  j["frame_ui_ms"] = report_.ui_ms;
  j["frame_render_ms"] = report_.render_ms;
  j["frame_regions_ms"] = report_.regions_ms;
  j["tasks"] = project_.tasks.size();
  j["image_ready"] = report_.image_ready;
  if (const TiledImage* tiled = images_.tiled(current_)) j["tiles"] = tiled->stats_json();
  j["ready"] = loaded_ && task != nullptr && report_.frame > 1 &&
               (task->kind != TaskKind::kImage || report_.image_ready);
  if (task != nullptr) {
    j["task"] = {{"index", current_}, {"id", task->id}, {"kind", task_kind_name(task->kind)}};
    j["source"] = {{"prediction", source_.prediction}, {"index", source_.index}};
    j["progress"] = progress_name(progress(*task));
    auto shown = shown_seconds_.find(task->id);
    j["shown_seconds"] = shown != shown_seconds_.end() ? shown->second : 0.0;
  }
  Json counts = {{"todo", 0}, {"draft", 0}, {"submitted", 0}, {"skipped", 0}};
  for (const Task& t : project_.tasks) {
    Json& c = counts[progress_name(progress(t))];
    c = c.get<int>() + 1;
  }
  j["progress_counts"] = std::move(counts);
  j["regions_drawn"] = report_.regions_drawn;
  j["spans_drawn"] = report_.spans_drawn;
  if (text_selection_.task == current_ && text_selection_.anchor >= 0)
    j["text_selection"] = {std::min(text_selection_.anchor, text_selection_.caret),
                           std::max(text_selection_.anchor, text_selection_.caret)};
  Json text_lines = Json::array();
  for (const TextLineLayout& l : text_layout_)
    text_lines.push_back(
        {{"start", l.start}, {"end", l.end}, {"y", l.y}, {"h", l.height}, {"xs", l.xs}});
  j["text_lines"] = std::move(text_lines);
  j["needs_review"] = report_.needs_review;
  j["review_threshold"] = project_.settings.review_threshold;
  j["choices"] = report_.choices;
  Json choice_buttons = Json::array();
  for (const FrameReport::ChoiceButton& b : report_.choice_buttons)
    choice_buttons.push_back({{"set", b.set},
                              {"label", b.label},
                              {"on", b.on},
                              {"rect", {b.min.x, b.min.y, b.max.x - b.min.x, b.max.y - b.min.y}}});
  j["choice_buttons"] = std::move(choice_buttons);
  for (const auto* list : {&report_.tool_buttons, &report_.label_picker, &report_.source_entries}) {
    Json buttons = Json::array();
    for (const FrameReport::ChoiceButton& b : *list)
      buttons.push_back({{"set", b.set},
                         {"label", b.label},
                         {"on", b.on},
                         {"rect", {b.min.x, b.min.y, b.max.x - b.min.x, b.max.y - b.min.y}}});
    j[list == &report_.tool_buttons   ? "tool_buttons"
      : list == &report_.label_picker ? "label_picker"
                                      : "source_entries"] = std::move(buttons);
  }
  const FrameReport::ChoiceButton& sw = report_.source_switcher;
  j["source_switcher"] = {sw.min.x, sw.min.y, sw.max.x - sw.min.x, sw.max.y - sw.min.y};
  if (task != nullptr) j["source"]["mine_not_started"] = source_.mine_not_started();
  j["view"] = {{"scale", view_.scale}, {"x", view_.offset.x}, {"y", view_.offset.y}};
  j["canvas"] = {report_.canvas_min.x, report_.canvas_min.y,
                 report_.canvas_max.x - report_.canvas_min.x,
                 report_.canvas_max.y - report_.canvas_min.y};
  Json regions = Json::array();
  const std::vector<Region>* shown_for_report = shown_regions();
  // The regions drawn in the last frame: those it reported, and the small boxes the region
  // layer holds (reported when it was built) that it did not report again.
  std::vector<const DrawnRegion*> drawn;
  drawn.reserve(report_.regions.size() + layer_report_.size());
  std::set<int> reported;
  for (const DrawnRegion& r : report_.regions) {
    drawn.push_back(&r);
    if (r.index >= 0) reported.insert(r.index);
  }
  if (report_.layer_report_used)
    for (const DrawnRegion& r : layer_report_)
      if (reported.count(r.index) == 0) drawn.push_back(&r);
  for (const DrawnRegion* rp : drawn) {
    const DrawnRegion& r = *rp;
    std::string id = r.id, label = r.label;
    if (r.index >= 0 && shown_for_report != nullptr &&
        r.index < static_cast<int>(shown_for_report->size())) {
      const Region& source = (*shown_for_report)[r.index];
      id = source.id;
      label = source.labels.empty() ? std::string() : source.labels.front();
    }
    regions.push_back({{"id", id},
                       {"kind", kind_name(r.kind)},
                       {"label", label},
                       {"score", r.score},
                       {"needs_review", r.needs_review},
                       {"decision", decision_name(r.decision)},
                       {"rect", {r.min.x, r.min.y, r.max.x - r.min.x, r.max.y - r.min.y}}});
  }
  j["regions"] = std::move(regions);
  j["status"] = status_;
  const std::vector<Region>* shown = shown_regions();
  j["selected"] = shown != nullptr && selected_ >= 0 && selected_ < static_cast<int>(shown->size())
                      ? (*shown)[selected_].id
                      : std::string();
  j["wheel_total"] = wheel_total_;
  j["tool"] = tool_ == Tool::kBox        ? "box"
              : tool_ == Tool::kKeypoint ? "keypoint"
              : tool_ == Tool::kPolygon  ? "polygon"
              : tool_ == Tool::kBrush    ? "brush"
              : tool_ == Tool::kEraser   ? "eraser"
                                         : "select";
  j["brush_size"] = brush_size_;
  Json selection_ids = Json::array();
  if (shown != nullptr)
    for (int i : selection()) selection_ids.push_back((*shown)[i].id);
  j["selection"] = std::move(selection_ids);
  j["rotate_handle"] =
      rotate_handle_.x > -1e8f ? Json::array({rotate_handle_.x, rotate_handle_.y}) : Json(nullptr);
  Json keys = Json::object();
  for (int i = 0; i < kActionCount; ++i)
    keys[action_id(static_cast<Action>(i))] = chord_name(keys_.chord(static_cast<Action>(i)));
  j["keys"] = std::move(keys);
  Json buttons = Json::object();
  for (const auto& [id, b] : help_buttons_) buttons[id] = {b.x, b.y, b.z, b.w};
  j["help"] = {{"open", help_open_},
               {"capturing", capturing_ >= 0 ? action_id(static_cast<Action>(capturing_)) : ""},
               {"buttons", std::move(buttons)}};
  j["filter"] = {{"text", region_filter_},
                 {"listed", listed_.size()},
                 {"rect", {filter_rect_.x, filter_rect_.y, filter_rect_.z, filter_rect_.w}}};
  j["polygon_draft"] = polygon_draft_.size();
  j["annotator"] = annotator_;
  j["events"] = {{"next_seq", next_seq_},      {"acked", acked_},
                 {"pending", pending_.size()}, {"replayed", replayed_},
                 {"skipped", replay_skipped_}, {"error", store_error_}};
  j["log"] = log_summary_;
  // The current annotator's regions of the current task, in image pixels.
  Json mine = Json::array();
  size_t undo_depth = 0, redo_depth = 0;
  if (task != nullptr) {
    for (const Annotation& a : task->annotations) {
      if (a.annotator != annotator_) continue;
      for (const Region& r : a.regions) {
        Json points = Json::array();
        for (const Point& p : r.points) points.push_back({p.x, p.y});
        mine.push_back({{"id", r.id},
                        {"kind", kind_name(r.kind)},
                        {"from_name", r.from_name},
                        {"labels", r.labels},
                        {"x", r.x},
                        {"y", r.y},
                        {"width", r.width},
                        {"height", r.height},
                        {"rotation", r.rotation},
                        {"hidden", region_hidden(r)},
                        {"locked", region_locked(r)},
                        {"mask_area", r.kind == RegionKind::kBrush ? brush_mask_area(r.mask) : 0},
                        {"points", std::move(points)}});
        if (r.score >= 0) mine.back()["score"] = r.score;
        if (r.extra.is_object() && r.extra.contains("origin"))
          mine.back()["origin"] = r.extra["origin"];
        if (r.kind == RegionKind::kSpan) {
          mine.back()["start"] = r.start;
          mine.back()["end"] = r.end;
          mine.back()["text"] = r.text;
        }
      }
    }
    auto it = stacks_.find(task->id);
    if (it != stacks_.end()) {
      undo_depth = it->second.undo.size();
      redo_depth = it->second.redo.size();
    }
  }
  j["mine"] = std::move(mine);
  if (task != nullptr)
    for (const Annotation& a : task->annotations)
      if (a.annotator == annotator_ && a.has_lead_time) j["lead_time"] = a.lead_time;
  j["undo_depth"] = undo_depth;
  j["redo_depth"] = redo_depth;
  return j.dump();
}

}  // namespace localabel::app
