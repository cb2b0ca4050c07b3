// The annotation application: its state (project, current task, which annotation is shown,
// view transform) and the ImGui drawing of each frame. Editing will add commands that change
// the state; drawing only reads it, except for the per-frame report used by tests.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/keymap.h"
#include "app/label_colors.h"
#include "app/model_panel.h"
#include "app/region_layer.h"
#include "app/textures.h"
#include "app/view.h"
#include "imgui.h"
#include "localabel/error.h"
#include "localabel/event.h"
#include "localabel/project.h"

namespace localabel::app {

/// Where this annotator stands with a task: nothing yet, regions drafted, submitted or skipped
/// (the last submit or skip counts; regions edited after a submit keep it submitted).
enum class TaskProgress { kTodo, kDraft, kSubmitted, kSkipped };

/// What the annotator did with a region of a prediction in review: nothing yet (kNone), took
/// it unchanged (kAccepted), took and changed it (kEdited), has it as a pre-annotation still
/// to decide (kPending), or left it out of an annotation made from the prediction (kRejected).
enum class ReviewDecision { kNone, kPending, kAccepted, kEdited, kRejected };

/// One region as drawn in the last frame, in canvas (CSS) pixels.
struct DrawnRegion {
  std::string id;
  RegionKind kind = RegionKind::kOther;
  std::string label;
  ImVec2 min, max;            ///< bounding rectangle on screen
  double score = -1;          ///< prediction score; -1 when absent
  bool needs_review = false;  ///< a prediction region scored below the review threshold
  ReviewDecision decision = ReviewDecision::kNone;  ///< of a shown prediction's region
  int index = -1;  ///< index in the shown result's regions; when >= 0, id and label are unset
};

/// What the last frame showed; read by the end-to-end tests through the platform layer.
struct FrameReport {
  int64_t frame = 0;
  double cpp_ms = 0;      ///< C++ time of the previous frame (UI + drawing + GL submission)
  double ui_ms = 0;       ///< of which App::frame (the UI and the draw lists)
  double render_ms = 0;   ///< of which ImGui::Render and the GL submission
  double regions_ms = 0;  ///< of which the image regions' draw lists
  bool skipped = false;   ///< the previous frame was not drawn: it would have shown the same
  int64_t frames_drawn = 0;
  bool image_ready = false;
  int regions_drawn = 0;             ///< image regions (box, polygon, mask, keypoint) drawn
  int spans_drawn = 0;               ///< text spans drawn
  int needs_review = 0;              ///< drawn prediction regions scored below the review threshold
  std::vector<std::string> choices;  ///< choices of the shown annotation
  struct ChoiceButton {
    std::string set, label;
    ImVec2 min, max;  ///< screen rectangle of the radio button or checkbox
    bool on = false;  ///< chosen in this annotator's annotation
  };
  std::vector<ChoiceButton> choice_buttons;  ///< the Details panel's choice editor
  /// The tool bar's buttons (set "tool", label = tool name; set "next_label", label = the
  /// label the next region gets; on = active).
  std::vector<ChoiceButton> tool_buttons;
  /// The label picker of the selection (Details panel or right-click menu); on = its label.
  std::vector<ChoiceButton> label_picker;
  ChoiceButton source_switcher;  ///< the Details panel's list of what is shown
  /// Its entries while open (set "annotation" / "prediction", label = annotator / model).
  std::vector<ChoiceButton> source_entries;
  std::vector<DrawnRegion> regions;
  /// The small boxes the region layer holds, reported when the layer was built (App's
  /// layer_report_) are part of `regions` too when this is set.
  bool layer_report_used = false;
  ImVec2 canvas_min, canvas_max;
};

/// Input events of one frame, collected by the platform from its callbacks so that a key
/// pressed and released between two frames is not lost (ImGui 1.86 only sees key state).
struct FrameInput {
  /// A key press (or repeat) with the modifiers held at that moment: a chord typed between two
  /// frames (Ctrl down, Z, Ctrl up) keeps its Ctrl even though the next frame sees Ctrl up.
  struct KeyPress {
    int key = 0;  ///< GLFW key code
    bool ctrl = false, shift = false, alt = false, super = false;
  };
  std::vector<KeyPress> keys_pressed;  ///< in order
  float wheel = 0;                     ///< vertical wheel steps; positive = away from the user
  float wheel_x = 0;                   ///< horizontal wheel steps
};

/// What a left-button press on the image does.
enum class Tool { kSelect, kBox, kKeypoint, kPolygon, kBrush, kEraser };

/// One edit of one region: `before` absent means the edit created the region, `after`
/// absent means it deleted it. A region created (or re-created by an undo) is inserted at
/// its index when one is given (z-order; undoing a delete puts it back where it was).
struct EditStep {
  std::string task;  ///< task id
  std::string region;
  std::optional<Region> before, after;
  int before_index = -1;  ///< index of `before` in the annotation's regions; -1 = append
  int after_index = -1;   ///< index `after` is created at; -1 = append (or in place)
};

/// One undoable edit: one or more region edits undone and redone together (a brush stroke,
/// a paste, a delete of several regions, a change of z-order).
using EditGroup = std::vector<EditStep>;

/// The undo and redo stacks of one task.
struct UndoStacks {
  std::vector<EditGroup> undo, redo;
};

/// Hidden regions are not drawn and not hit; locked ones are not selected by a click nor
/// moved. Both are kept in the Label Studio result item ("hidden", "readonly"), so that
/// they travel with the edit events and the export.
bool region_hidden(const Region& region);
bool region_locked(const Region& region);

/// Paints (value 1) or erases (value 0) into `pixels` (width * height bytes, row-major) a
/// stroke of `diameter` image pixels through `points` (image pixels): a pixel is touched
/// when the distance from its centre (i + 0.5, j + 0.5) to the polyline is at most
/// diameter / 2. A single point paints a disc.
void paint_stroke(std::vector<uint8_t>& pixels, int width, int height,
                  const std::vector<Point>& points, double diameter, uint8_t value);

/// The region moved by (dx, dy) pixels of its original image, kept inside the image
/// (boxes, keypoints, polygons; other kinds are returned unchanged).
Region translate_region(const Region& region, double dx, double dy);

/// "pending", "accepted", "edited", "rejected"; "" for kNone.
const char* decision_name(ReviewDecision decision);
/// "todo", "draft", "submitted", "skipped".
const char* progress_name(TaskProgress progress);

/// Which result of the current task is shown: an annotation or a prediction.
struct ShownSource {
  /// Index of this annotator's own annotation before it exists (not a prediction): the task is
  /// shown without regions, and the first edit creates the annotation.
  static constexpr int kMineNotStarted = 1 << 30;
  bool prediction = false;
  int index = 0;
  bool mine_not_started() const { return !prediction && index == kMineNotStarted; }
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
  /// Shows a new version of the open project (e.g. with other annotators' merged work) and
  /// replays this browser's stored edit records on top (as replay_events). The shown task
  /// (by id) and the shown annotation (by annotator) stay; the edit counters (saved, replayed)
  /// count each stored record once, not once per reload. When the project cannot be read,
  /// nothing changes; records that cannot be read are skipped and counted (replay_events).
  Status reload_project(std::string_view json_text, std::string_view records_json);
  /// Records new edits under `annotator` (the sync settings' annotator id; "me" without
  /// sync). Takes effect for edits made from now on and for the next replay.
  void set_annotator(std::string annotator) { annotator_ = std::move(annotator); }
  /// The annotator id under which this browser's edits are recorded: "me" until the page gives
  /// the sync settings' annotator.
  const std::string& annotator() const { return annotator_; }

