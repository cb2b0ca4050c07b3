// The tool bar above an image (the active tool, the label the next region gets, the brush
// size) and the label picker of the selection (in the Details panel and on right-click):
// everything the keys do, visible and clickable.
#include <GLFW/glfw3.h>

#include <string>

#include "app/app.h"
#include "app/keymap.h"

namespace localabel::app {

namespace {

struct ToolInfo {
  Tool tool;
  const char* name;
  RegionKind kind;  ///< of the regions it draws; kOther for the select tool
  Action action;    ///< its shortcut; kCount for the select tool (Esc)
};

constexpr ToolInfo kTools[] = {
    {Tool::kSelect, "Select", RegionKind::kOther, Action::kCount},
    {Tool::kBox, "Box", RegionKind::kBox, Action::kBoxTool},
    {Tool::kPolygon, "Polygon", RegionKind::kPolygon, Action::kPolygonTool},
    {Tool::kKeypoint, "Keypoint", RegionKind::kKeypoint, Action::kKeypointTool},
    {Tool::kBrush, "Brush", RegionKind::kBrush, Action::kBrushTool},
    {Tool::kEraser, "Eraser", RegionKind::kBrush, Action::kEraserTool},
};

RegionKind tool_kind(Tool tool) {
  for (const ToolInfo& t : kTools)
    if (t.tool == tool) return t.kind;
  return RegionKind::kOther;
}

}  // namespace

bool App::has_tool_bar() const {
  for (const LabelSet& set : project_.label_sets)
    if (set.kind == RegionKind::kBox || set.kind == RegionKind::kPolygon ||
        set.kind == RegionKind::kKeypoint || set.kind == RegionKind::kBrush)
      return true;
  return false;
}

void App::draw_tool_bar(ImVec2 min, ImVec2 max) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, max, IM_COL32(36, 38, 46, 255));
  ImGui::SetCursorScreenPos(ImVec2(min.x + 6, min.y + 3));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 2));
  auto has_set = [&](RegionKind kind) {
    for (const LabelSet& set : project_.label_sets)
      if (set.kind == kind) return true;
    return false;
  };
  auto key_of = [&](const ToolInfo& t) {
    return t.action == Action::kCount ? std::string("Esc") : chord_name(keys_.chord(t.action));
  };
  // A narrow image area gets the tools without their keys (shown on hover).
  float full = 0;
  for (const ToolInfo& t : kTools)
    if (t.kind == RegionKind::kOther || has_set(t.kind))
      full += ImGui::CalcTextSize((std::string(t.name) + " " + key_of(t)).c_str()).x + 16;
  const bool compact = full > max.x - min.x - 12;
  bool first = true;
  for (const ToolInfo& t : kTools) {
    if (t.kind != RegionKind::kOther && !has_set(t.kind)) continue;
    if (!first) ImGui::SameLine(0, 4);
    first = false;
    const std::string key = key_of(t);
    const std::string text = std::string(t.name) + (compact ? "" : " " + key) + "##tool-" + t.name;
    const bool active = tool_ == t.tool;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(70, 110, 190, 255));
    if (ImGui::Button(text.c_str())) set_tool(t.tool);
    if (active) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s tool: %s", t.name, key.c_str());
    report_.tool_buttons.push_back(
        {"tool", t.name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), active});
  }
  // The label the next region of the tool's kind gets.
  const RegionKind kind = tool_kind(tool_);
  if (kind != RegionKind::kOther && tool_ != Tool::kEraser) {
    std::string from_name;
    const std::string next = label_for_new(kind, &from_name);
    for (const LabelSet& set : project_.label_sets) {
      if (set.name != from_name) continue;
      ImGui::SameLine(0, 14);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted("Next label");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(170);
      if (ImGui::BeginCombo("##next-label", next.c_str())) {
        if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) ImGui::CloseCurrentPopup();
        for (const Label& l : set.labels) {
          const std::string key = label_key_name(l);
          const std::string text = l.name + (key.empty() ? "" : "  [" + key + "]");
          if (ImGui::Selectable(text.c_str(), l.name == next)) current_label_[kind] = l.name;
        }
        ImGui::EndCombo();
      }
      report_.tool_buttons.push_back(
          {"next_label", next, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), true});
    }
  }
  if (tool_ == Tool::kBrush || tool_ == Tool::kEraser) {
    ImGui::SameLine(0, 14);
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Size %d px", brush_size_);
    ImGui::SameLine();
    if (ImGui::Button(("-##brush " + chord_name(keys_.chord(Action::kBrushSmaller))).c_str()))
      set_brush_size(brush_size_ - std::max(1, brush_size_ / 5));
    ImGui::SameLine(0, 2);
    if (ImGui::Button("+##brush")) set_brush_size(brush_size_ + std::max(1, brush_size_ / 5));
  }
  ImGui::PopStyleVar();
}

bool App::draw_label_picker(bool menu) {
  const std::vector<Region>* shown = shown_regions();
  if (shown == nullptr || !shown_is_mine() || selected_ < 0 ||
      selected_ >= static_cast<int>(shown->size()))
    return false;
  const Region& region = (*shown)[selected_];
  const LabelSet* set = nullptr;
  for (const LabelSet& s : project_.label_sets)
    if (s.name == region.from_name && s.kind != RegionKind::kChoices) set = &s;
  if (set == nullptr) return false;
  const std::string current = region.labels.empty() ? std::string() : region.labels.front();
  bool picked = false;
  for (const Label& l : set->labels) {
    const std::string key = label_key_name(l);
    ImGui::ColorButton(("##swatch-" + l.name).c_str(),
                       ImGui::ColorConvertU32ToFloat4(colors_.color(set->name, l.name)),
                       ImGuiColorEditFlags_NoTooltip, ImVec2(12, 12));
    ImGui::SameLine();
    const std::string text = l.name + (key.empty() ? "" : "  [" + key + "]") + "##pick-" + l.name;
    if (ImGui::Selectable(text.c_str(), l.name == current)) {
      relabel_selected(l.name);
      picked = true;
    }
    report_.label_picker.push_back({menu ? std::string("menu") : set->name, l.name,
                                    ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                                    l.name == current});
  }
  return picked;
}

}  // namespace localabel::app
