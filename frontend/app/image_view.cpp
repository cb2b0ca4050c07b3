// Drawing of image tasks: the image, its regions in label colours, pan and zoom.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <utility>
#include <vector>

#include "app/app.h"
#include "app/hit_test.h"
#include "app/platform.h"
#include "app/tiles.h"
#include "localabel/brush_rle.h"

namespace localabel::app {

namespace {

float cross(ImVec2 o, ImVec2 a, ImVec2 b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

bool inside_triangle(ImVec2 p, ImVec2 a, ImVec2 b, ImVec2 c) {
  const float d1 = cross(a, b, p), d2 = cross(b, c, p), d3 = cross(c, a, p);
  const bool neg = d1 < 0 || d2 < 0 || d3 < 0;
  const bool pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

// Fills a simple polygon (convex or not) by ear clipping. Self-intersecting input is filled
// as far as ears are found; the outline is drawn separately in any case.
void fill_polygon(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 color) {
  const int n = static_cast<int>(pts.size());
  if (n < 3) return;
  double area2 = 0;
  for (int i = 0; i < n; ++i) {
    const ImVec2 a = pts[i], b = pts[(i + 1) % n];
    area2 += static_cast<double>(a.x) * b.y - static_cast<double>(b.x) * a.y;
  }
  const float orient = area2 >= 0 ? 1.0f : -1.0f;
  std::vector<int> idx(n);
  for (int i = 0; i < n; ++i) idx[i] = i;
  int guard = 0;
  while (idx.size() > 3 && guard < n * n) {
    ++guard;
    bool clipped = false;
    const int m = static_cast<int>(idx.size());
    for (int i = 0; i < m; ++i) {
      const ImVec2 a = pts[idx[(i + m - 1) % m]], b = pts[idx[i]], c = pts[idx[(i + 1) % m]];
      if (orient * cross(a, b, c) <= 0) continue;  // reflex corner
      bool ear = true;
      for (int k = 0; k < m && ear; ++k) {
        const int v = idx[k];
        if (v == idx[(i + m - 1) % m] || v == idx[i] || v == idx[(i + 1) % m]) continue;
        if (inside_triangle(pts[v], a, b, c)) ear = false;
      }
      if (!ear) continue;
      dl->AddTriangleFilled(a, b, c, color);
      idx.erase(idx.begin() + i);
      clipped = true;
      break;
    }
    if (!clipped) break;
  }
  if (idx.size() == 3) dl->AddTriangleFilled(pts[idx[0]], pts[idx[1]], pts[idx[2]], color);
}

// A region's name tag above `at`. Tags placed earlier in the frame (`placed`, x0 y0 x1 y1) are
// not covered: a tag that would overlap one moves down a row until it is clear (a few rows at
// most, so a pile of identical boxes stays readable without walking far from its region).
void label_tag(ImDrawList* dl, ImVec2 at, ImU32 color, const char* text,
               std::vector<ImVec4>& placed) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  ImVec2 min(at.x, at.y - size.y - 2);
  const ImVec2 extent(size.x + 6, size.y + 2);
  for (int tries = 0; tries < 6; ++tries) {
    bool clear = true;
    for (const ImVec4& p : placed)
      if (min.x < p.z && p.x < min.x + extent.x && min.y < p.w && p.y < min.y + extent.y) {
        clear = false;
        min.y = p.w;
        break;
      }
    if (clear) break;
  }
  placed.push_back(ImVec4(min.x, min.y, min.x + extent.x, min.y + extent.y));
  dl->AddRectFilled(min, ImVec2(min.x + extent.x, min.y + extent.y), with_alpha(color, 0.85f));
  dl->AddText(ImVec2(min.x + 3, min.y + 1), IM_COL32(0, 0, 0, 255), text);
}

}  // namespace

void App::rebuild_mask_textures(const Task& task) {
  for (auto& [index, tex] : mask_textures_) destroy_texture(tex);
  mask_textures_.clear();
  mask_task_ = current_;
  mask_source_ = source_;
  const std::vector<Region>* regions = shown_regions();
  if (regions == nullptr) return;
  static_cast<void>(task);
  std::vector<uint8_t> rgba;
  for (int i = 0; i < static_cast<int>(regions->size()); ++i) {
    const Region& r = (*regions)[i];
    if (r.kind != RegionKind::kBrush || r.mask.width <= 0 || r.mask.height <= 0) continue;
    const int64_t pixels = static_cast<int64_t>(r.mask.width) * r.mask.height;
    if (pixels > (int64_t{1} << 26)) continue;
    const ImU32 c = colors_.color(r.from_name, r.labels.empty() ? "" : r.labels.front());
    const uint8_t cr = (c >> IM_COL32_R_SHIFT) & 0xff, cg = (c >> IM_COL32_G_SHIFT) & 0xff,
                  cb = (c >> IM_COL32_B_SHIFT) & 0xff;
    rgba.assign(static_cast<size_t>(pixels) * 4, 0);
    int64_t pos = 0;
    bool foreground = false;
    for (uint32_t run : r.mask.runs) {
      const int64_t end = std::min<int64_t>(pixels, pos + run);
      if (foreground)
        for (int64_t p = pos; p < end; ++p) {
          uint8_t* px = &rgba[static_cast<size_t>(p) * 4];
          px[0] = cr;
          px[1] = cg;
          px[2] = cb;
          px[3] = 120;
        }
      pos = end;
      foreground = !foreground;
    }
    mask_textures_[i] = upload_rgba_texture(rgba.data(), r.mask.width, r.mask.height);
  }
}

void App::draw_image_task(const Task& task, ImVec2 min, ImVec2 max) {
  const ImVec2 size(max.x - min.x, max.y - min.y);
  ImGui::SetCursorScreenPos(min);
  ImGui::InvisibleButton("canvas", size,
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle |
                             ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered();
  ImGuiIO& io = ImGui::GetIO();

  const Texture* tex = images_.find(current_);
  if (tex == nullptr) {
    auto err = image_errors_.find(current_);
    ImGui::SetCursorScreenPos(ImVec2(min.x + 20, min.y + 20));
    ImGui::TextUnformatted(err == image_errors_.end()
                               ? "Loading the image..."
                               : ("Image not loaded: " + err->second).c_str());
    return;
  }
  report_.image_ready = true;
  // A fitted view stays fitted when the window (so the image area) changes size.
  const ImVec2 area(max.x - min.x, max.y - min.y);
  if (view_fitted_ && (area.x != fitted_area_.x || area.y != fitted_area_.y)) fit_pending_ = true;
  if (fit_pending_) {
    view_ = fit_view(min, max, tex->width, tex->height);
    fit_pending_ = false;
    view_fitted_ = true;
    fitted_area_ = area;
  }

  // Zoom around the pointer; pan with the middle button, or the left one while space is held.
  const bool pointer_inside = io.MousePos.x >= min.x && io.MousePos.x < max.x &&
                              io.MousePos.y >= min.y && io.MousePos.y < max.y;
  const bool brush = tool_ == Tool::kBrush || tool_ == Tool::kEraser;
  if (pointer_inside && brush && io.KeyShift && (wheel_ != 0.0f || wheel_x_ != 0.0f)) {
    // Shift+wheel sizes the brush (browsers turn Shift+wheel into a horizontal wheel).
    const float steps = wheel_ != 0.0f ? wheel_ : wheel_x_;
    set_brush_size(brush_size_ + static_cast<int>(std::lround(std::clamp(steps, -5.0f, 5.0f) *
                                                              std::max(1, brush_size_ / 5))));
  } else if (pointer_inside && wheel_ != 0.0f) {
    view_ = zoom_view(view_, io.MousePos, std::pow(1.15f, std::clamp(wheel_, -5.0f, 5.0f)));
    view_fitted_ = false;
  }
  const bool space = ImGui::IsKeyDown(GLFW_KEY_SPACE);
  if (ImGui::IsItemActive() &&
      (ImGui::IsMouseDown(ImGuiMouseButton_Middle) || (space && ImGui::IsMouseDown(0)))) {
    view_.offset.x += io.MouseDelta.x;
    view_.offset.y += io.MouseDelta.y;
    panning_ = true;
    view_fitted_ = false;
  } else {
    panning_ = false;
  }
  if (hovered && (space || panning_)) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(min, max, true);
  dl->AddImage(tex->imgui_id(), view_.to_screen(0, 0), view_.to_screen(tex->width, tex->height));
  // A large image: its overview is drawn above; tiles of the visible region go over it.
  if (TiledImage* tiled = images_.tiled(current_)) tiled->draw(current_, view_, min, max, dl);

  // Regions are in pixels of the original image; the texture may be a scaled copy.
  int orig_w = 0, orig_h = 0;
  original_size(task, &orig_w, &orig_h);
  const double sx = orig_w > 0 ? static_cast<double>(tex->width) / orig_w : 1.0;
  const double sy = orig_h > 0 ? static_cast<double>(tex->height) / orig_h : 1.0;
  if (!space) handle_image_mouse(task, min, max, sx, sy);
  // Right-click on a region of this annotator's annotation: select it and pick its label.
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right) && drag_ == Drag::kNone &&
      shown_is_mine()) {
    if (const std::vector<Region>* shown = shown_regions()) {
      const ImVec2 at = view_.to_image(io.MousePos);
      const int hit =
          region_at(*shown, at.x / sx, at.y / sy, 8.0 / (view_.scale * sx), &unhittable_);
      if (hit >= 0) {
        if (!is_selected(hit, (*shown)[hit])) select_region(hit);
        ImGui::OpenPopup("relabel");
      }
    }
  }
  if (ImGui::BeginPopup("relabel")) {
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) ImGui::CloseCurrentPopup();
    ImGui::TextDisabled("Label");
    if (draw_label_picker(true)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  const std::vector<Region>* regions = shown_regions();
  if (regions == nullptr) {
    dl->PopClipRect();
    return;
  }
  if (mask_task_ != current_ || mask_source_.prediction != source_.prediction ||
      mask_source_.index != source_.index)
    rebuild_mask_textures(task);

  refresh_region_cache();
  const double regions_t0 = platform_now_ms();
  static const std::string kNoLabel;
  report_.regions.reserve(regions->size());
  std::vector<ImVec2> pts;
  rotate_handle_ = ImVec2(-1e9f, -1e9f);
  // Drafts of the drawing tools.
  const ImVec2 mouse = io.MousePos;
  if (drag_ == Drag::kDrawBox) {
    const ImVec2 a = view_.to_screen(drag_start_.x * sx, drag_start_.y * sy);
    dl->AddRect(ImVec2(std::min(a.x, mouse.x), std::min(a.y, mouse.y)),
                ImVec2(std::max(a.x, mouse.x), std::max(a.y, mouse.y)),
                IM_COL32(255, 255, 255, 255), 0.0f, 0, 1.5f);
  }
  if (!polygon_draft_.empty()) {
    for (const Point& p : polygon_draft_) pts.push_back(view_.to_screen(p.x * sx, p.y * sy));
    pts.push_back(mouse);
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(255, 255, 255, 255), 0,
                    1.5f);
    for (size_t k = 0; k + 1 < pts.size(); ++k)
      dl->AddCircleFilled(pts[k], k == 0 ? 5.0f : 3.0f, IM_COL32(255, 255, 255, 255));
  }
  const ImU32 white = IM_COL32(255, 255, 255, 255);
  // The boxes' geometry goes to the region layer, rebuilt only when the regions, the view or
  // the canvas changed; without GL for it, to ImGui. While a drag changes the selected
  // regions in place, the layer (built once at the drag's start) leaves them out and they
  // are drawn through ImGui, so that moving one box among thousands rebuilds nothing.
  const bool use_layer = layer_.ready();
  const bool moving = drag_ == Drag::kMove || drag_ == Drag::kResize || drag_ == Drag::kRotate ||
                      drag_ == Drag::kVertex;
  const LayerKey key{edit_version_,  current_,    source_.prediction,
                     source_.index,  view_.scale, view_.offset.x,
                     view_.offset.y, min.x,       min.y,
                     max.x,          max.y,       moving};
  const bool build_layer = !use_layer || !(key == layer_key_);
  if (use_layer && build_layer) {
    layer_.clear();
    layer_key_ = key;
    layer_common_.assign(regions->size(), 0);
    layer_report_.clear();
  }
  report_.layer_report_used = use_layer;
  const bool cache_build = use_layer && build_layer;  // record what this build finds
  const bool use_cache = use_layer && !build_layer && layer_common_.size() == regions->size();
  int cached = 0;
  bool layer_placed = false;
  bool into_layer = use_layer;  // where the current region's geometry goes
  auto emit_rect = [&](ImVec2 a, ImVec2 b, ImU32 col) {
    if (into_layer) {
      layer_.add_rect(a, b, col);
    } else {
      dl->PrimReserve(6, 4);
      dl->PrimRect(a, b, col);
    }
  };
  auto emit_quad = [&](const ImVec2* q, ImU32 col) {
    if (into_layer) {
      layer_.add_quad(q[0], q[1], q[2], q[3], col);
    } else {
      const ImDrawListFlags flags = dl->Flags;
      dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
      dl->AddConvexPolyFilled(q, 4, col);
      dl->Flags = flags;
    }
  };
  auto emit_line = [&](ImVec2 a, ImVec2 b, ImU32 col, float thickness) {
    if (into_layer)
      layer_.add_line(a, b, col, thickness);
    else
      dl->AddLine(a, b, col, thickness);
  };
  std::vector<ImVec4> placed_tags;  // name tags of this frame, so that none covers another
  for (int i : order_) {
    const Region& r = (*regions)[i];
    if (use_cache && layer_common_[i] != 0 && !is_selected(i, r)) {
      cached += layer_common_[i] == 1;  // reported in layer_report_, drawn by the layer
      continue;
    }
    const RegionLook& look = looks_[i];
    if (look.hidden) continue;
    // Scored regions (a prediction's, or pending pre-annotations taken from one) are coloured
    // by how sure the model was; those under the threshold still to decide are flagged.
    const ReviewDecision decision = source_.prediction ? review_decision(r) : ReviewDecision::kNone;
    const bool undecided =
        decision == ReviewDecision::kNone || decision == ReviewDecision::kPending;
    const bool needs_review =
        undecided && r.score >= 0 && r.score < project_.settings.review_threshold;
    const ImU32 color = look.color;
    const bool selected = is_selected(i, r);
    into_layer = use_layer && !(moving && selected);
    const bool emit = build_layer || !into_layer;  // the layer keeps what it was given
    // Regions are in pixels of the original image; the texture may be a scaled copy.
    const double sx = r.image_width > 0 ? static_cast<double>(tex->width) / r.image_width : 1.0;
    const double sy = r.image_height > 0 ? static_cast<double>(tex->height) / r.image_height : 1.0;
    auto at = [&](double x, double y) { return view_.to_screen(x * sx, y * sy); };
    pts.clear();
    switch (r.kind) {
      case RegionKind::kBox: {
        if (!layer_placed) {
          // Boxes come from the region layer's buffer, drawn here: above masks and polygons,
          // below keypoints, tags and selection frames.
          if (use_layer) layer_.draw(dl, min, max);
          layer_placed = true;
        }
        if (r.rotation == 0) {
          // Axis-aligned: a filled rectangle and four edge strips (20 vertices, no
          // anti-aliasing work), the common case at scale.
          const ImVec2 a = at(r.x, r.y), b = at(r.x + r.width, r.y + r.height);
          if (b.x < min.x || a.x > max.x || b.y < min.y || a.y > max.y) {  // off screen
            if (cache_build && into_layer) layer_common_[i] = 2;
            continue;
          }
          if (b.x - a.x < 6 && b.y - a.y < 6) {
            // Level of detail: a box a few pixels across is drawn as one solid rectangle
            // (its outline would cover it anyway): 4 vertices instead of 16 to 20.
            if (emit) emit_rect(a, ImVec2(std::max(b.x, a.x + 1), std::max(b.y, a.y + 1)), color);
            if (!needs_review && !selected) {
              // The common case with thousands of boxes: no tag, no frame, reported as is
              // (once per layer build when the layer draws it).
              const DrawnRegion d{{}, r.kind, {}, a, b, r.score, false, decision, i};
              if (cache_build && into_layer) {
                layer_report_.push_back(d);
                layer_common_[i] = 1;
              } else {
                report_.regions.push_back(d);
              }
              ++report_.regions_drawn;
              continue;
            }
            pts.push_back(a);
            pts.push_back(b);
            break;
          }
          if (emit) {
            const float t = std::min(2.0f, std::max(1.0f, std::min(b.x - a.x, b.y - a.y) * 0.25f));
            // Boxes a few pixels wide are nearly all outline: no fill (fewer vertices).
            if (b.x - a.x > 8 && b.y - a.y > 8) emit_rect(a, b, with_alpha(color, 0.18f));
            emit_rect(a, ImVec2(b.x, a.y + t), color);
            emit_rect(ImVec2(a.x, b.y - t), b, color);
            emit_rect(ImVec2(a.x, a.y + t), ImVec2(a.x + t, b.y - t), color);
            emit_rect(ImVec2(b.x - t, a.y + t), ImVec2(b.x, b.y - t), color);
          }
          pts.push_back(a);
          pts.push_back(b);
          break;
        }
        for (const Point& c : box_corners(r)) pts.push_back(at(c.x, c.y));
        const float x0 = std::min({pts[0].x, pts[1].x, pts[2].x, pts[3].x});
        const float x1 = std::max({pts[0].x, pts[1].x, pts[2].x, pts[3].x});
        const float y0 = std::min({pts[0].y, pts[1].y, pts[2].y, pts[3].y});
        const float y1 = std::max({pts[0].y, pts[1].y, pts[2].y, pts[3].y});
        if (!selected && (x1 < min.x || x0 > max.x || y1 < min.y || y0 > max.y))
          continue;  // off screen
        if (!emit) break;
        if (x1 - x0 < 8 && y1 - y0 < 8) {
          // Level of detail, as for small axis-aligned boxes: one solid quad, no outline.
          emit_quad(pts.data(), color);
          break;
        }
        emit_quad(pts.data(), with_alpha(color, 0.18f));
        for (int k = 0; k < 4; ++k) emit_line(pts[k], pts[(k + 1) % 4], color, 2.0f);
        break;
      }
      case RegionKind::kPolygon: {
        for (const Point& p : r.points) pts.push_back(at(p.x, p.y));
        fill_polygon(dl, pts, with_alpha(color, 0.22f));
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), color, ImDrawFlags_Closed, 2.0f);
        for (const ImVec2& p : pts) dl->AddCircleFilled(p, 3.0f, color);
        break;
      }
      case RegionKind::kKeypoint: {
        const ImVec2 p = at(r.x, r.y);
        dl->AddCircleFilled(p, 6.0f, color);
        dl->AddCircle(p, 6.0f, IM_COL32(255, 255, 255, 230), 0, 1.5f);
        pts = {ImVec2(p.x - 6, p.y - 6), ImVec2(p.x + 6, p.y + 6)};
        break;
      }
      case RegionKind::kBrush: {
        auto it = mask_textures_.find(i);
        if (it == mask_textures_.end()) continue;
        const ImVec2 a = at(0, 0), b = at(r.mask.width, r.mask.height);
        dl->AddImage(it->second.imgui_id(), a, b);
        // Report the mask's bounding box of foreground pixels.
        int64_t pos = 0, first = -1, last = -1;
        int min_x = r.mask.width, max_x = -1;
        bool fg = false;
        for (uint32_t run : r.mask.runs) {
          if (fg && run > 0) {
            if (first < 0) first = pos;
            last = pos + run - 1;
            const int64_t row0 = pos / r.mask.width, row1 = (pos + run - 1) / r.mask.width;
            if (row0 != row1) {
              min_x = 0;
              max_x = r.mask.width - 1;
            } else {
              min_x = std::min<int>(min_x, static_cast<int>(pos % r.mask.width));
              max_x = std::max<int>(max_x, static_cast<int>((pos + run - 1) % r.mask.width));
            }
          }
          pos += run;
          fg = !fg;
        }
        if (first < 0) continue;
        pts = {at(min_x, first / r.mask.width), at(max_x + 1, last / r.mask.width + 1)};
        break;
      }
      case RegionKind::kChoices:
        for (const std::string& c : r.labels) report_.choices.push_back(c);
        continue;
      default:
        continue;
    }
    if (pts.empty()) continue;
    // The id and label are looked up by index when the state is read (no copies here).
    DrawnRegion d{{}, r.kind, {}, pts[0], pts[0], r.score, needs_review, decision, i};
    for (const ImVec2& p : pts) {
      d.min = ImVec2(std::min(d.min.x, p.x), std::min(d.min.y, p.y));
      d.max = ImVec2(std::max(d.max.x, p.x), std::max(d.max.y, p.y));
    }
    // Name tags only where they fit: on regions at least 40 screen pixels wide.
    if ((r.kind == RegionKind::kBox || r.kind == RegionKind::kPolygon) && d.max.x - d.min.x >= 40) {
      std::string tag = r.labels.empty() ? kNoLabel : r.labels.front();
      if (r.score >= 0) {
        char buf[16];
        std::snprintf(buf, sizeof buf, " %.2f", r.score);
        tag += buf;
        if (needs_review) tag += " review";
      }
      if (decision != ReviewDecision::kNone) tag += std::string(" ") + decision_name(decision);
      if (look.locked) tag += " (locked)";
      label_tag(dl, r.kind == RegionKind::kBox ? pts[0] : d.min, color, tag.c_str(), placed_tags);
    }
    if (needs_review) {
      // A second, white outline marks what the annotator has to look at.
      dl->AddRect(ImVec2(d.min.x - 3, d.min.y - 3), ImVec2(d.max.x + 3, d.max.y + 3),
                  IM_COL32(255, 255, 255, 200), 0.0f, 0, 1.0f);
      ++report_.needs_review;
    }
    if (selected && i != selected_) {
      // Also selected (multi-selection): a frame without handles.
      dl->AddRect(ImVec2(d.min.x - 2, d.min.y - 2), ImVec2(d.max.x + 2, d.max.y + 2), white, 0.0f,
                  0, 1.5f);
    } else if (i == selected_) {
      if (r.kind == RegionKind::kBox) {
        // The box's own outline (rotated with it), corner handles, and the rotation handle
        // on the extension of the top edge (rotation turns around the top-left corner).
        if (pts.size() == 2)
          pts = {pts[0], ImVec2(pts[1].x, pts[0].y), pts[1], ImVec2(pts[0].x, pts[1].y)};
        dl->AddPolyline(pts.data(), 4, white, ImDrawFlags_Closed, 2.0f);
        if (!look.locked) {
          for (const ImVec2& c : pts)
            dl->AddRectFilled(ImVec2(c.x - 4, c.y - 4), ImVec2(c.x + 4, c.y + 4), white);
          const float ex = pts[1].x - pts[0].x, ey = pts[1].y - pts[0].y;
          const float len = std::max(1e-3f, std::sqrt(ex * ex + ey * ey));
          rotate_handle_ = ImVec2(pts[1].x + ex / len * 24, pts[1].y + ey / len * 24);
          dl->AddLine(pts[1], rotate_handle_, white, 1.5f);
          dl->AddCircleFilled(rotate_handle_, 6.0f, white);
          dl->AddCircle(rotate_handle_, 6.0f, IM_COL32(0, 0, 0, 255), 0, 1.5f);
        }
      } else {
        dl->AddRect(ImVec2(d.min.x - 2, d.min.y - 2), ImVec2(d.max.x + 2, d.max.y + 2), white, 0.0f,
                    0, 2.0f);
        if (r.kind == RegionKind::kPolygon && !look.locked)
          for (const ImVec2& c : pts)
            dl->AddRectFilled(ImVec2(c.x - 4, c.y - 4), ImVec2(c.x + 4, c.y + 4), white);
      }
    }
    report_.regions.push_back(std::move(d));
    ++report_.regions_drawn;
  }
  // Brush and eraser: the stroke so far and the brush outline under the pointer.
  if (tool_ == Tool::kBrush || tool_ == Tool::kEraser) {
    const float radius = 0.5f * static_cast<float>(brush_size_ * sx) * view_.scale;
    const ImU32 ink = tool_ == Tool::kEraser
                          ? IM_COL32(20, 20, 20, 160)
                          : with_alpha(colors_.color("mask", "Foreground"), 0.5f);
    if (!stroke_.empty()) {
      pts.clear();
      for (const Point& p : stroke_) pts.push_back(view_.to_screen(p.x * sx, p.y * sy));
      for (const ImVec2& p : pts) dl->AddCircleFilled(p, radius, ink);
      if (pts.size() > 1)
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), ink, 0, 2 * radius);
    }
    if (hovered) dl->AddCircle(mouse, radius, white, 0, 1.5f);
  }
  if (drag_ == Drag::kBand) {
    dl->AddRectFilled(ImVec2(std::min(band_start_.x, mouse.x), std::min(band_start_.y, mouse.y)),
                      ImVec2(std::max(band_start_.x, mouse.x), std::max(band_start_.y, mouse.y)),
                      IM_COL32(120, 170, 255, 40));
    dl->AddRect(ImVec2(std::min(band_start_.x, mouse.x), std::min(band_start_.y, mouse.y)),
                ImVec2(std::max(band_start_.x, mouse.x), std::max(band_start_.y, mouse.y)),
                IM_COL32(120, 170, 255, 255), 0.0f, 0, 1.0f);
  }
  report_.regions_drawn += cached;
  if (use_layer && !layer_placed) layer_.clear();  // no boxes: nothing left to draw
  report_.regions_ms = platform_now_ms() - regions_t0;
  dl->PopClipRect();
}

