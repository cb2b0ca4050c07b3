// Localabel's own project file: the label configuration and settings that a Label Studio
// task list cannot carry, around Label Studio tasks.
//
//   {"localabel_project": 1, "name": "...",
//    "label_sets": [{"name": "label", "to_name": "image", "kind": "rectanglelabels",
//                    "multiple": false,
//                    "labels": [{"name": "Cat", "color": "#e6194b", "hotkey": "c",
//                                "description": "...", "examples": ["..."]}]}],
//    "settings": {"overlap_share": 0.1, "honeypot_rate": 0.05, "review_threshold": 0.8,
//                 "sampling_strategy": "sequential"},
//    "tasks": [ <Label Studio tasks, see label_studio.h> ]}
//
// "kind" is the Label Studio result type of the set. Optional: name, settings (and each
// setting), multiple, hotkey, description, examples, color (assigned from the palette when
// absent). Unknown fields at any level are kept and written back.
#pragma once

#include <string>
#include <string_view>

#include "localabel/error.h"
#include "localabel/project.h"

namespace localabel {

/// Parses a project file. Results must name declared label sets and labels. Without
/// "label_sets" the sets are inferred as import_label_studio does and then checked as declared
/// ones are, so every file this accepts is accepted again after write_project_file (a
/// from_name used with two result types is kInvalidFormat here, not after a save).
/// Errors: those of import_label_studio, plus kUnsupported (localabel_project is not 1, or a
/// label set kind that is not one of the six region types), kOutOfRange (a setting outside
/// [0, 1]), kInvalidFormat (a colour that is not "#rrggbb", a result whose type differs from
/// its label set's kind), kDuplicate (two label sets, or two labels of a set, with one name),
/// kUnknownReference (a result naming an undeclared label set or label).
Result<Project> parse_project_file(std::string_view json_text);

/// Same as parse_project_file, on already parsed JSON.
Result<Project> project_from_json(const Json& json);

/// Writes a project file (2-space indent, keys sorted, ending in a newline). Deterministic.
std::string write_project_file(const Project& project);

/// The JSON that write_project_file prints.
Json project_to_json(const Project& project);

}  // namespace localabel
