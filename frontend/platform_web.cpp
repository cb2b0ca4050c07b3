// Everything that talks to the browser: the GLFW/WebGL2 window, the main loop, the font
// bytes fetched by the page, images decoded by the page, and the functions the page (and
// the end-to-end tests) call. The page is frontend/web/main.mjs.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/platform.h"
#include "app/tiles.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace {

GLFWwindow* g_window = nullptr;
std::unique_ptr<localabel::app::App> g_app;
std::string g_state;                 // last string handed to JS by la_state_json
localabel::app::FrameInput g_input;  // events since the last frame

// ImGui 1.86 sees the keys that are down when a frame starts, so a key pressed and released
// between two frames (a quick tap, or a chord typed faster than a frame) would be lost to its
// widgets. Such a release is handed to ImGui after the next frame instead.
struct HeldRelease {
  int key, scancode, mods;
};
std::vector<HeldRelease> g_held_releases;
std::vector<int> g_pressed_this_frame;

// Replaces ImGui's key callback: records presses with their modifiers for the app, then
// updates ImGui (releases of keys pressed in this frame wait for the next one).
void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  if (action == GLFW_PRESS || action == GLFW_REPEAT) {
    // Emscripten's GLFW sets the mod bits from the left-hand modifier keys only.
    auto held = [&](int mod, int right_key) {
      return (mods & mod) != 0 || glfwGetKey(window, right_key) == GLFW_PRESS;
    };
    g_input.keys_pressed.push_back({key, held(GLFW_MOD_CONTROL, GLFW_KEY_RIGHT_CONTROL),
                                    held(GLFW_MOD_SHIFT, GLFW_KEY_RIGHT_SHIFT),
                                    held(GLFW_MOD_ALT, GLFW_KEY_RIGHT_ALT),
                                    held(GLFW_MOD_SUPER, GLFW_KEY_RIGHT_SUPER)});
    if (action == GLFW_PRESS) g_pressed_this_frame.push_back(key);
  }
  if (action == GLFW_RELEASE && std::find(g_pressed_this_frame.begin(), g_pressed_this_frame.end(),
                                          key) != g_pressed_this_frame.end()) {
    g_held_releases.push_back({key, scancode, mods});
    return;
  }
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

// After a frame: the held releases reach ImGui, which sees those keys up in the next frame.
void release_held_keys() {
  g_pressed_this_frame.clear();
  std::vector<HeldRelease> releases;
  releases.swap(g_held_releases);
  for (const HeldRelease& r : releases)
    ImGui_ImplGlfw_KeyCallback(g_window, r.key, r.scancode, GLFW_RELEASE, r.mods);
}
// Emscripten 3.1.6's GLFW passes the DOM wheel event's deltaX/deltaY (pixels, positive =
// down) where desktop GLFW passes steps (positive = up). Convert to steps of 100 pixels
// (what the browser library uses elsewhere) before the app and ImGui see them.
void on_scroll(GLFWwindow* window, double x, double y) {
  const double steps_x = -x / 100.0, steps_y = -y / 100.0;
  g_input.wheel += static_cast<float>(steps_y);
  g_input.wheel_x += static_cast<float>(steps_x);
  ImGui_ImplGlfw_ScrollCallback(window, steps_x, steps_y);
}
ImVector<ImWchar> g_glyph_ranges;

// Sizes the canvas to (w, h) CSS pixels and tells GLFW through the browser library's resize
// listeners. glfwSetWindowSize is not used: emscripten's GLFW asks for fullscreen whenever the
// size equals the screen's (a full-screen or kiosk window), which the page never wants.
EM_JS(void, la_js_set_canvas_size, (int w, int h), { Browser.setCanvasSize(w, h); });

void fit_canvas_to_page() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  int w = 0, h = 0;
  glfwGetWindowSize(g_window, &w, &h);
  if (static_cast<int>(css_w) != w || static_cast<int>(css_h) != h)
    la_js_set_canvas_size(static_cast<int>(css_w), static_cast<int>(css_h));
}

// What a frame would draw: the canvas size, every draw list's vertices, indices and commands,
// the region layer's generation and the texture uploads so far. Equal signatures draw the same
// pixels (but for a 64-bit collision).
uint64_t g_last_signature = 0;

