#include "app/label_colors.h"

#include <algorithm>
#include <cstdint>

namespace localabel::app {

bool parse_hex_color(std::string_view text, ImU32& out) {
  if (!text.empty() && text[0] == '#') text.remove_prefix(1);
  if (text.size() != 6) return false;
  uint32_t v = 0;
  for (char c : text) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return false;
    v = (v << 4) | static_cast<uint32_t>(d);
  }
  out = IM_COL32((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff, 255);
  return true;
}

void LabelColors::reset(const Project& project) {
  by_set_and_name_.clear();
  by_name_.clear();
  for (const LabelSet& set : project.label_sets)
    for (const Label& label : set.labels) {
      ImU32 c;
      if (!parse_hex_color(label.color, c)) continue;
      by_set_and_name_[set.name + '\n' + label.name] = c;
      by_name_.emplace(label.name, c);
    }
}

ImU32 LabelColors::color(const std::string& from_name, const std::string& label) const {
  if (auto it = by_set_and_name_.find(from_name + '\n' + label); it != by_set_and_name_.end())
    return it->second;
  if (auto it = by_name_.find(label); it != by_name_.end()) return it->second;
  // FNV-1a of the name picks a hue; saturation and value stay high for contrast.
  uint32_t h = 2166136261u;
  for (unsigned char c : label) h = (h ^ c) * 16777619u;
  float r, g, b;
  ImGui::ColorConvertHSVtoRGB(static_cast<float>(h % 360) / 360.0f, 0.75f, 0.95f, r, g, b);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, 1.0f));
}

ImU32 score_color(double score) {
  const double t = std::clamp((score - 0.4) / 0.6, 0.0, 1.0);
  float r, g, b;
  ImGui::ColorConvertHSVtoRGB(static_cast<float>(t) / 3.0f, 0.85f, 0.95f, r, g, b);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, 1.0f));
}

ImU32 with_alpha(ImU32 color, float alpha) {
  const uint32_t a = static_cast<uint32_t>(alpha * 255.0f + 0.5f) & 0xffu;
  return (color & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

}  // namespace localabel::app
