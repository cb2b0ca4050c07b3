#include "app/project_loader.h"

#include "localabel/label_studio.h"
#include "localabel/project_file.h"

namespace localabel::app {

Result<Project> load_project(std::string_view json_text) { return import_label_studio(json_text); }

Result<std::vector<LabelSet>> load_label_sets(std::string_view json_text) {
  Result<Project> project = parse_project_file(json_text);
  if (!project.ok()) return project.error();
  return std::move(project.value().label_sets);
}

}  // namespace localabel::app