  /// Gives the RGBA pixels of a task's image (after a platform_request_image).
  void set_image(int task_index, const uint8_t* rgba, int width, int height);
  /// Gives a large image (a side longer than kTiledAbove, app/tiles.h): its full size and an
  /// overview of overview_width x overview_height RGBA pixels. Its tiles are then requested
  /// as the view needs them (platform_request_image_tile) and given with set_image_tile.
  void set_image_tiled(int task_index, int width, int height, const uint8_t* overview_rgba,
                       int overview_width, int overview_height);
  /// Gives a requested tile (width x height RGBA pixels) of a tiled image; ignored when the
  /// task has no tiled image or the tile does not fit (TiledImage::put_tile).
  void set_image_tile(int task_index, int level, int tx, int ty, const uint8_t* rgba, int width,
                      int height);
  /// Reports that a task's image could not be loaded.
  void image_failed(int task_index, std::string_view message);

  /// Builds the UI of one frame (between ImGui::NewFrame and ImGui::Render).
  void frame(const FrameInput& input);
  /// The width in CSS pixels of the page's bar over the right end of the status bar: the
  /// status message stops before it.
  void set_page_bar_width(float width) { page_bar_width_ = std::max(0.0f, width); }
  /// Records the C++ time the previous frame took (measured by the platform).
  void set_last_frame_ms(double ms) { report_.cpp_ms = ms; }
  /// Records the parts of it: building the UI (App::frame) and rendering (ImGui + GL).
  void set_last_frame_parts(double ui_ms, double render_ms) {
    report_.ui_ms = ui_ms;
    report_.render_ms = render_ms;
  }

