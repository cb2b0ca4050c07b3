// What the application needs from the platform it runs on. The browser implementation is in
// frontend/platform_web.cpp; nothing else in the app calls browser APIs.
#pragma once

#include <cstdint>
#include <string>

namespace localabel::app {

/// Asks the platform to load the image at `url` (as written in the task, relative URLs are
/// resolved against the project's URL) for task `task_index`. The platform answers later
/// with App::set_image or App::image_failed. Repeated calls for the same task are harmless.
void platform_request_image(int task_index, const std::string& url);

/// Asks the platform to store an event record (JSON text) durably under sequence number
/// `seq`, appending to the project's log. The platform answers later with
/// App::event_stored or App::event_store_failed.
void platform_store_event(uint64_t seq, const std::string& record);

/// Offers `text` to the user as a file download named `file_name`.
void platform_download(const std::string& file_name, const std::string& text);

/// Saves a small setting (text) of this browser under `name`, kept across reloads (browser:
/// localStorage key "localabel:<name>"). Failures (storage disabled or full) are ignored:
/// settings are a convenience, not work.
void platform_save_setting(const std::string& name, const std::string& value);

/// A setting saved by platform_save_setting; empty when there is none.
std::string platform_load_setting(const std::string& name);

/// Milliseconds since 1970 (wall clock), for event times.
double platform_wall_ms();

/// Milliseconds from an arbitrary origin, monotonic, sub-millisecond resolution.
double platform_now_ms();

}  // namespace localabel::app