void App::refresh_region_cache() {
  const std::vector<Region>* regions = shown_regions();
  const size_t n = regions != nullptr ? regions->size() : 0;
  if (looks_version_ == edit_version_ && looks_task_ == current_ &&
      looks_source_.prediction == source_.prediction && looks_source_.index == source_.index &&
      looks_.size() == n)
    return;
  looks_version_ = edit_version_;
  looks_task_ = current_;
  looks_source_ = source_;
  looks_.resize(n);
  unhittable_.resize(n);
  order_.resize(n);
  if (n == 0) return;
  // Masks at the bottom, then polygons, boxes, and keypoints on top, so that small things
  // stay visible; within a kind, file order (z-order). A counting sort by layer (stable).
  auto layer = [](RegionKind k) {
    switch (k) {
      case RegionKind::kBrush:
        return 0;
      case RegionKind::kPolygon:
        return 1;
      case RegionKind::kBox:
        return 2;
      default:
        return 3;
    }
  };
  int counts[5] = {0, 0, 0, 0, 0};
  for (const Region& r : *regions) ++counts[layer(r.kind) + 1];
  for (int k = 1; k < 5; ++k) counts[k] += counts[k - 1];
  for (size_t i = 0; i < n; ++i) order_[counts[layer((*regions)[i].kind)]++] = static_cast<int>(i);
  static const std::string kNoLabel;
  for (size_t i = 0; i < n; ++i) {
    const Region& r = (*regions)[i];
    const bool scored = r.score >= 0;
    looks_[i].color =
        scored ? score_color(r.score)
               : colors_.color(r.from_name, r.labels.empty() ? kNoLabel : r.labels.front());
    looks_[i].hidden = region_hidden(r);
    looks_[i].locked = region_locked(r);
    unhittable_[i] = looks_[i].hidden || looks_[i].locked;
  }
}