  /// Changes when the boxes drawn outside ImGui's draw lists (the region layer) change: with
  /// the draw lists and texture_uploads() it tells whether a frame would show anything new.
  uint64_t layer_generation() const { return layer_.generation(); }
  /// The platform skipped drawing the last frame (it would have shown the same pixels).
  void set_last_frame_skipped(bool skipped) {
    report_.skipped = skipped;
    report_.frames_drawn += skipped ? 0 : 1;
  }

  /// The state for tests as JSON: ready, task, regions drawn with their rectangles, timing.
  std::string state_json() const;
  /// Only the frame counter, the timing of the last frame and the regions drawn, as JSON.
  std::string frame_json() const;

  // Commands (keyboard, mouse and future editing call these).
  void select_task(int index);
  void move_task(int delta);
  void set_source(ShownSource source);
  void cycle_source(int delta);
  /// Review mode: shows the task's first prediction, regions coloured by score and those
  /// under the project's review threshold flagged; toggling again shows this annotator's own
  /// annotation.
  void toggle_review();
  /// Selects region `index` of the shown result (-1 clears the selection).
  void select_region(int index);
  /// Moves the selection to the next (delta 1) or previous drawable region.
  void cycle_selection(int delta);
  void fit_view_to_canvas();
  void actual_size_view_in_canvas();

