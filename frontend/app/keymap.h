// Remappable keyboard shortcuts: the app's commands, their default keys, and the mapping the
// annotator chose (saved by the platform, restored on start).
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace localabel::app {

/// Commands that have a remappable shortcut.
enum class Action {
  kNextTask,
  kFit,
  kActualSize,
  kReview,
  kNextSource,
  kPrevSource,
  kBoxTool,
  kKeypointTool,
  kPolygonTool,
  kBrushTool,
  kEraserTool,
  kBrushSmaller,
  kBrushLarger,
  kUndo,
  kRedo,
  kRedoAlt,
  kExport,
  kCopy,
  kPaste,
  kSelectAll,
  kHide,
  kLock,
  kToFront,
  kToBack,
  kHelp,
  kHelpAlt,
  kModelPanel,
  kAcceptPrediction,
  kPrevTask,
  kSubmit,
  kSkip,
  kEditPrediction,
  kCount
};

constexpr int kActionCount = static_cast<int>(Action::kCount);

/// A key with its modifiers. key is a GLFW key code; 0 means unbound.
struct KeyChord {
  int key = 0;
  bool ctrl = false;
  bool shift = false;
  bool operator==(const KeyChord&) const = default;
};

/// Stable name of an action (used in the saved mapping and by tests), e.g. "undo".
const char* action_id(Action action);
/// What the action does, for the help overlay.
const char* action_description(Action action);
/// The default chord of an action.
KeyChord default_chord(Action action);
/// A readable name of a chord, e.g. "Ctrl+Shift+Z", "F1", "-"; "(none)" when unbound.
std::string chord_name(const KeyChord& chord);
/// A readable name of a GLFW key code ("A", "F1", "Delete", "]"); "?" when unknown.
std::string key_name(int key);
/// True when GLFW key code `key` types the label hotkey `hotkey` (one letter, either case, or
/// one digit). Other keys type no hotkey.
bool is_hotkey(std::string_view hotkey, int key);

/// The current mapping from actions to chords.
class KeyMap {
 public:
  KeyMap();
  KeyChord chord(Action action) const { return chords_[static_cast<int>(action)]; }
  /// Binds `chord` to `action`; another action bound to the same chord becomes unbound.
  void set(Action action, const KeyChord& chord);
  /// Restores every default.
  void reset();
  /// The action bound to exactly this chord, or Action::kCount.
  Action find(const KeyChord& chord) const;
  /// The mapping as JSON text: {"<action id>": [key, ctrl, shift], ...}.
  std::string to_json() const;
  /// Applies a mapping saved by to_json. Unknown actions and malformed entries are ignored;
  /// returns the number of entries applied.
  int apply_json(std::string_view text);

 private:
  std::array<KeyChord, kActionCount> chords_;
};

}  // namespace localabel::app
