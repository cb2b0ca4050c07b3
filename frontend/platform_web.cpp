// Everything that talks to the browser: the GLFW/WebGL2 window, the main loop, the font
// bytes fetched by the page, images decoded by the page, and the functions the page (and
// the end-to-end tests) call. The page is frontend/web/main.mjs.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

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

// Installed before ImGui's callbacks, which call these first and then update ImGui.
void on_key(GLFWwindow*, int key, int, int action, int) {
  if (action == GLFW_PRESS || action == GLFW_REPEAT) g_input.keys_pressed.push_back(key);
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

void fit_canvas_to_page() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  int w = 0, h = 0;
  glfwGetWindowSize(g_window, &w, &h);
  if (static_cast<int>(css_w) != w || static_cast<int>(css_h) != h)
    glfwSetWindowSize(g_window, static_cast<int>(css_w), static_cast<int>(css_h));
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
  glViewport(0, 0, w, h);
  glClearColor(0.09f, 0.09f, 0.11f, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  const double t3 = emscripten_get_now();
  g_app->set_last_frame_ms(t3 - t0);
  g_app->set_last_frame_parts(t2 - t1, t3 - t2);
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
  glfwSetKeyCallback(g_window, on_key);
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
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
