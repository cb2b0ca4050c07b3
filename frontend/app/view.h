// The image view's transform between image pixels and screen (canvas) pixels.
#pragma once

#include "imgui.h"

namespace localabel::app {

/// screen = offset + scale * image. Scale is screen pixels per image pixel.
struct ViewTransform {
  float scale = 1.0f;
  ImVec2 offset{0, 0};

  ImVec2 to_screen(double x, double y) const {
    return ImVec2(offset.x + scale * static_cast<float>(x),
                  offset.y + scale * static_cast<float>(y));
  }
  ImVec2 to_image(ImVec2 screen) const {
    return ImVec2((screen.x - offset.x) / scale, (screen.y - offset.y) / scale);
  }
};

/// Smallest and largest zoom (screen pixels per image pixel).
constexpr float kMinScale = 1.0f / 64.0f;
constexpr float kMaxScale = 64.0f;

/// The transform that shows an image of `width` x `height` pixels whole and centred in the
/// rectangle [min, max], with a small margin. Identity scale when the image has no size.
ViewTransform fit_view(ImVec2 min, ImVec2 max, int width, int height);

/// The transform at 100 % (one image pixel per screen pixel), centred in [min, max].
ViewTransform actual_size_view(ImVec2 min, ImVec2 max, int width, int height);

/// Zooms by `factor` keeping the image point under `anchor` (screen) fixed; the scale is
/// clamped to [kMinScale, kMaxScale].
ViewTransform zoom_view(const ViewTransform& view, ImVec2 anchor, float factor);

}  // namespace localabel::app
