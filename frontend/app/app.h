// The annotation application: its state (project, current task, which annotation is shown,
// view transform) and the ImGui drawing of each frame. Editing will add commands that change
// the state; drawing only reads it, except for the per-frame report used by tests.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/label_colors.h"
#include "app/textures.h"
#include "app/view.h"
#include "imgui.h"
#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel::app {

/// One region as drawn in the last frame, in canvas (CSS) pixels.
struct DrawnRegion {
  std::string id;
  RegionKind kind = RegionKind::kOther;
  std::string label;
  ImVec2 min, max;            ///< bounding rectangle on screen
  double score = -1;          ///< prediction score; -1 when absent
  bool needs_review = false;  ///< a prediction region scored below the review threshold
  int index = -1;  ///< index in the shown result's regions; when >= 0, id and label are unset
};

/// What the last frame showed; read by the end-to-end tests through the platform layer.
struct FrameReport {
  int64_t frame = 0;
  double cpp_ms = 0;      ///< C++ time of the previous frame (UI + drawing + GL submission)
  double ui_ms = 0;       ///< of which App::frame (the UI and the draw lists)
  double render_ms = 0;   ///< of which ImGui::Render and the GL submission
  double regions_ms = 0;  ///< of which the image regions' draw lists
  bool image_ready = false;
  int regions_drawn = 0;             ///< image regions (box, polygon, mask, keypoint) drawn
  int spans_drawn = 0;               ///< text spans drawn
  int needs_review = 0;              ///< drawn prediction regions scored below the review threshold
  std::vector<std::string> choices;  ///< choices of the shown annotation
  std::vector<DrawnRegion> regions;
  ImVec2 canvas_min, canvas_max;
};

/// Input events of one frame, collected by the platform from its callbacks so that a key
/// pressed and released between two frames is not lost (ImGui 1.86 only sees key state).
struct FrameInput {
  std::vector<int> keys_pressed;  ///< GLFW key codes of presses and repeats, in order
  float wheel = 0;                ///< vertical wheel steps; positive = away from the user
};

/// The annotator id under which this browser's edits are recorded.
constexpr const char* kAnnotator = "me";

/// What a left-button press on the image does.
enum class Tool { kSelect, kBox, kKeypoint, kPolygon };

/// One undoable edit of one region: `before` absent means the edit created the region,
/// `after` absent means it deleted it.
struct EditStep {
  std::string task;  ///< task id
  std::string region;
  std::optional<Region> before, after;
};

/// The undo and redo stacks of one task.
struct UndoStacks {
  std::vector<EditStep> undo, redo;
};

/// The region moved by (dx, dy) pixels of its original image, kept inside the image
/// (boxes, keypoints, polygons; other kinds are returned unchanged).
Region translate_region(const Region& region, double dx, double dy);

/// Which result of the current task is shown: an annotation or a prediction.
struct ShownSource {
  bool prediction = false;
  int index = 0;
};

class App {
 public:
  App();
  ~App();

  /// Replaces the project with the one read from Label Studio JSON text. On error the
  /// current project stays and the error is shown in the status bar and returned.
  Status load_project(std::string_view json_text);
  /// Applies a label configuration (colours, hotkeys, descriptions) to the loaded project.
  Status load_label_config(std::string_view json_text);

  /// Gives the RGBA pixels of a task's image (after a platform_request_image).
  void set_image(int task_index, const uint8_t* rgba, int width, int height);
  /// Reports that a task's image could not be loaded.
  void image_failed(int task_index, std::string_view message);

  /// Builds the UI of one frame (between ImGui::NewFrame and ImGui::Render).
  void frame(const FrameInput& input);
  /// Records the C++ time the previous frame took (measured by the platform).
  void set_last_frame_ms(double ms) { report_.cpp_ms = ms; }
  /// Records the parts of it: building the UI (App::frame) and rendering (ImGui + GL).
  void set_last_frame_parts(double ui_ms, double render_ms) {
    report_.ui_ms = ui_ms;
    report_.render_ms = render_ms;
  }

  /// The state for tests as JSON: ready, task, regions drawn with their rectangles, timing.
  std::string state_json() const;

  // Commands (keyboard, mouse and future editing call these).
  void select_task(int index);
  void move_task(int delta);
  void set_source(ShownSource source);
  void cycle_source(int delta);
  /// Review mode: shows the task's first prediction, regions coloured by score and those
  /// under the project's review threshold flagged; toggling again shows the first annotation.
  void toggle_review();
  /// Selects region `index` of the shown result (-1 clears the selection).
  void select_region(int index);
  /// Moves the selection to the next (delta 1) or previous drawable region.
  void cycle_selection(int delta);
  void fit_view_to_canvas();
  void actual_size_view_in_canvas();