uint64_t frame_signature(const ImDrawData* data, int width, int height) {
  uint64_t h = 0x9E3779B97F4A7C15ull;
  auto mix_word = [&h](uint64_t v) {
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  };
  auto mix_bytes = [&](const void* p, size_t n) {
    const unsigned char* b = static_cast<const unsigned char*>(p);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t v;
      std::memcpy(&v, b + i, 8);
      mix_word(v);
    }
    uint64_t tail = 0;
    if (n > i) std::memcpy(&tail, b + i, n - i);
    mix_word(tail ^ (static_cast<uint64_t>(n) << 56));
  };
  mix_word(static_cast<uint64_t>(static_cast<uint32_t>(width)) << 32 |
           static_cast<uint32_t>(height));
  mix_word(g_app->layer_generation());
  mix_word(localabel::app::texture_uploads());
  for (int l = 0; l < data->CmdListsCount; ++l) {
    const ImDrawList* list = data->CmdLists[l];
    mix_bytes(list->VtxBuffer.Data, static_cast<size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
    mix_bytes(list->IdxBuffer.Data, static_cast<size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
    for (const ImDrawCmd& c : list->CmdBuffer) {
      mix_bytes(&c.ClipRect, sizeof c.ClipRect);
      mix_word(reinterpret_cast<uintptr_t>(c.TextureId));
      mix_word(static_cast<uint64_t>(c.ElemCount) << 32 | c.IdxOffset);
      mix_word(c.VtxOffset);
      mix_word(reinterpret_cast<uintptr_t>(c.UserCallback));
      mix_word(reinterpret_cast<uintptr_t>(c.UserCallbackData));
    }
  }
  return h;
}

void frame() {
  const double t0 = emscripten_get_now();
  fit_canvas_to_page();
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  const double t1 = emscripten_get_now();
  g_app->frame(g_input);
  g_input = localabel::app::FrameInput{};
  const double t2 = emscripten_get_now();
  ImGui::Render();
  int w, h;
  glfwGetFramebufferSize(g_window, &w, &h);
  // A frame that would show exactly what the canvas shows is not drawn: an idle page then
  // costs no GL work (with a software renderer, most of a frame's CPU).
  const uint64_t signature = frame_signature(ImGui::GetDrawData(), w, h);
  const bool skip = signature == g_last_signature;
  if (!skip) {
    g_last_signature = signature;
    glViewport(0, 0, w, h);
    glClearColor(0.09f, 0.09f, 0.11f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  const double t3 = emscripten_get_now();
  g_app->set_last_frame_ms(t3 - t0);
  g_app->set_last_frame_parts(t2 - t1, t3 - t2);
  g_app->set_last_frame_skipped(skip);
  release_held_keys();
}

}  // namespace

namespace localabel::app {

EM_JS(void, la_js_request_image, (int task_index, const char* url), {
  if (Module.onImageRequest) Module.onImageRequest(task_index, UTF8ToString(url));
});

void platform_request_image(int task_index, const std::string& url) {
  la_js_request_image(task_index, url.c_str());
}

EM_JS(void, la_js_request_image_tile,
      (int task_index, int level, int tx, int ty, int x, int y, int w, int h, int out_w, int out_h),
      {
        if (Module.onImageTileRequest)
          Module.onImageTileRequest(task_index, level, tx, ty, x, y, w, h, out_w, out_h);
      });

void platform_request_image_tile(int task_index, const TileKey& key, const TileRect& rect) {
  la_js_request_image_tile(task_index, key.level, key.tx, key.ty, rect.x, rect.y, rect.w, rect.h,
                           rect.out_w, rect.out_h);
}

double platform_now_ms() { return emscripten_get_now(); }

EM_JS(void, la_js_store_event, (double seq, const char* record), {
  if (Module.onStoreEvent) Module.onStoreEvent(seq, UTF8ToString(record));
});

void platform_store_event(uint64_t seq, const std::string& record) {
  la_js_store_event(static_cast<double>(seq), record.c_str());
}

EM_JS(void, la_js_download, (const char* name, const char* text), {
  if (Module.onDownload) Module.onDownload(UTF8ToString(name), UTF8ToString(text));
});

void platform_download(const std::string& file_name, const std::string& text) {
  la_js_download(file_name.c_str(), text.c_str());
}

double platform_wall_ms() { return emscripten_date_now(); }

EM_JS(void, la_js_save_setting, (const char* name, const char* value), {
  try {
    localStorage.setItem('localabel:' + UTF8ToString(name), UTF8ToString(value));
  } catch (e) {
    console.warn('setting not saved: ' + e);
  }
});

// Returns a malloc'ed UTF-8 copy of the setting (the caller frees it), or 0 when absent.
EM_JS(char*, la_js_load_setting, (const char* name), {
  let value = null;
  try {
    value = localStorage.getItem('localabel:' + UTF8ToString(name));
  } catch (e) {
    value = null;
  }
  if (value == null) return 0;
  const size = lengthBytesUTF8(value) + 1;
  const ptr = _malloc(size);
  stringToUTF8(value, ptr, size);
  return ptr;
});

void platform_save_setting(const std::string& name, const std::string& value) {
  la_js_save_setting(name.c_str(), value.c_str());
}

std::string platform_load_setting(const std::string& name) {
  char* text = la_js_load_setting(name.c_str());
  if (text == nullptr) return std::string();
  std::string out(text);
  std::free(text);
  return out;
}

}  // namespace localabel::app

extern "C" {

/// Creates the window and starts the main loop. `font` (may be null) is a TTF file of
/// `font_size` bytes, kept by the caller for the module's lifetime. Returns 0 on success.
EMSCRIPTEN_KEEPALIVE int la_start(const uint8_t* font, int font_size) {
  if (g_window != nullptr) return 0;
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  g_window = glfwCreateWindow(1280, 800, "Localabel", nullptr, nullptr);
  if (g_window == nullptr) return 2;
  glfwMakeContextCurrent(g_window);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is fixed; nothing to persist here
  ImGui::StyleColorsDark();
  if (font != nullptr && font_size > 0) {
    // Latin (with extensions), Greek, Cyrillic, punctuation, currency, arrows, shapes,
    // symbols and dingbats, and U+FFFD, which ImGui (16-bit ImWchar) draws for characters
    // beyond the BMP such as emoji.
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesCyrillic());
    static const ImWchar kExtra[] = {0x0100, 0x024F, 0x0370, 0x03FF, 0x2000, 0x206F,
                                     0x20A0, 0x20CF, 0x2190, 0x21FF, 0x25A0, 0x25FF,
                                     0x2600, 0x27BF, 0xFFFD, 0xFFFD, 0};
    builder.AddRanges(kExtra);
    builder.BuildRanges(&g_glyph_ranges);
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.OversampleH = 2;
    io.Fonts->AddFontFromMemoryTTF(const_cast<uint8_t*>(font), font_size, 17.0f, &cfg,
                                   g_glyph_ranges.Data);
  }
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  glfwSetKeyCallback(g_window, on_key);        // replaces ImGui's, which on_key calls
  glfwSetScrollCallback(g_window, on_scroll);  // replaces ImGui's, which on_scroll calls
  ImGui_ImplOpenGL3_Init("#version 300 es");
  g_app = std::make_unique<localabel::app::App>();
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}

/// Opens a project from Label Studio JSON text (UTF-8, `size` bytes). Returns 0, or 1 when
/// it could not be read (the message is in the status bar and in la_state_json).
EMSCRIPTEN_KEEPALIVE int la_load_project(const char* json, int size) {
  if (!g_app) return 2;
  return g_app->load_project(std::string_view(json, static_cast<size_t>(size))).ok() ? 0 : 1;
}

/// Applies a label configuration file (colours, hotkeys). Returns 0 or 1 as above.
EMSCRIPTEN_KEEPALIVE int la_load_label_config(const char* json, int size) {
  if (!g_app) return 2;
  return g_app->load_label_config(std::string_view(json, static_cast<size_t>(size))).ok() ? 0 : 1;
}

/// Hands over the decoded RGBA pixels of a task's image (width * height * 4 bytes).
EMSCRIPTEN_KEEPALIVE void la_set_image(int task_index, const uint8_t* rgba, int width, int height) {
  if (g_app) g_app->set_image(task_index, rgba, width, height);
}

/// Hands over a large image (App::set_image_tiled): its full size and an overview of
/// overview_width * overview_height * 4 RGBA bytes. The app then asks for tiles through
/// Module.onImageTileRequest(task, level, tx, ty, x, y, w, h, out_w, out_h).
EMSCRIPTEN_KEEPALIVE void la_set_image_tiled(int task_index, int width, int height,
                                             const uint8_t* overview_rgba, int overview_width,
                                             int overview_height) {
  if (g_app)
    g_app->set_image_tiled(task_index, width, height, overview_rgba, overview_width,
                           overview_height);
}

/// Hands over one requested tile: width * height * 4 RGBA bytes (App::set_image_tile).
EMSCRIPTEN_KEEPALIVE void la_set_image_tile(int task_index, int level, int tx, int ty,
                                            const uint8_t* rgba, int width, int height) {
  if (g_app) g_app->set_image_tile(task_index, level, tx, ty, rgba, width, height);
}

/// Reports that a task's image could not be fetched or decoded.
EMSCRIPTEN_KEEPALIVE void la_image_failed(int task_index, const char* message) {
  if (g_app) g_app->image_failed(task_index, message);
}

/// Replays stored event records (JSON array text, see App::replay_events). Returns 0 or 1.
EMSCRIPTEN_KEEPALIVE int la_replay_events(const char* json, int size) {
  if (!g_app) return 2;
  return g_app->replay_events(std::string_view(json, static_cast<size_t>(size))).ok() ? 0 : 1;
}

/// Shows a new version of the open project (`project`, Label Studio JSON) with the stored
/// event records (`records`, JSON array) replayed on top, staying on the shown task
/// (App::reload_project). Returns 0, 1 when either could not be read, 2 before la_start.
EMSCRIPTEN_KEEPALIVE int la_reload_project(const char* project, int project_size,
                                           const char* records, int records_size) {
  if (!g_app) return 2;
  return g_app->reload_project(std::string_view(project, static_cast<size_t>(project_size)),
                               std::string_view(records, static_cast<size_t>(records_size)))
                 .ok()
             ? 0
             : 1;
}

/// Records new edits under the annotator id `annotator` (UTF-8, NUL-terminated).
EMSCRIPTEN_KEEPALIVE void la_set_annotator(const char* annotator) {
  if (g_app) g_app->set_annotator(annotator);
}

/// Reports that the event with sequence number `seq` is durably stored.
EMSCRIPTEN_KEEPALIVE void la_event_stored(double seq) {
  if (g_app) g_app->event_stored(static_cast<uint64_t>(seq));
}

/// Reports that the event `seq` could not be stored, with the browser's message.
EMSCRIPTEN_KEEPALIVE void la_event_store_failed(double seq, const char* message) {
  if (g_app) g_app->event_store_failed(static_cast<uint64_t>(seq), message);
}

/// The project as Label Studio JSON text; valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* la_export() {
  g_state = g_app ? g_app->export_json() : std::string();
  return g_state.c_str();
}

/// Timing of the last frame as small JSON (see App::frame_json), cheap enough to poll while
/// measuring; valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* la_frame_json() {
  g_state = g_app ? g_app->frame_json() : std::string("{}");
  return g_state.c_str();
}

