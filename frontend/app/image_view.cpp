// Drawing of image tasks: the image, its regions in label colours, pan and zoom.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "app/app.h"
#include "app/hit_test.h"
#include "app/platform.h"

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

void label_tag(ImDrawList* dl, ImVec2 at, ImU32 color, const char* text) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 min(at.x, at.y - size.y - 2);
  dl->AddRectFilled(min, ImVec2(min.x + size.x + 6, at.y), with_alpha(color, 0.85f));
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
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle);
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
  if (fit_pending_) {
    view_ = fit_view(min, max, tex->width, tex->height);
    fit_pending_ = false;
  }

  // Zoom around the pointer; pan with the middle button, or the left one while space is held.
  const bool pointer_inside = io.MousePos.x >= min.x && io.MousePos.x < max.x &&
                              io.MousePos.y >= min.y && io.MousePos.y < max.y;
  if (pointer_inside && wheel_ != 0.0f)
    view_ = zoom_view(view_, io.MousePos, std::pow(1.15f, std::clamp(wheel_, -5.0f, 5.0f)));
  const bool space = ImGui::IsKeyDown(GLFW_KEY_SPACE);
  if (ImGui::IsItemActive() &&
      (ImGui::IsMouseDown(ImGuiMouseButton_Middle) || (space && ImGui::IsMouseDown(0)))) {
    view_.offset.x += io.MouseDelta.x;
    view_.offset.y += io.MouseDelta.y;
    panning_ = true;
  } else {
    panning_ = false;
  }
  if (hovered && (space || panning_)) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(min, max, true);
  dl->AddImage(tex->imgui_id(), view_.to_screen(0, 0), view_.to_screen(tex->width, tex->height));

  // Regions are in pixels of the original image; the texture may be a scaled copy.
  int orig_w = 0, orig_h = 0;
  original_size(task, &orig_w, &orig_h);
  const double sx = orig_w > 0 ? static_cast<double>(tex->width) / orig_w : 1.0;
  const double sy = orig_h > 0 ? static_cast<double>(tex->height) / orig_h : 1.0;
  if (!space) handle_image_mouse(task, min, max, sx, sy);

  const std::vector<Region>* regions = shown_regions();
  if (regions == nullptr) {
    dl->PopClipRect();
    return;
  }
  if (mask_task_ != current_ || mask_source_.prediction != source_.prediction ||
      mask_source_.index != source_.index)
    rebuild_mask_textures(task);

  // Masks at the bottom, then polygons, boxes, and keypoints on top, so that small things
  // stay visible; within a kind, file order.
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
  const double regions_t0 = platform_now_ms();
  // A counting sort by layer (stable): cheaper than a comparison sort with many regions.
  std::vector<int> order(regions->size());
  {
    int counts[5] = {0, 0, 0, 0, 0};
    for (const Region& r : *regions) ++counts[layer(r.kind) + 1];
    for (int k = 1; k < 5; ++k) counts[k] += counts[k - 1];
    for (int i = 0; i < static_cast<int>(regions->size()); ++i)
      order[counts[layer((*regions)[i].kind)]++] = i;
  }
  // Colours of (label set, label) pairs seen this frame: no string building per region.
  struct CachedColor {
    const std::string* from_name;
    const std::string* label;
    ImU32 color;
  };
  std::vector<CachedColor> color_cache;
  auto label_color = [&](const std::string& from_name, const std::string& label) {
    for (const CachedColor& c : color_cache)
      if (*c.from_name == from_name && *c.label == label) return c.color;
    const ImU32 c = colors_.color(from_name, label);
    if (color_cache.size() < 64) color_cache.push_back({&from_name, &label, c});
    return c;
  };
  static const std::string kNoLabel;
  report_.regions.reserve(regions->size());
  std::vector<ImVec2> pts;
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
  for (int i : order) {
    const Region& r = (*regions)[i];
    const std::string& label = r.labels.empty() ? kNoLabel : r.labels.front();
    // In review mode (a prediction shown) colours say how sure the model was.
    const bool scored = source_.prediction && r.score >= 0;
    const bool needs_review = scored && r.score < project_.settings.review_threshold;
    const ImU32 color = scored ? score_color(r.score) : label_color(r.from_name, label);
    // Regions are in pixels of the original image; the texture may be a scaled copy.
    const double sx = r.image_width > 0 ? static_cast<double>(tex->width) / r.image_width : 1.0;
    const double sy = r.image_height > 0 ? static_cast<double>(tex->height) / r.image_height : 1.0;
    auto at = [&](double x, double y) { return view_.to_screen(x * sx, y * sy); };
    pts.clear();
    switch (r.kind) {
      case RegionKind::kBox: {
        if (r.rotation == 0) {
          // Axis-aligned: a filled rectangle and four edge strips written straight into the
          // vertex buffer (20 vertices, no anti-aliasing work), the common case at scale.
          const ImVec2 a = at(r.x, r.y), b = at(r.x + r.width, r.y + r.height);
          if (b.x < min.x || a.x > max.x || b.y < min.y || a.y > max.y) continue;  // off screen
          if (b.x - a.x < 6 && b.y - a.y < 6) {
            // Level of detail: a box a few pixels across is drawn as one solid rectangle
            // (its outline would cover it anyway): 4 vertices instead of 16 to 20.
            dl->PrimReserve(6, 4);
            dl->PrimRect(a, ImVec2(std::max(b.x, a.x + 1), std::max(b.y, a.y + 1)), color);
            pts.push_back(a);
            pts.push_back(b);
            break;
          }
          const float t = std::min(2.0f, std::max(1.0f, std::min(b.x - a.x, b.y - a.y) * 0.25f));
          // Boxes a few pixels wide are nearly all outline: no fill (fewer vertices).
          const bool fill = b.x - a.x > 8 && b.y - a.y > 8;
          dl->PrimReserve(fill ? 30 : 24, fill ? 20 : 16);
          if (fill) dl->PrimRect(a, b, with_alpha(color, 0.18f));
          dl->PrimRect(a, ImVec2(b.x, a.y + t), color);
          dl->PrimRect(ImVec2(a.x, b.y - t), b, color);
          dl->PrimRect(ImVec2(a.x, a.y + t), ImVec2(a.x + t, b.y - t), color);
          dl->PrimRect(ImVec2(b.x - t, a.y + t), ImVec2(b.x, b.y - t), color);
          pts.push_back(a);
          pts.push_back(b);
          break;
        }
        const double a = r.rotation * std::numbers::pi / 180.0;
        const double c = std::cos(a), s = std::sin(a);
        // Clockwise rotation on screen (y down) around the top-left corner.
        auto corner = [&](double u, double v) {
          return at(r.x + u * c - v * s, r.y + u * s + v * c);
        };
        pts = {corner(0, 0), corner(r.width, 0), corner(r.width, r.height), corner(0, r.height)};
        const float x0 = std::min({pts[0].x, pts[1].x, pts[2].x, pts[3].x});
        const float x1 = std::max({pts[0].x, pts[1].x, pts[2].x, pts[3].x});
        const float y0 = std::min({pts[0].y, pts[1].y, pts[2].y, pts[3].y});
        const float y1 = std::max({pts[0].y, pts[1].y, pts[2].y, pts[3].y});
        if (x1 < min.x || x0 > max.x || y1 < min.y || y0 > max.y) continue;  // off screen
        // The translucent fill needs no anti-aliased fringe (cheaper with many boxes).
        const ImDrawListFlags flags = dl->Flags;
        dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
        if (x1 - x0 < 8 && y1 - y0 < 8) {
          // Level of detail, as for small axis-aligned boxes: one solid quad, no outline.
          dl->AddConvexPolyFilled(pts.data(), 4, color);
          dl->Flags = flags;
          break;
        }
        dl->AddConvexPolyFilled(pts.data(), 4, with_alpha(color, 0.18f));
        // Small boxes need no anti-aliased outline either.
        if (x1 - x0 < 24 && y1 - y0 < 24) dl->Flags &= ~ImDrawListFlags_AntiAliasedLines;
        dl->AddPolyline(pts.data(), 4, color, ImDrawFlags_Closed, 2.0f);
        dl->Flags = flags;
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
    DrawnRegion d{{}, r.kind, {}, pts[0], pts[0], r.score, needs_review, i};
    for (const ImVec2& p : pts) {
      d.min = ImVec2(std::min(d.min.x, p.x), std::min(d.min.y, p.y));
      d.max = ImVec2(std::max(d.max.x, p.x), std::max(d.max.y, p.y));
    }
    // Name tags only where they fit: on regions at least 40 screen pixels wide.
    if ((r.kind == RegionKind::kBox || r.kind == RegionKind::kPolygon) && d.max.x - d.min.x >= 40) {
      std::string tag = label;
      if (r.score >= 0) {
        char buf[16];
        std::snprintf(buf, sizeof buf, " %.2f", r.score);
        tag += buf;
        if (needs_review) tag += " review";
      }
      label_tag(dl, r.kind == RegionKind::kBox ? pts[0] : d.min, color, tag.c_str());
    }
    if (needs_review) {
      // A second, white outline marks what the annotator has to look at.
      dl->AddRect(ImVec2(d.min.x - 3, d.min.y - 3), ImVec2(d.max.x + 3, d.max.y + 3),
                  IM_COL32(255, 255, 255, 200), 0.0f, 0, 1.0f);
      ++report_.needs_review;
    }
    if (i == selected_) {
      // Selection: a white frame with corner handles (the future resize handles).
      const ImU32 white = IM_COL32(255, 255, 255, 255);
      dl->AddRect(ImVec2(d.min.x - 2, d.min.y - 2), ImVec2(d.max.x + 2, d.max.y + 2), white, 0.0f,
                  0, 2.0f);
      for (const ImVec2& c : {d.min, ImVec2(d.max.x, d.min.y), d.max, ImVec2(d.min.x, d.max.y)})
        dl->AddRectFilled(ImVec2(c.x - 4, c.y - 4), ImVec2(c.x + 4, c.y + 4), white);
    }
    report_.regions.push_back(std::move(d));
    ++report_.regions_drawn;
  }
  report_.regions_ms = platform_now_ms() - regions_t0;
  dl->PopClipRect();
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
  const bool pressed = ImGui::IsItemActivated() && io.MouseClicked[0];

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
      case Tool::kSelect: {
        const std::vector<Region>* regions = shown_regions();
        if (regions == nullptr) break;
        // A corner handle of the selected (unrotated) box resizes it.
        if (shown_is_mine() && selected_ >= 0 && selected_ < static_cast<int>(regions->size())) {
          const Region& r = (*regions)[selected_];
          if (r.kind == RegionKind::kBox && r.rotation == 0) {
            const ImVec2 corners[4] = {to_screen(r.x, r.y), to_screen(r.x + r.width, r.y),
                                       to_screen(r.x + r.width, r.y + r.height),
                                       to_screen(r.x, r.y + r.height)};
            for (int c = 0; c < 4; ++c)
              if (std::abs(corners[c].x - io.MousePos.x) <= 7.0f &&
                  std::abs(corners[c].y - io.MousePos.y) <= 7.0f) {
                drag_ = Drag::kResize;
                drag_corner_ = c;
                drag_before_ = r;
                drag_start_ = here;
                return;
              }
          }
        }
        const ImVec2 p = view_.to_image(io.MousePos);
        select_region(region_at(*regions, p.x / sx, p.y / sy, 8.0 / (view_.scale * sx)));
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
  const int mine = my_annotation(false);
  Region* live = nullptr;
  if ((drag_ == Drag::kMove || drag_ == Drag::kResize) && mine >= 0) {
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
    double x0 = drag_before_.x, y0 = drag_before_.y;
    double x1 = x0 + drag_before_.width, y1 = y0 + drag_before_.height;
    if (drag_corner_ == 0 || drag_corner_ == 3) x0 = here.x;
    if (drag_corner_ == 1 || drag_corner_ == 2) x1 = here.x;
    if (drag_corner_ == 0 || drag_corner_ == 1) y0 = here.y;
    if (drag_corner_ == 2 || drag_corner_ == 3) y1 = here.y;
    live->x = std::min(x0, x1);
    live->y = std::min(y0, y1);
    live->width = std::abs(x1 - x0);
    live->height = std::abs(y1 - y0);
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
      live->height != drag_before_.height || live->points.size() != drag_before_.points.size() ||
      !std::equal(live->points.begin(), live->points.end(), drag_before_.points.begin(),
                  [](const Point& a, const Point& b) { return a.x == b.x && a.y == b.y; });
  if (!changed || (finished == Drag::kResize && (live->width < 1 || live->height < 1))) {
    *live = drag_before_;
    return;
  }
  commit(EditStep{task.id, drag_before_.id, drag_before_, *live});
}

}  // namespace localabel::app
