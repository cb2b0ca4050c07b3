#include "app/tiles.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace localabel::app {

namespace {

// Requests unanswered after this many frames are forgotten (and may be made again).
constexpr uint64_t kRequestTimeoutFrames = 1200;

int64_t span_at(int level) { return static_cast<int64_t>(kTileSize) << level; }

}  // namespace

TiledImage::TiledImage(int width, int height, Texture overview)
    : width_(std::max(0, width)), height_(std::max(0, height)), overview_(overview) {
  // Levels whose downscale factor 2^L is below the overview's (coarser ones would be no
  // finer than the overview itself).
  const double factor = overview_.width > 0 && overview_.height > 0
                            ? std::max(static_cast<double>(width_) / overview_.width,
                                       static_cast<double>(height_) / overview_.height)
                            : 1.0;
  levels_ = 1;
  while (levels_ < 16 && std::ldexp(1.0, levels_) < factor) ++levels_;
}

TiledImage::~TiledImage() {
  for (auto& [key, entry] : tiles_) destroy_texture(entry.texture);
  destroy_texture(overview_);
}

int TiledImage::level_for_scale(double scale) const {
  if (!(scale > 0) || width_ <= 0) return -1;
  if (overview_.width > 0 && scale <= static_cast<double>(overview_.width) / width_) return -1;
  if (scale >= 1.0) return 0;
  const int level = static_cast<int>(std::floor(std::log2(1.0 / scale)));
  return std::clamp(level, 0, levels_ - 1);
}

TileRect TiledImage::tile_rect(const TileKey& key) const {
  TileRect r;
  if (key.level < 0 || key.level >= levels_ || key.tx < 0 || key.ty < 0) return r;
  const int64_t span = span_at(key.level);
  const int64_t x = key.tx * span, y = key.ty * span;
  if (x >= width_ || y >= height_) return r;
  r.x = static_cast<int>(x);
  r.y = static_cast<int>(y);
  r.w = static_cast<int>(std::min<int64_t>(span, width_ - x));
  r.h = static_cast<int>(std::min<int64_t>(span, height_ - y));
  const int64_t unit = int64_t{1} << key.level;
  r.out_w = static_cast<int>((r.w + unit - 1) / unit);
  r.out_h = static_cast<int>((r.h + unit - 1) / unit);
  return r;
}

std::vector<TileKey> TiledImage::tiles_covering(int level, double x0, double y0, double x1,
                                                double y1) const {
  std::vector<TileKey> keys;
  if (level < 0 || level >= levels_) return keys;
  x0 = std::max(0.0, x0);
  y0 = std::max(0.0, y0);
  x1 = std::min<double>(width_, x1);
  y1 = std::min<double>(height_, y1);
  if (!(x0 < x1) || !(y0 < y1)) return keys;
  const double span = static_cast<double>(span_at(level));
  const int tx0 = static_cast<int>(std::floor(x0 / span));
  const int ty0 = static_cast<int>(std::floor(y0 / span));
  const int tx1 = static_cast<int>(std::ceil(x1 / span)) - 1;
  const int ty1 = static_cast<int>(std::ceil(y1 / span)) - 1;
  for (int ty = ty0; ty <= ty1; ++ty)
    for (int tx = tx0; tx <= tx1; ++tx) keys.push_back(TileKey{level, tx, ty});
  return keys;
}

bool TiledImage::put_tile(const TileKey& key, const uint8_t* rgba, int out_w, int out_h) {
  if (requested_.erase(key) > 0) stats_.in_flight = static_cast<int>(requested_.size());
  const TileRect r = tile_rect(key);
  if (r.w == 0 || rgba == nullptr || out_w != r.out_w || out_h != r.out_h) return false;
  auto it = tiles_.find(key);
  if (it != tiles_.end()) destroy_texture(it->second.texture);
  tiles_[key] = Entry{upload_rgba_texture(rgba, out_w, out_h), frame_};
  ++stats_.loaded;
  evict_beyond_bound();
  stats_.resident = static_cast<int>(tiles_.size());
  stats_.max_resident = std::max(stats_.max_resident, stats_.resident);
  return true;
}