  // Editing (frontend/app/editing.cpp). Edits go into the annotation of kAnnotator on the
  // current task (created on the first edit); each edit is an event of the core's event
  // model (localabel/event.h) handed to the platform for durable storage.
  void set_tool(Tool tool);
  void undo();
  void redo();
  void delete_selected();
  /// Moves the selected region by (dx, dy) pixels of the original image.
  void nudge_selected(double dx, double dy);
  /// Gives the selected region `label` (of its own label set).
  void relabel_selected(const std::string& label);
  /// Replays stored event records (a JSON array of {"op": "do"|"undo"|"redo", "event":
  /// {...}} in sequence order, as written through platform_store_event) on top of the
  /// project, rebuilding the undo history. Unreadable records are skipped and counted.
  Status replay_events(std::string_view records_json);
  /// The platform reports that event `seq` is durably stored (or could not be).
  void event_stored(uint64_t seq);
  void event_store_failed(uint64_t seq, std::string_view message);
  /// The project (with the edits) as Label Studio JSON (localabel::export_label_studio).
  std::string export_json() const;
  /// Exports through platform_download.
  void export_project();

  const Project& project() const { return project_; }
  int current_task() const { return current_; }

 private:
  void handle_keys(const FrameInput& input);
  void draw_task_list(ImVec2 pos, ImVec2 size);
  void draw_details(ImVec2 pos, ImVec2 size);
  void draw_canvas(ImVec2 pos, ImVec2 size);
  void draw_image_task(const Task& task, ImVec2 min, ImVec2 max);
  void draw_text_task(const Task& task, ImVec2 min, ImVec2 max);
  void draw_status_bar(ImVec2 pos, ImVec2 size);
  void request_images_near_current();
  const std::vector<Region>* shown_regions() const;
  void rebuild_mask_textures(const Task& task);
  void handle_image_mouse(const Task& task, ImVec2 min, ImVec2 max, double sx, double sy);
  bool handle_edit_key(int key, bool ctrl, bool shift);
  std::string label_for_new(RegionKind kind, std::string* from_name) const;
  void original_size(const Task& task, int* width, int* height) const;
  /// Index of the editable annotation of the current task; -1 when none (and !create).
  int my_annotation(bool create);
  bool shown_is_mine() const;
  /// Applies `step.after` to the current project and logs it as an event with `op`.
  void apply_step(const EditStep& step, bool forward, const char* op);
  void commit(EditStep step);
  void add_region(Region region);

  // Editing state.
  Tool tool_ = Tool::kSelect;
  std::map<RegionKind, std::string> current_label_;
  std::map<std::string, UndoStacks> stacks_;  ///< by task id
  uint64_t next_seq_ = 1;
  uint64_t acked_ = 0;
  uint64_t replayed_ = 0;
  uint64_t replay_skipped_ = 0;
  std::set<uint64_t> pending_;
  std::string store_error_;
  Json log_summary_ = Json::array();  ///< {seq, type, region, acked} of every event
  enum class Drag { kNone, kDrawBox, kMove, kResize };
  Drag drag_ = Drag::kNone;
  int drag_corner_ = 0;
  Region drag_before_;
  ImVec2 drag_start_{0, 0};  ///< image pixels (original image) where the drag began
  std::vector<Point> polygon_draft_;

  Project project_;
  std::vector<LabelSet> configured_label_sets_;  ///< from a label configuration file
  bool loaded_ = false;
  LabelColors colors_;
  int current_ = -1;  ///< index of the shown task; -1 = none
  ShownSource source_;
  int selected_ = -1;  ///< index into the shown result's regions; -1 = none
  ViewTransform view_;
  bool fit_pending_ = true;
  std::string status_;

  TextureCache images_;
  std::map<int, std::string> image_errors_;
  std::map<int, bool> image_requested_;

  // Mask overlays of the shown result, keyed by region index; rebuilt when it changes.
  std::map<int, Texture> mask_textures_;
  int mask_task_ = -1;
  ShownSource mask_source_;

  bool panning_ = false;
  float wheel_ = 0;  ///< wheel steps of the current frame
  double wheel_total_ = 0;
  bool scroll_list_to_current_ = false;
  FrameReport report_;
  std::vector<int> listed_;  ///< region indices of the details list (reused each frame)
};

}  // namespace localabel::app
