#include "app/keymap.h"

#include <GLFW/glfw3.h>

#include "localabel/project.h"

namespace localabel::app {

namespace {

struct ActionInfo {
  const char* id;
  const char* description;
  KeyChord chord;
};

// In the order of enum Action.
constexpr ActionInfo kActions[kActionCount] = {
    {"next_task", "Next task", {GLFW_KEY_J, false, false}},
    {"fit", "Fit the image to the view", {GLFW_KEY_F, false, false}},
    {"actual_size", "Zoom to 100 %", {GLFW_KEY_0, false, false}},
    {"review", "Review mode (predictions by score)", {GLFW_KEY_R, false, false}},
    {"next_source", "Next annotation or prediction", {GLFW_KEY_RIGHT_BRACKET, false, false}},
    {"prev_source", "Previous annotation or prediction", {GLFW_KEY_LEFT_BRACKET, false, false}},
    {"box_tool", "Box tool", {GLFW_KEY_B, false, false}},
    {"keypoint_tool", "Keypoint tool", {GLFW_KEY_K, false, false}},
    {"polygon_tool", "Polygon tool", {GLFW_KEY_P, false, false}},
    {"brush_tool", "Brush tool (mask)", {GLFW_KEY_G, false, false}},
    {"eraser_tool", "Eraser tool (mask)", {GLFW_KEY_X, false, false}},
    {"brush_smaller", "Smaller brush", {GLFW_KEY_MINUS, false, false}},
    {"brush_larger", "Larger brush", {GLFW_KEY_EQUAL, false, false}},
    {"undo", "Undo", {GLFW_KEY_Z, true, false}},
    {"redo", "Redo", {GLFW_KEY_Z, true, true}},
    {"redo_alt", "Redo (second key)", {GLFW_KEY_Y, true, false}},
    {"export", "Export Label Studio JSON", {GLFW_KEY_E, true, false}},
    {"copy", "Copy the selected regions", {GLFW_KEY_C, true, false}},
    {"paste", "Paste regions (offset by 10 px)", {GLFW_KEY_V, true, false}},
    {"select_all", "Select every region", {GLFW_KEY_A, true, false}},
    {"hide", "Hide / show the selected regions", {GLFW_KEY_H, false, false}},
    {"lock", "Lock / unlock the selected regions", {GLFW_KEY_H, false, true}},
    {"to_front", "Bring the selected region to the front", {GLFW_KEY_RIGHT_BRACKET, true, false}},
    {"to_back", "Send the selected region to the back", {GLFW_KEY_LEFT_BRACKET, true, false}},
    {"help", "Show / hide this help", {GLFW_KEY_F1, false, false}},
    {"help_alt", "Show / hide this help (second key)", {GLFW_KEY_SLASH, false, false}},
    {"model_panel",
     "Model panel (active learning: queue order, training, held-out accuracy)",
     {GLFW_KEY_M, false, false}},
    {"accept_prediction",
     ("Accept: the selected regions of the shown prediction or your pending pre-annotations; "
      "without a selection, all of them (a prediction: and go on)"),
     {GLFW_KEY_A, false, false}},
    {"prev_task", "Previous task", {GLFW_KEY_J, false, true}},
    {"submit",
     "Submit the task (records the time spent) and go to the next one",
     {GLFW_KEY_ENTER, true, false}},
    {"skip",
     "Skip the task (recorded as skipped) and go to the next one",
     {GLFW_KEY_SPACE, true, false}},
    {"edit_prediction",
     ("Review the shown prediction in your annotation: its regions become pending "
      "pre-annotations to accept (A), edit or reject (Delete)"),
     {GLFW_KEY_E, false, false}},
};

}  // namespace

const char* action_id(Action action) { return kActions[static_cast<int>(action)].id; }

const char* action_description(Action action) {
  return kActions[static_cast<int>(action)].description;
}

KeyChord default_chord(Action action) { return kActions[static_cast<int>(action)].chord; }

bool is_hotkey(std::string_view hotkey, int key) {
  if (hotkey.size() != 1) return false;
  char c = hotkey[0];
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');  // GLFW letter codes are 'A'..'Z'
  const bool typable =
      (key >= GLFW_KEY_A && key <= GLFW_KEY_Z) || (key >= GLFW_KEY_0 && key <= GLFW_KEY_9);
  return typable && c == key;
}

std::string key_name(int key) {
  if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z) return std::string(1, static_cast<char>(key));
  if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) return std::string(1, static_cast<char>(key));
  if (key >= GLFW_KEY_F1 && key <= GLFW_KEY_F12) return "F" + std::to_string(key - GLFW_KEY_F1 + 1);
  switch (key) {
    case GLFW_KEY_MINUS:
      return "-";
    case GLFW_KEY_EQUAL:
      return "=";
    case GLFW_KEY_LEFT_BRACKET:
      return "[";
    case GLFW_KEY_RIGHT_BRACKET:
      return "]";
    case GLFW_KEY_SLASH:
      return "/";
    case GLFW_KEY_BACKSLASH:
      return "\\";
    case GLFW_KEY_COMMA:
      return ",";
    case GLFW_KEY_PERIOD:
      return ".";
    case GLFW_KEY_SEMICOLON:
      return ";";
    case GLFW_KEY_APOSTROPHE:
      return "'";
    case GLFW_KEY_GRAVE_ACCENT:
      return "`";
    case GLFW_KEY_SPACE:
      return "Space";
    case GLFW_KEY_ENTER:
      return "Enter";
    case GLFW_KEY_TAB:
      return "Tab";
    case GLFW_KEY_DELETE:
      return "Delete";
    case GLFW_KEY_BACKSPACE:
      return "Backspace";
    case GLFW_KEY_INSERT:
      return "Insert";
    case GLFW_KEY_HOME:
      return "Home";
    case GLFW_KEY_END:
      return "End";
    case GLFW_KEY_PAGE_UP:
      return "PgUp";
    case GLFW_KEY_PAGE_DOWN:
      return "PgDn";
    case GLFW_KEY_LEFT:
      return "Left";
    case GLFW_KEY_RIGHT:
      return "Right";
    case GLFW_KEY_UP:
      return "Up";
    case GLFW_KEY_DOWN:
      return "Down";
    default:
      return "?";
  }
}

