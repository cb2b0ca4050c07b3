// Large images shown through tiles: a downscaled overview that is always resident, and tiles
// of a level-of-detail pyramid requested from the page for the visible region only, with a
// least-recently-used bound on the tile textures kept.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <vector>

#include "app/textures.h"
#include "app/view.h"
#include "imgui.h"
#include "localabel/project.h"

namespace localabel::app {

/// Images with a side longer than this (pixels) are shown through tiles; smaller ones are
/// one texture (WebGL2 guarantees 2048, SwiftShader offers 8192).
constexpr int kTiledAbove = 4096;
/// Side of a tile texture in pixels (of its level).
constexpr int kTileSize = 1024;
/// Most tile textures resident at once (4 MiB each): 96 MiB.
constexpr int kMaxResidentTiles = 24;
/// Most tile requests the page is working on at once.
constexpr int kMaxTileRequests = 4;

/// A tile of the pyramid. Level L has 1 / 2^L of the full resolution; its tile (tx, ty)
/// covers full-resolution pixels [tx, tx + 1) * kTileSize * 2^L (likewise in y), cut at the
/// image's edge.
struct TileKey {
  int level = 0;
  int tx = 0;
  int ty = 0;
  auto operator<=>(const TileKey&) const = default;
};

/// Where a tile lies in the full-resolution image (x, y, w, h in pixels) and the size of
/// its texture (out_w, out_h = w, h divided by 2^level, rounded up).
struct TileRect {
  int x = 0, y = 0, w = 0, h = 0;
  int out_w = 0, out_h = 0;
};

/// Counters of a tiled image, reported in the app's state.
struct TileStats {
  int resident = 0;          ///< tile textures held now
  int max_resident = 0;      ///< most held at once so far
  int64_t requested = 0;     ///< tiles asked of the page so far
  int64_t loaded = 0;        ///< tiles received and uploaded so far
  int64_t evicted = 0;       ///< tile textures deleted to stay within the bound
  int in_flight = 0;         ///< requests not answered yet
  int level = -1;            ///< level chosen in the last frame; -1 = the overview suffices
  int visible = 0;           ///< tiles of that level covering the visible region
  int visible_resident = 0;  ///< of which resident (drawn at that level)
  int drawn = 0;             ///< tile textures drawn in the last frame (all levels)
};

/// Asks the page for one tile of task `task_index`'s image: full-resolution pixels
/// rect.x .. rect.x + rect.w (likewise y) scaled to rect.out_w x rect.out_h. The page answers
/// with App::set_image_tile. Implemented by the platform (frontend/platform_web.cpp).
void platform_request_image_tile(int task_index, const TileKey& key, const TileRect& rect);

/// A large image: its full size, an overview texture and a bounded cache of tile textures.
/// Owns its textures (deleted with it). Not copyable.
class TiledImage {
 public:
  /// `overview` is the whole image scaled to its own size (longest side typically 2048);
  /// `width` x `height` is the full resolution in pixels.
  TiledImage(int width, int height, Texture overview);
  ~TiledImage();
  TiledImage(const TiledImage&) = delete;
  TiledImage& operator=(const TiledImage&) = delete;

  int width() const { return width_; }
  int height() const { return height_; }
  /// The overview with the full image's size as its width and height (the view works in
  /// full-resolution pixels).
  Texture overview() const { return Texture{overview_.id, width_, height_}; }

  /// The number of levels: the coarsest level L has 2^L >= the overview's downscale factor.
  int levels() const { return levels_; }
  /// The level to show at `scale` (screen pixels per full-resolution pixel): the coarsest
  /// whose pixels are no larger than a screen pixel, i.e. the largest L with
  /// scale * 2^L <= 1 (0 when scale >= 1); -1 when the overview is at least that fine
  /// (scale <= overview width / full width). Non-positive scales give -1.
  int level_for_scale(double scale) const;
  /// The pixels a tile covers; w = h = 0 for keys outside the pyramid.
  TileRect tile_rect(const TileKey& key) const;
  /// Tiles of `level` that intersect full-resolution rectangle [x0, x1) x [y0, y1) (clipped
  /// to the image), row by row; empty for an empty intersection or a level outside
  /// [0, levels()).
  std::vector<TileKey> tiles_covering(int level, double x0, double y0, double x1, double y1) const;

  /// Takes the pixels of a requested tile (out_w * out_h * 4 bytes RGBA). Returns false and
  /// keeps nothing when the key is outside the pyramid or the size is not the tile's. Then
  /// deletes least-recently-used tiles (a tile is used in each frame it is visible at the
  /// level shown) until at most kMaxResidentTiles remain.
  bool put_tile(const TileKey& key, const uint8_t* rgba, int out_w, int out_h);

  /// Draws into `dl`, for `view` inside the screen rectangle [min, max], the resident tiles
  /// that intersect the visible region, coarsest level first, over the overview the caller
  /// drew stretched over the whole image (which shows where no tile is resident). Requests missing
  /// tiles of the chosen level for task `task_index` (those nearest the centre first, at most
  /// kMaxTileRequests at once).
  void draw(int task_index, const ViewTransform& view, ImVec2 min, ImVec2 max, ImDrawList* dl);

  const TileStats& stats() const { return stats_; }
  /// The counters as JSON: resident, max_resident, requested, loaded, evicted, in_flight,
  /// level, visible, visible_resident, drawn, tile_size, max_tiles, levels, width, height.
  Json stats_json() const;

 private:
  struct Entry {
    Texture texture;
    uint64_t last_used = 0;
  };
  void evict_beyond_bound();

  int width_ = 0;
  int height_ = 0;
  Texture overview_;
  int levels_ = 1;
  std::map<TileKey, Entry> tiles_;
  std::map<TileKey, uint64_t> requested_;  ///< unanswered requests: the frame they were made
  uint64_t frame_ = 0;  ///< draw() calls so far; tiles drawn now have last_used == frame_
  TileStats stats_;
};

}  // namespace localabel::app