void App::finish_stroke(const Task& task) {
  std::vector<Point> stroke = std::move(stroke_);
  stroke_.clear();
  int w = 0, h = 0;
  original_size(task, &w, &h);
  if (w <= 0 || h <= 0 || stroke.empty()) return;
  const bool erase = tool_ == Tool::kEraser;
  const Region* target = nullptr;
  int target_index = -1;
  if (shown_is_mine()) {
    const std::vector<Region>& regions =
        project_.tasks[current_].annotations[source_.index].regions;
    auto fits = [&](const Region& r) {
      return r.kind == RegionKind::kBrush && r.mask.width == w && r.mask.height == h &&
             !region_locked(r);
    };
    if (selected_ >= 0 && selected_ < static_cast<int>(regions.size()) &&
        fits(regions[selected_])) {
      target_index = selected_;
    } else if (erase) {
      // The eraser without a selected mask works on the topmost mask under its start.
      for (int i = static_cast<int>(regions.size()) - 1; i >= 0 && target_index < 0; --i)
        if (fits(regions[i]) && !region_hidden(regions[i]) &&
            mask_contains(regions[i], stroke[0].x, stroke[0].y))
          target_index = i;
    }
    if (target_index >= 0) target = &regions[target_index];
  }
  if (erase && target == nullptr) return;
  std::vector<uint8_t> pixels = target != nullptr
                                    ? brush_mask_to_pixels(target->mask)
                                    : std::vector<uint8_t>(static_cast<size_t>(w) * h, 0);
  paint_stroke(pixels, w, h, stroke, brush_size_, erase ? 0 : 1);
  Result<BrushMask> mask = brush_mask_from_pixels(w, h, pixels);
  if (!mask.ok()) return;
  const bool empty = brush_mask_area(mask.value()) == 0;
  if (target == nullptr) {
    if (empty) return;
    Region r;
    r.kind = RegionKind::kBrush;
    r.mask = std::move(mask).value();
    add_region(std::move(r));
    return;
  }
  EditStep step{task.id, target->id, *target, std::nullopt};
  step.before_index = target_index;
  if (!empty) {
    Region changed = *target;
    changed.mask = std::move(mask).value();
    changed.rle.clear();  // exported from the mask, not the bytes read
    step.after = std::move(changed);
  }
  commit(std::move(step));
}