  // Editing (frontend/app/editing.cpp). Edits go into the annotation of annotator() on the
  // current task (created on the first edit); each edit is an event of the core's event
  // model (localabel/event.h) handed to the platform for durable storage.
  void set_tool(Tool tool);
  void undo();
  void redo();
  void delete_selected();
  /// Moves the selected region by (dx, dy) pixels of the original image.
  void nudge_selected(double dx, double dy);
  // Work flow (frontend/app/editing.cpp). The seconds a task is shown count towards its lead
  // time (a frame counts at most 5 s, so a hidden tab adds little).
  /// Submits this annotator's annotation of the current task (an empty one when nothing was
  /// drawn) as a submit event with the lead time: the seconds the task was shown since its
  /// last submit or skip, added to the lead time it had. Then shows the next task not yet
  /// submitted or skipped (the learner's queue order when there is one, else file order).
  /// Not undoable: submitting again updates the lead time.
  void submit_task();
  /// As submit_task, recorded as skipped (Label Studio was_cancelled).
  void skip_task();
  /// This annotator's progress on a task.
  TaskProgress progress(const Task& task) const;
  /// Review: copies the shown prediction's regions into this annotator's annotation (unless
  /// taken before) as pending pre-annotations (score kept, origin "prediction"; one edit) and shows
  /// the annotation. There A accepts (drops the score), any change edits (origin
  /// "prediction-changed", score dropped) and Delete rejects.
  void edit_prediction();
  /// What became of region `region` of the shown prediction (kNone when a prediction is not
  /// shown).
  ReviewDecision review_decision(const Region& region) const;
  /// Gives the selected regions `label` (those of the primary selection's label set).
  void relabel_selected(const std::string& label);
  /// Copies the selected regions of the shown result; paste adds copies moved by 10 image
  /// pixels to the current image task as one edit.
  void copy_selected();
  void paste();
  void select_all();
  /// Toggles hidden / locked on the selected regions (one edit).
  void toggle_hidden_selected();
  void toggle_locked_selected();
  /// Moves the selected region to the end (drawn last, on top of its kind) or the start.
  void bring_to_front();
  void send_to_back();
  /// Brush diameter in image pixels, clamped to [1, 200].
  void set_brush_size(int diameter);
  /// Runs the command bound to a shortcut.
  void run_action(Action action);
  /// The plain letter and digit keys that run a command: {"p": "Polygon tool", ...}.
  std::string command_keys_json() const;
  /// Saves the key map through the platform (and loads it on start).
  void save_key_map();
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

  // Active learning (frontend/app/model_panel.cpp).
  /// A hotkey of the learner's choice set labels a text task and moves on in the queue (tried
  /// before label hotkeys; the Model panel and accepting a prediction are remappable actions).
  /// Returns whether the key was used.
  bool handle_model_key(int key, bool shift);
  /// Gives the current task the choice `label` of label set `set_name` (one undoable edit)
  /// and moves to the next unlabelled task of the queue.
  void choose_label(const std::string& set_name, const std::string& label);
  /// Accepts predictions: on a shown prediction, its selected regions (the prediction stays
  /// shown, the next undecided region selected) or without a selection all of them (then the
  /// queue moves on), copied into this annotator's annotation without their score and with
  /// origin "prediction" (a choice replaces the annotator's choice of the same set); on this
  /// annotator's annotation, its pending pre-annotations (accept_pending). One edit.
  void accept_prediction();
  /// Selects the first task of the learner's queue not yet labelled by this annotator; without
  /// a queue, the next unlabelled task in file order.
  void advance_queue();
  /// The queue order proposed by the learner: a JSON array of task ids, first = label first.
  /// Errors: kInvalidJson, kWrongType, kUnknownReference (path "queue[k]"); the old order stays.
  Status set_queue_order(std::string_view json_text);
  /// The learner's pre-labels, as the project's predictions (model_version
  /// kLearnerModelVersion, replaced on every call): a JSON array of {"task": id, "label":
  /// name of the learner's label set, "score": probability in [0, 1]}. Nothing changes on
  /// error: kInvalidJson, kWrongType, kUnknownReference, kOutOfRange (path
  /// "predictions[k].field"), kUnsupported (no choice label set).
  Status set_predictions(std::string_view json_text);
  /// What the learner reports (JSON object: phase, message, progress 0..1, labelled, classes,
  /// retrains, accuracy or null, accuracy_method, train_ms); unknown fields are ignored.
  Status set_model_status(std::string_view json_text);
  /// Small JSON polled by the page: panel settings (strategy, retrain_every,
  /// settings_version), edit_version, the learner's status and the head of the queue.
  std::string model_json() const;
  /// The learner's label set ({name, to_name, labels}) or null; the text tasks [{id, text,
  /// index (in the project)}]; total (tasks in the project); and the text tasks' embeddings
  /// ({cols, data}) when they have data.embedding, or embeddings_error saying where not.
  std::string model_data_json() const;
  /// This annotator's labels of text tasks: [[task id, index in the label set], ...].
  std::string model_labels_json() const;

