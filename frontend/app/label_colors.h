// Colours of labels: from the project's label configuration, or a stable colour derived from
// the label's name when the configuration does not list it.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "imgui.h"
#include "localabel/project.h"

namespace localabel::app {

/// Parses "#rrggbb" (or "rrggbb") into an opaque colour. Returns false for anything else.
bool parse_hex_color(std::string_view text, ImU32& out);

/// Looks up label colours by (label set name, label name), then by label name alone.
class LabelColors {
 public:
  /// Rebuilds the table from the project's label sets.
  void reset(const Project& project);
  /// The colour for `label` of label set `from_name`; opaque.
  ImU32 color(const std::string& from_name, const std::string& label) const;

 private:
  std::unordered_map<std::string, ImU32> by_set_and_name_;
  std::unordered_map<std::string, ImU32> by_name_;
};

/// Colour of a prediction score in review mode: hue from red (score <= 0.4) through yellow to
/// green (score 1); opaque. Scores outside [0, 1] are clamped.
ImU32 score_color(double score);

/// Returns `color` with its alpha replaced by `alpha` (0..1).
ImU32 with_alpha(ImU32 color, float alpha);

}  // namespace localabel::app