void App::handle_image_mouse(const Task& task, ImVec2 min, ImVec2 max, double sx, double sy) {
  static_cast<void>(min);
  static_cast<void>(max);
  ImGuiIO& io = ImGui::GetIO();
  int w = 0, h = 0;
  original_size(task, &w, &h);
  if (w <= 0 || h <= 0) return;
  auto to_original = [&](ImVec2 screen) {
    const ImVec2 p = view_.to_image(screen);
    return ImVec2(static_cast<float>(std::clamp(p.x / sx, 0.0, static_cast<double>(w))),
                  static_cast<float>(std::clamp(p.y / sy, 0.0, static_cast<double>(h))));
  };
  auto to_screen = [&](double x, double y) { return view_.to_screen(x * sx, y * sy); };
  const ImVec2 here = to_original(io.MousePos);
  const ImVec2 raw = view_.to_image(io.MousePos);
  const double raw_x = raw.x / sx, raw_y = raw.y / sy;
  // Brush positions: the centre of the image pixel under the pointer.
  auto pixel_centre = [&]() {
    return Point{std::floor(std::min<double>(here.x, w - 0.5)) + 0.5,
                 std::floor(std::min<double>(here.y, h - 0.5)) + 0.5};
  };
  const bool pressed = ImGui::IsItemActivated() && io.MouseClicked[0];
  auto near_screen = [&](ImVec2 a, float radius) {
    return std::hypot(a.x - io.MousePos.x, a.y - io.MousePos.y) <= radius;
  };

  if (pressed) {
    switch (tool_) {
      case Tool::kBox:
        drag_ = Drag::kDrawBox;
        drag_start_ = here;
        break;
      case Tool::kKeypoint: {
        Region r;
        r.kind = RegionKind::kKeypoint;
        r.x = here.x;
        r.y = here.y;
        add_region(std::move(r));
        break;
      }
      case Tool::kPolygon: {
        if (polygon_draft_.size() >= 3) {
          const ImVec2 first = to_screen(polygon_draft_[0].x, polygon_draft_[0].y);
          if (std::hypot(first.x - io.MousePos.x, first.y - io.MousePos.y) <= 8.0f) {
            Region r;
            r.kind = RegionKind::kPolygon;
            r.points = std::move(polygon_draft_);
            polygon_draft_.clear();
            add_region(std::move(r));
            break;
          }
        }
        polygon_draft_.push_back(Point{here.x, here.y});
        break;
      }
      case Tool::kBrush:
      case Tool::kEraser:
        drag_ = Drag::kPaint;
        stroke_.clear();
        stroke_.push_back(pixel_centre());
        break;
      case Tool::kSelect: {
        const std::vector<Region>* regions = shown_regions();
        if (regions == nullptr) break;
        refresh_region_cache();
        const bool shift = io.KeyShift, alt = io.KeyAlt;
        // Handles of the selected region of my annotation: rotate or resize a box, move,
        // insert or delete a polygon's vertex.
        if (!shift && shown_is_mine() && selected_ >= 0 &&
            selected_ < static_cast<int>(regions->size()) && !looks_[selected_].locked) {
          const Region& r = (*regions)[selected_];
          if (r.kind == RegionKind::kBox && near_screen(rotate_handle_, 9.0f)) {
            drag_ = Drag::kRotate;
            drag_before_ = r;
            drag_start_ = here;
            return;
          }
          if (r.kind == RegionKind::kBox) {
            const std::array<Point, 4> corners = box_corners(r);
            for (int c = 0; c < 4; ++c)
              if (const ImVec2 p = to_screen(corners[c].x, corners[c].y);
                  std::abs(p.x - io.MousePos.x) <= 7.0f && std::abs(p.y - io.MousePos.y) <= 7.0f) {
                drag_ = Drag::kResize;
                drag_corner_ = c;
                drag_before_ = r;
                drag_start_ = here;
                return;
              }
          }
          if (r.kind == RegionKind::kPolygon) {
            const int n = static_cast<int>(r.points.size());
            for (int v = 0; v < n; ++v) {
              if (!near_screen(to_screen(r.points[v].x, r.points[v].y), 7.0f)) continue;
              if (alt) {
                if (n > 3) {  // a polygon keeps at least three vertices
                  Region changed = r;
                  changed.points.erase(changed.points.begin() + v);
                  commit(EditStep{task.id, r.id, r, std::move(changed)});
                } else {
                  status_ = "A polygon keeps at least 3 vertices";
                }
                return;
              }
              drag_ = Drag::kVertex;
              drag_corner_ = v;
              drag_before_ = r;
              drag_start_ = here;
              return;
            }
            // Near an edge: Alt+click or a double-click inserts a vertex there; a single
            // click keeps the polygon selected (the first half of a double-click).
            const double tol = 6.0 / (view_.scale * sx);
            for (int v = 0; v < n; ++v) {
              const Point a = r.points[v], b = r.points[(v + 1) % n];
              if (segment_distance2(raw_x, raw_y, a, b) > tol * tol) continue;
              if (alt || io.MouseDoubleClicked[0]) {
                Region changed = r;
                changed.points.insert(changed.points.begin() + v + 1, Point{here.x, here.y});
                commit(EditStep{task.id, r.id, r, std::move(changed)});
              } else {
                drag_ = Drag::kMove;
                drag_before_ = r;
                drag_start_ = here;
              }
              return;
            }
          }
        }
        const int hit = region_at(*regions, raw_x, raw_y, 8.0 / (view_.scale * sx), &unhittable_);
        if (shift) {
          // Shift+click adds or removes a region; Shift+drag on empty image: a rubber band.
          if (hit >= 0) {
            toggle_selected(hit);
          } else {
            drag_ = Drag::kBand;
            band_start_ = io.MousePos;
          }
          break;
        }
        select_region(hit);
        if (selected_ >= 0 && shown_is_mine()) {
          const RegionKind k = (*regions)[selected_].kind;
          if (k == RegionKind::kBox || k == RegionKind::kKeypoint || k == RegionKind::kPolygon) {
            drag_ = Drag::kMove;
            drag_before_ = (*regions)[selected_];
            drag_start_ = here;
          }
        }
        break;
      }
    }
    return;
  }
  if (drag_ == Drag::kNone) return;
  if (drag_ == Drag::kPaint) {
    const Point p = pixel_centre();
    if (stroke_.empty() || stroke_.back().x != p.x || stroke_.back().y != p.y) stroke_.push_back(p);
    if (io.MouseDown[0]) return;
    drag_ = Drag::kNone;
    finish_stroke(task);
    return;
  }
  if (drag_ == Drag::kBand) {
    if (io.MouseDown[0]) return;
    drag_ = Drag::kNone;
    const ImVec2 a(std::min(band_start_.x, io.MousePos.x), std::min(band_start_.y, io.MousePos.y));
    const ImVec2 b(std::max(band_start_.x, io.MousePos.x), std::max(band_start_.y, io.MousePos.y));
    const std::vector<Region>* regions = shown_regions();
    if (regions == nullptr) return;
    refresh_region_cache();
    // Regions wholly inside the band join the selection (hidden and locked ones do not).
    const ImVec2 ia = view_.to_image(a), ib = view_.to_image(b);
    const double bx0 = ia.x / sx, by0 = ia.y / sy, bx1 = ib.x / sx, by1 = ib.y / sy;
    auto inside = [&](double x, double y) { return x >= bx0 && x <= bx1 && y >= by0 && y <= by1; };
    for (int i = 0; i < static_cast<int>(regions->size()); ++i) {
      const Region& r = (*regions)[i];
      if (unhittable_[i]) continue;
      bool in = false;
      if (r.kind == RegionKind::kBox) {
        in = true;
        for (const Point& c : box_corners(r)) in = in && inside(c.x, c.y);
      } else if (r.kind == RegionKind::kPolygon && !r.points.empty()) {
        in = true;
        for (const Point& p : r.points) in = in && inside(p.x, p.y);
      } else if (r.kind == RegionKind::kKeypoint) {
        in = inside(r.x, r.y);
      }
      if (in && !is_selected(i, r)) toggle_selected(i);
    }
    return;
  }
  const int mine = my_annotation(false);
  Region* live = nullptr;
  if ((drag_ == Drag::kMove || drag_ == Drag::kResize || drag_ == Drag::kRotate ||
       drag_ == Drag::kVertex) &&
      mine >= 0) {
    std::vector<Region>& regions = project_.tasks[current_].annotations[mine].regions;
    for (Region& r : regions)
      if (r.id == drag_before_.id) live = &r;
    if (live == nullptr) {
      drag_ = Drag::kNone;
      return;
    }
  }
  if (drag_ == Drag::kMove) {
    *live = translate_region(drag_before_, here.x - drag_start_.x, here.y - drag_start_.y);
  } else if (drag_ == Drag::kResize) {
    // In the box's own frame (u along its top edge, v down its left edge, origin at its
    // top-left corner) the dragged corner follows the pointer and the opposite one stays; the
    // rotation is kept. Unrotated boxes are the case t = 0.
    const Region& b = drag_before_;
    const Point m = image_to_box(b, here.x, here.y);
    double u0 = 0, v0 = 0, u1 = b.width, v1 = b.height;
    if (drag_corner_ == 0 || drag_corner_ == 3) u0 = m.x;
    if (drag_corner_ == 1 || drag_corner_ == 2) u1 = m.x;
    if (drag_corner_ == 0 || drag_corner_ == 1) v0 = m.y;
    if (drag_corner_ == 2 || drag_corner_ == 3) v1 = m.y;
    const Point origin = box_to_image(b, std::min(u0, u1), std::min(v0, v1));
    live->x = origin.x;
    live->y = origin.y;
    live->width = std::abs(u1 - u0);
    live->height = std::abs(v1 - v0);
  } else if (drag_ == Drag::kRotate) {
    // The angle of the pointer seen from the top-left corner is the angle of the top edge
    // (degrees clockwise, y down); Shift snaps to 15 degree steps.
    double deg =
        std::atan2(raw_y - drag_before_.y, raw_x - drag_before_.x) * 180.0 / std::numbers::pi;
    if (io.KeyShift) deg = std::round(deg / 15.0) * 15.0;
    if (deg < 0) deg += 360.0;
    if (deg >= 360.0) deg -= 360.0;
    live->rotation = deg;
    live->has_rotation = true;
  } else if (drag_ == Drag::kVertex) {
    if (drag_corner_ < static_cast<int>(live->points.size()))
      live->points[drag_corner_] = Point{here.x, here.y};
  }
  if (io.MouseDown[0]) return;
  // Released: the drag becomes one edit.
  const Drag finished = drag_;
  drag_ = Drag::kNone;
  if (finished == Drag::kDrawBox) {
    const ImVec2 a = to_screen(drag_start_.x, drag_start_.y), b = to_screen(here.x, here.y);
    if (std::abs(a.x - b.x) < 4 || std::abs(a.y - b.y) < 4) return;
    Region r;
    r.kind = RegionKind::kBox;
    r.x = std::min(drag_start_.x, here.x);
    r.y = std::min(drag_start_.y, here.y);
    r.width = std::abs(here.x - drag_start_.x);
    r.height = std::abs(here.y - drag_start_.y);
    add_region(std::move(r));
    return;
  }
  const bool changed =
      live->x != drag_before_.x || live->y != drag_before_.y || live->width != drag_before_.width ||
      live->height != drag_before_.height || live->rotation != drag_before_.rotation ||
      live->points.size() != drag_before_.points.size() ||
      !std::equal(live->points.begin(), live->points.end(), drag_before_.points.begin(),
                  [](const Point& a, const Point& b) { return a.x == b.x && a.y == b.y; });
  if (!changed || (finished == Drag::kResize && (live->width < 1 || live->height < 1))) {
    *live = drag_before_;
    return;
  }
  commit(EditStep{task.id, drag_before_.id, drag_before_, *live});
}

void App::set_image_tiled(int task_index, int width, int height, const uint8_t* overview_rgba,
                          int overview_width, int overview_height) {
  if (task_index < 0 || task_index >= static_cast<int>(project_.tasks.size())) return;
  auto requested = image_requested_.find(task_index);
  if (requested == image_requested_.end() || !requested->second) return;  // moved on meanwhile
  if (width <= 0 || height <= 0 || overview_rgba == nullptr || overview_width <= 0 ||
      overview_height <= 0) {
    image_failed(task_index, "the image has no pixels");
    return;
  }
  images_.put_tiled(
      task_index,
      std::make_unique<TiledImage>(
          width, height, upload_rgba_texture(overview_rgba, overview_width, overview_height)));
  image_errors_.erase(task_index);
  if (task_index == current_) fit_pending_ = true;
}

void App::set_image_tile(int task_index, int level, int tx, int ty, const uint8_t* rgba, int width,
                         int height) {
  if (TiledImage* tiled = images_.tiled(task_index))
    tiled->put_tile(TileKey{level, tx, ty}, rgba, width, height);
}

}  // namespace localabel::app