/// The app's state as JSON (see App::state_json); valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* la_state_json() {
  g_state = g_app ? g_app->state_json() : std::string("{\"loaded\":false,\"ready\":false}");
  return g_state.c_str();
}

/// The width in CSS pixels of the page's bar over the status bar's right end.
EMSCRIPTEN_KEEPALIVE void la_set_page_bar_width(double width) {
  if (g_app && width >= 0 && width < 1e6) g_app->set_page_bar_width(static_cast<float>(width));
}

/// The plain keys (letters and digits, no modifier) that run a command, as JSON
/// {"p": "Polygon tool", ...}: a label hotkey may not take one (the New-project form checks).
EMSCRIPTEN_KEEPALIVE const char* la_command_keys() {
  g_state = g_app ? g_app->command_keys_json() : std::string("{}");
  return g_state.c_str();
}

/// Active learning (see frontend/app/model_panel.cpp). The page polls la_model_json (small:
/// panel settings, edit counter, the learner's status, the queue's head), reads the texts
/// with la_model_data and this annotator's labels with la_model_labels when they change, and
/// hands back the learner's status, queue order and pre-labels. The set functions take JSON
/// text of `size` bytes and return 0, or 1 when it was refused (nothing changed).
EMSCRIPTEN_KEEPALIVE const char* la_model_json() {
  g_state = g_app ? g_app->model_json() : std::string("{}");
  return g_state.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* la_model_data() {
  g_state = g_app ? g_app->model_data_json() : std::string("{\"set\":null,\"tasks\":[]}");
  return g_state.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* la_model_labels() {
  g_state = g_app ? g_app->model_labels_json() : std::string("[]");
  return g_state.c_str();
}

EMSCRIPTEN_KEEPALIVE int la_set_model_status(const char* json, int size) {
  if (!g_app) return 2;
  return g_app->set_model_status(std::string_view(json, static_cast<size_t>(size))).ok() ? 0 : 1;
}

EMSCRIPTEN_KEEPALIVE int la_set_queue_order(const char* json, int size) {
  if (!g_app) return 2;
  return g_app->set_queue_order(std::string_view(json, static_cast<size_t>(size))).ok() ? 0 : 1;
}

EMSCRIPTEN_KEEPALIVE int la_set_predictions(const char* json, int size) {
  if (!g_app) return 2;
  return g_app->set_predictions(std::string_view(json, static_cast<size_t>(size))).ok() ? 0 : 1;
}

}  // extern "C"