 private:
  void handle_keys(const FrameInput& input);
  bool handle_fixed_key(int key, bool shift);
  void draw_help();
  bool is_selected(int index, const Region& r) const;
  /// Indices of the selected regions of the shown result, primary first.
  std::vector<int> selection() const;
  void clear_selection();
  void toggle_selected(int index);
  /// Per-region drawing data of the shown result (colour, flags, layer order), rebuilt when
  /// the regions change instead of every frame.
  void refresh_region_cache();
  void select_ids(const std::vector<std::string>& ids);
  void finish_stroke(const Task& task);
  void commit_group(EditGroup group);
  void toggle_flag_selected(const char* flag);
  /// A side panel's width as the user set it (negative: automatic) and whether it is hidden.
  struct SidePanel {
    float width = -1;
    bool collapsed = false;
  };
  SidePanel list_panel_, details_panel_;
  /// A hidden panel: a narrow strip with the button that shows it again.
  void draw_collapsed_panel(const char* name, ImVec2 pos, float height, SidePanel& panel);
  /// The button at the end of a panel's first line that hides it (reported as "panel").
  void collapse_button(const char* name, SidePanel& panel, bool left);
  /// The strip at x over a panel's inner edge; dragging it sets the panel's width (sign: +1 for
  /// the left panel, -1 for the right one).
  void draw_splitter(const char* id, float x, float height, SidePanel& panel, int sign);
  void draw_task_list(ImVec2 pos, ImVec2 size);
  void draw_details(ImVec2 pos, ImVec2 size);
  void draw_canvas(ImVec2 pos, ImVec2 size);
  void draw_image_task(const Task& task, ImVec2 min, ImVec2 max);
  void draw_text_task(const Task& task, ImVec2 min, ImVec2 max);
  /// Text selection keys (frontend/app/text_view.cpp): Shift+Left/Right extend the selection
  /// from the caret; with a selection, a span label's hotkey or Enter (the current span label)
  /// makes a span of it and Escape drops it. Returns whether the key was used.
  bool handle_text_key(int key, bool shift);
  /// Sets this annotator's choices of choice set `set_name` on the current task to `labels`
  /// (empty: removes them) as one undoable edit. Returns 1 when committed, 0 when they were
  /// already so, -1 when there is no such set or the edit was refused.
  int set_choices(const std::string& set_name, const std::vector<std::string>& labels);
  /// The Details panel's choice editor: every choice set of the task's object, as radio
  /// buttons (single) or checkboxes (multiple).
  void draw_choice_editor(const Task& task);
  /// This annotator's labels of choice set `set_name` on the current task (empty: none).
  std::vector<std::string> my_choices(const std::string& set_name) const;
  /// Chooses `label` of choice set `set` on the current task: one of several is toggled; a
  /// single choice is set (or cleared when it was chosen and `clear_if_chosen`). One undoable
  /// edit; this annotator's annotation is then shown.
  void toggle_choice(const LabelSet& set, const std::string& label, bool clear_if_chosen = false);
  /// Adds a span [start, end) (code points of the current text task) with `label` of span set
  /// `set_name` to this annotator's annotation: one undoable edit.
  void add_span(int64_t start, int64_t end, const std::string& set_name, const std::string& label);
  void draw_status_bar(ImVec2 pos, ImVec2 size);
  /// Whether image tasks get the tool bar (the project has a set of a drawn kind).
  bool has_tool_bar() const;
  /// The tool bar (frontend/app/tool_bar.cpp): tools with their keys, the label the next
  /// region gets, the brush size; all clickable.
  void draw_tool_bar(ImVec2 min, ImVec2 max);
  /// The labels of the selected region's set, with their keys; a click relabels the selection.
  /// Draws nothing (false) without a selection in this annotator's shown annotation. Returns
  /// whether a label was picked. `menu`: in the right-click menu (reported under set "menu").
  bool draw_label_picker(bool menu = false);
  void request_images_near_current();
  const std::vector<Region>* shown_regions() const;
  void rebuild_mask_textures(const Task& task);
  void handle_image_mouse(const Task& task, ImVec2 min, ImVec2 max, double sx, double sy);
  /// Label hotkeys: the selected region's set, else the active tool's; else a choice set of the
  /// task's object (a single choice is set, one of several toggled). Returns whether used.
  bool handle_label_key(int key, bool shift);
  /// Whether `key` (with Shift or not) types the hotkey of `label` (KeyMap::label_chord: a
  /// hotkey whose plain key runs a command is typed with Shift). Without a clash Shift is
  /// optional.
  bool label_key_pressed(const Label& label, int key, bool shift) const;
  /// The name of a label's key for buttons and lists ("1", "Shift+P"; "" without one).
  std::string label_key_name(const Label& label) const;
  /// The labels whose hotkey clashes with a command's key, as one sentence ("" when none).
  std::string hotkey_clash_note() const;
  /// The label whose hotkey `key` types, as "\"Person\" (set label)"; "" when none.
  std::string label_holding_key(int key) const;
  std::string label_for_new(RegionKind kind, std::string* from_name) const;
  void original_size(const Task& task, int* width, int* height) const;
  /// Index of the editable annotation of the current task; -1 when none (and !create).
  int my_annotation(bool create);
  bool shown_is_mine() const;
  /// Applies `step.after` to the current project and logs it as an event with `op`.
  void apply_step(const EditStep& step, bool forward, const char* op, int part, int parts);
  void commit(EditStep step);
  void add_region(Region region);
  /// Records a submit or skip of the current task and moves on (submit_task, skip_task).
  void finish_task(EventType type);
  /// Sets an annotation's status and lead time from a submit or skip event.
  static void apply_progress(Annotation& annotation, const Event& event);
  /// Hands an event record to the platform for durable storage and lists it as pending.
  void store_record(const Event& event, const Json& record);
  /// The steps that copy the shown prediction's regions into this annotator's annotation as
  /// pending pre-annotations; none when a region of it was taken before (the prediction is
  /// taken once, so that a rejected region stays out).
  EditGroup pre_annotation_steps() const;
  /// Accepts the selected pending pre-annotations of this annotator's shown annotation, or all
  /// of them without a selection (one edit). Returns whether anything was accepted.
  bool accept_pending();

