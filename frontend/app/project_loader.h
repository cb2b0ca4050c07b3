// Turns the files the page fetched into a Project for the app.
#pragma once

#include <string_view>
#include <vector>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel::app {

/// Reads Label Studio JSON (a task list, one task, or a Localabel project file) into a
/// Project. Errors: those of localabel::import_label_studio, with the JSON path.
Result<Project> load_project(std::string_view json_text);

/// Reads the label sets of a label configuration: a Localabel project file (its tasks, if
/// any, are ignored). Errors: those of localabel::parse_project_file.
Result<std::vector<LabelSet>> load_label_sets(std::string_view json_text);

}  // namespace localabel::app
