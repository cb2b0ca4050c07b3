// What the application needs from the platform it runs on. The browser implementation is in
// frontend/platform_web.cpp; nothing else in the app calls browser APIs.
#pragma once

#include <string>

namespace localabel::app {

/// Asks the platform to load the image at `url` (as written in the task, relative URLs are
/// resolved against the project's URL) for task `task_index`. The platform answers later
/// with App::set_image or App::image_failed. Repeated calls for the same task are harmless.
void platform_request_image(int task_index, const std::string& url);

/// Milliseconds from an arbitrary origin, monotonic, sub-millisecond resolution.
double platform_now_ms();

}  // namespace localabel::app
