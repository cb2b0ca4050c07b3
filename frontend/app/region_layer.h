// The many plain boxes of an image in a GL vertex buffer of their own, drawn through an ImGui
// draw callback. ImGui rebuilds and uploads its draw lists every frame; this buffer is
// rebuilt and uploaded only when the boxes or the view change, so an idle frame with
// thousands of boxes costs one draw call instead of a megabyte of vertices.
#pragma once

#include <cstdint>
#include <vector>

#include "imgui.h"

namespace localabel::app {

class RegionLayer {
 public:
  RegionLayer() = default;
  RegionLayer(const RegionLayer&) = delete;
  RegionLayer& operator=(const RegionLayer&) = delete;
  ~RegionLayer();

  /// Creates the GL objects on first use; false when GL refused (callers then draw through
  /// ImGui as before).
  bool ready();
  /// Starts new content (the next draw uploads it).
  void clear();
  /// A filled axis-aligned rectangle, screen pixels.
  void add_rect(ImVec2 a, ImVec2 b, ImU32 color);
  /// A filled convex quadrilateral (corners in order).
  void add_quad(ImVec2 p0, ImVec2 p1, ImVec2 p2, ImVec2 p3, ImU32 color);
  /// A line of `thickness` pixels from a to b, as a quad.
  void add_line(ImVec2 a, ImVec2 b, ImU32 color, float thickness);
  /// Adds the layer to `dl` at this point of its commands, clipped to [clip_min, clip_max].
  void draw(ImDrawList* dl, ImVec2 clip_min, ImVec2 clip_max);
  size_t vertex_count() const { return vertices_.size(); }
  /// Changes whenever the content changes (clear): the draw lists only hold a callback.
  uint64_t generation() const { return generation_; }

 private:
  struct Vertex {
    float x, y;
    uint32_t color;
  };
  static void render(const ImDrawList* list, const ImDrawCmd* cmd);
  std::vector<Vertex> vertices_;
  std::vector<uint32_t> indices_;
  bool dirty_ = true;
  uint64_t generation_ = 0;
  bool failed_ = false;
  uint32_t program_ = 0, vao_ = 0, vbo_ = 0, ibo_ = 0;
  int projection_ = -1;
  ImVec4 clip_{0, 0, 0, 0};
};

}  // namespace localabel::app
