// Internal: reading and writing Label Studio tasks, shared by label_studio.cpp and
// project_file.cpp.
#pragma once

#include <string>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

#define LOCALABEL_TRY(expr)                    \
  do {                                         \
    ::localabel::Status status_ = (expr);      \
    if (!status_.ok()) return status_.error(); \
  } while (0)

namespace localabel::ls_detail {

/// Reads a JSON array of tasks; paths are "tasks[i]...". Checks duplicate ids.
Result<std::vector<Task>> read_tasks(const Json& tasks);

/// Writes the tasks as a Label Studio task list.
Json write_tasks(const std::vector<Task>& tasks);

/// The 20-colour palette used for labels without a colour.
const char* palette_color(size_t index);

/// The same error with its path prefixed ("rle" -> "tasks[0]...value.rle").
Error with_path(const Error& error, const std::string& path);

}  // namespace localabel::ls_detail