  // Text selection in code points of the current text task: [min(anchor, caret),
  // max(anchor, caret)); -1 = none. The layout of the last frame maps the mouse to them.
  struct TextSelection {
    int task = -1;  ///< the task it belongs to; another task drops it
    int64_t anchor = -1, caret = -1;
    bool dragging = false;
    int pressed_span = -1;  ///< region index of a span under the press (a click selects it)
  };
  struct TextLineLayout {
    int64_t start = 0, end = 0;  ///< code points shown on the line
    float y = 0, height = 0;
    std::vector<float> xs;  ///< x of every code point boundary start..end
  };
  TextSelection text_selection_;
  std::vector<TextLineLayout> text_layout_;

  // Editing state.
  std::string annotator_ = "me";                 ///< see annotator()
  std::map<std::string, double> shown_seconds_;  ///< by task id, since its last submit/skip
  Tool tool_ = Tool::kSelect;
  std::map<RegionKind, std::string> current_label_;
  std::map<std::string, UndoStacks> stacks_;  ///< by task id
  uint64_t next_seq_ = 1;
  uint64_t edit_version_ = 0;  ///< bumped by every change of regions (drawing caches key on it)
  uint64_t acked_ = 0;
  uint64_t replayed_ = 0;
  uint64_t replay_skipped_ = 0;
  std::set<uint64_t> pending_;
  std::string store_error_;
  Json log_summary_ = Json::array();  ///< {seq, type, region, acked} of every event
  enum class Drag { kNone, kDrawBox, kMove, kResize, kRotate, kVertex, kBand, kPaint };
  Drag drag_ = Drag::kNone;
  int drag_corner_ = 0;
  Region drag_before_;
  ImVec2 drag_start_{0, 0};  ///< image pixels (original image) where the drag began
  std::vector<Point> polygon_draft_;
  std::set<std::string> also_selected_;  ///< ids selected besides the primary selected_
  std::vector<Region> clipboard_;
  int brush_size_ = 12;        ///< brush and eraser diameter in image pixels
  std::vector<Point> stroke_;  ///< the current brush stroke (pixel centres)
  ImVec2 band_start_{0, 0};    ///< screen point where a rubber band began
  KeyMap keys_;
  bool help_open_ = false;
  int capturing_ = -1;                          ///< action whose new key is awaited; -1 = none
  std::map<std::string, ImVec4> help_buttons_;  ///< "change" buttons by action id (x, y, w, h)
  char region_filter_[64] = "";
  ImVec4 filter_rect_{0, 0, 0, 0};      ///< the filter box on screen (x, y, w, h)
  ImVec2 rotate_handle_{-1e9f, -1e9f};  ///< screen position of the selected box's handle
  struct RegionLook {
    ImU32 color;
    bool hidden, locked;
  };
  std::vector<RegionLook> looks_;
  RegionLayer layer_;
  /// What the region layer was built for; rebuilt when any of it changes.
  struct LayerKey {
    uint64_t version = ~uint64_t{0};
    int task = -1;
    bool prediction = false;
    int source = -1;
    float scale = 0, offset_x = 0, offset_y = 0;
    float min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    bool moving = false;  ///< the selected regions are being changed in place (drawn apart)
    bool operator==(const LayerKey&) const = default;
  };
  LayerKey layer_key_;
  // What the region layer's build found per region (index into the shown regions): 1 = a
  // small box reported as is (its DrawnRegion in layer_report_), 2 = off screen, 0 = anything
  // else. Until the layer is rebuilt, such regions cost nothing per frame unless selected.
  std::vector<uint8_t> layer_common_;
  std::vector<DrawnRegion> layer_report_;
  std::vector<int> order_;  ///< shown regions in drawing order (layer, then file order)
  std::vector<uint8_t> unhittable_;
  uint64_t looks_version_ = ~uint64_t{0};
  int looks_task_ = -1;
  ShownSource looks_source_;

