#include "app/view.h"

#include <algorithm>

namespace localabel::app {

namespace {
ViewTransform centred(ImVec2 min, ImVec2 max, int width, int height, float scale) {
  ViewTransform v;
  v.scale = scale;
  v.offset = ImVec2((min.x + max.x - scale * static_cast<float>(width)) * 0.5f,
                    (min.y + max.y - scale * static_cast<float>(height)) * 0.5f);
  return v;
}
}  // namespace

ViewTransform fit_view(ImVec2 min, ImVec2 max, int width, int height) {
  if (width <= 0 || height <= 0) return ViewTransform{1.0f, min};
  const float margin = 8.0f;
  const float avail_w = std::max(1.0f, max.x - min.x - 2 * margin);
  const float avail_h = std::max(1.0f, max.y - min.y - 2 * margin);
  const float scale = std::clamp(
      std::min(avail_w / static_cast<float>(width), avail_h / static_cast<float>(height)),
      kMinScale, kMaxScale);
  return centred(min, max, width, height, scale);
}

ViewTransform actual_size_view(ImVec2 min, ImVec2 max, int width, int height) {
  return centred(min, max, std::max(width, 0), std::max(height, 0), 1.0f);
}

ViewTransform zoom_view(const ViewTransform& view, ImVec2 anchor, float factor) {
  const ImVec2 image_point = view.to_image(anchor);
  ViewTransform v;
  v.scale = std::clamp(view.scale * factor, kMinScale, kMaxScale);
  v.offset = ImVec2(anchor.x - v.scale * image_point.x, anchor.y - v.scale * image_point.y);
  return v;
}

}  // namespace localabel::app