std::string chord_name(const KeyChord& chord) {
  if (chord.key == 0) return "(none)";
  // Shift+/ is what the keyboard writes as '?', and a Shift chord without a binding of its
  // own runs the plain key's action.
  if (chord.key == GLFW_KEY_SLASH && !chord.shift && !chord.ctrl) return "? or /";
  std::string s;
  if (chord.ctrl) s += "Ctrl+";
  if (chord.shift) s += "Shift+";
  return s + key_name(chord.key);
}

KeyMap::KeyMap() { reset(); }

void KeyMap::reset() {
  for (int i = 0; i < kActionCount; ++i) chords_[i] = kActions[i].chord;
}

void KeyMap::set(Action action, const KeyChord& chord) {
  for (KeyChord& c : chords_)
    if (chord.key != 0 && c == chord) c = KeyChord{};
  chords_[static_cast<int>(action)] = chord;
}

Action KeyMap::find(const KeyChord& chord) const {
  if (chord.key == 0) return Action::kCount;
  for (int i = 0; i < kActionCount; ++i)
    if (chords_[i] == chord) return static_cast<Action>(i);
  return Action::kCount;
}

Action KeyMap::plain_owner(std::string_view hotkey) const {
  for (int i = 0; i < kActionCount; ++i)
    if (!chords_[i].ctrl && !chords_[i].shift && is_hotkey(hotkey, chords_[i].key))
      return static_cast<Action>(i);
  return Action::kCount;
}

HotkeyChord KeyMap::label_chord(std::string_view hotkey) const {
  HotkeyChord out;
  if (hotkey.size() != 1) return out;
  char c = hotkey[0];
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return out;
  out.key = c;  // GLFW codes of letters and digits are their upper-case ASCII codes
  out.clash = plain_owner(hotkey);
  if (out.clash == Action::kCount) return out;
  out.shift = true;
  // A Shift chord bound to an action of its own runs that action: the label has no key left.
  if (find(KeyChord{out.key, false, true}) != Action::kCount) out.key = 0;
  return out;
}

std::string hotkey_chord_name(const HotkeyChord& chord) {
  if (chord.key == 0) return "";
  return (chord.shift ? "Shift+" : "") + key_name(chord.key);
}

std::string KeyMap::to_json() const {
  Json j = Json::object();
  for (int i = 0; i < kActionCount; ++i)
    j[kActions[i].id] = Json::array({chords_[i].key, chords_[i].ctrl, chords_[i].shift});
  return j.dump();
}

int KeyMap::apply_json(std::string_view text) {
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return 0;
  int applied = 0;
  for (int i = 0; i < kActionCount; ++i) {
    auto it = j.find(kActions[i].id);
    if (it == j.end() || !it->is_array() || it->size() != 3) continue;
    const Json& a = *it;
    if (!a[0].is_number_integer() || !a[1].is_boolean() || !a[2].is_boolean()) continue;
    const int key = a[0].get<int>();
    if (key != 0 && (key < GLFW_KEY_SPACE || key > GLFW_KEY_LAST)) continue;
    chords_[i] = KeyChord{key, a[1].get<bool>(), a[2].get<bool>()};
    ++applied;
  }
  return applied;
}

}  // namespace localabel::app