void TiledImage::evict_beyond_bound() {
  // Tiles of the level shown are marked used each frame they are visible; the others (and
  // tiles no longer visible) are older, so they go first.
  while (static_cast<int>(tiles_.size()) > kMaxResidentTiles) {
    auto oldest = tiles_.begin();
    for (auto it = tiles_.begin(); it != tiles_.end(); ++it)
      if (it->second.last_used < oldest->second.last_used) oldest = it;
    destroy_texture(oldest->second.texture);
    tiles_.erase(oldest);
    ++stats_.evicted;
  }
}

void TiledImage::draw(int task_index, const ViewTransform& view, ImVec2 min, ImVec2 max,
                      ImDrawList* dl) {
  ++frame_;
  stats_.drawn = 0;
  stats_.visible = 0;
  stats_.visible_resident = 0;
  // Forget requests the page never answered.
  for (auto it = requested_.begin(); it != requested_.end();)
    it = frame_ - it->second > kRequestTimeoutFrames ? requested_.erase(it) : std::next(it);
  stats_.in_flight = static_cast<int>(requested_.size());

  const ImVec2 a = view.to_image(min), b = view.to_image(max);
  const double x0 = std::max(0.0, static_cast<double>(std::min(a.x, b.x)));
  const double y0 = std::max(0.0, static_cast<double>(std::min(a.y, b.y)));
  const double x1 = std::min<double>(width_, std::max(a.x, b.x));
  const double y1 = std::min<double>(height_, std::max(a.y, b.y));
  const int level = level_for_scale(view.scale);
  stats_.level = level;
  if (level < 0 || !(x0 < x1) || !(y0 < y1)) return;  // the overview is enough

  // The level shown: mark its resident tiles used, ask for the missing ones nearest the
  // centre of the view first.
  const std::vector<TileKey> wanted = tiles_covering(level, x0, y0, x1, y1);
  stats_.visible = static_cast<int>(wanted.size());
  std::vector<std::pair<double, TileKey>> missing;
  const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  for (const TileKey& key : wanted) {
    auto it = tiles_.find(key);
    if (it != tiles_.end()) {
      it->second.last_used = frame_;
      ++stats_.visible_resident;
      continue;
    }
    if (requested_.count(key) > 0) continue;
    const TileRect r = tile_rect(key);
    missing.emplace_back(std::hypot(r.x + r.w / 2.0 - cx, r.y + r.h / 2.0 - cy), key);
  }
  std::sort(missing.begin(), missing.end());
  for (const auto& [distance, key] : missing) {
    if (static_cast<int>(requested_.size()) >= kMaxTileRequests) break;
    requested_.emplace(key, frame_);
    ++stats_.requested;
    platform_request_image_tile(task_index, key, tile_rect(key));
  }
  stats_.in_flight = static_cast<int>(requested_.size());

  // Resident tiles over the visible region, coarsest first, so the finest available pixels
  // end on top; where none is resident the overview (drawn before) shows through.
  std::vector<std::pair<TileKey, const Texture*>> shown;
  for (const auto& [key, entry] : tiles_) {
    const TileRect r = tile_rect(key);
    if (r.x + r.w <= x0 || r.x >= x1 || r.y + r.h <= y0 || r.y >= y1) continue;
    shown.emplace_back(key, &entry.texture);
  }
  std::stable_sort(shown.begin(), shown.end(),
                   [](const auto& p, const auto& q) { return p.first.level > q.first.level; });
  for (const auto& [key, texture] : shown) {
    const TileRect r = tile_rect(key);
    dl->AddImage(texture->imgui_id(), view.to_screen(r.x, r.y),
                 view.to_screen(r.x + r.w, r.y + r.h));
    ++stats_.drawn;
  }
}

Json TiledImage::stats_json() const {
  return Json{{"resident", stats_.resident},
              {"max_resident", stats_.max_resident},
              {"requested", stats_.requested},
              {"loaded", stats_.loaded},
              {"evicted", stats_.evicted},
              {"in_flight", stats_.in_flight},
              {"level", stats_.level},
              {"visible", stats_.visible},
              {"visible_resident", stats_.visible_resident},
              {"drawn", stats_.drawn},
              {"tile_size", kTileSize},
              {"max_tiles", kMaxResidentTiles},
              {"levels", levels_},
              {"width", width_},
              {"height", height_}};
}

}  // namespace localabel::app