  Project project_;
  std::vector<LabelSet> configured_label_sets_;  ///< from a label configuration file
  bool loaded_ = false;
  LabelColors colors_;
  int current_ = -1;  ///< index of the shown task; -1 = none
  ShownSource source_;
  int selected_ = -1;  ///< index into the shown result's regions; -1 = none
  ViewTransform view_;
  bool fit_pending_ = true;
  bool view_fitted_ = false;  ///< the view is the fitted one (refitted when the area resizes)
  ImVec2 fitted_area_{0, 0};  ///< the image area it was fitted to
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
  float wheel_x_ = 0;
  double wheel_total_ = 0;
  bool scroll_list_to_current_ = false;
  float page_bar_width_ = 0;  ///< see set_page_bar_width
  FrameReport report_;
  ModelPanelState model_;
  /// The choice label set the learner predicts; null when the project has none.
  const LabelSet* learner_label_set() const;
  void draw_model_panel();
  void draw_labelling_functions(const LabelSet& set);
  std::vector<int> listed_;  ///< region indices of the details list (reused each frame)
  /// review_decision's answers for the shown prediction, by region id, and for what.
  struct ReviewCache {
    uint64_t version = ~uint64_t{0};
    int task = -1, source = -1;
    std::string annotator;
    std::unordered_map<std::string, ReviewDecision> by_id;
    bool taken = false;
  };
  mutable ReviewCache review_cache_;
  /// review_cache_ brought up to date (a prediction of the current task is shown).
  const ReviewCache& review_state() const;
};

}  // namespace localabel::app
