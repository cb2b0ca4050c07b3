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

/// The key that types a label hotkey. A label hotkey never takes a key from a command: when
/// its plain key runs an action (P is the polygon tool), the label's key moves under Shift
/// (Shift+P) and `clash` names the action; when Shift+key is an action's chord too, the label
/// has no key (key 0).
struct HotkeyChord {
  int key = 0;  ///< GLFW key code; 0 = the label has no usable key
  bool shift = false;
  Action clash = Action::kCount;  ///< the action that holds the plain key; kCount = none
};
/// "1", "Shift+P"; "" for a label without a usable key.
std::string hotkey_chord_name(const HotkeyChord& chord);

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
  /// The action bound to the plain key (no Ctrl, no Shift) that types label hotkey `hotkey`, or
  /// Action::kCount.
  Action plain_owner(std::string_view hotkey) const;
  /// The key of a label hotkey under this mapping (see HotkeyChord).
  HotkeyChord label_chord(std::string_view hotkey) const;
  /// The mapping as JSON text: {"<action id>": [key, ctrl, shift], ...}.
  std::string to_json() const;
  /// Applies a mapping saved by to_json. Unknown actions and malformed entries are ignored;
  /// returns the number of entries applied.
  int apply_json(std::string_view text);

 private:
  std::array<KeyChord, kActionCount> chords_;
};

}  // namespace localabel::app
