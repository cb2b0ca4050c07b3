// GL textures for task images and mask overlays.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "imgui.h"

namespace localabel::app {

struct Texture {
  unsigned id = 0;  ///< GL texture name; 0 = none
  int width = 0;
  int height = 0;
  ImTextureID imgui_id() const { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id)); }
};

/// Uploads width * height RGBA bytes into a new texture (linear filtering when minifying,
/// nearest when magnifying so pixels stay visible at high zoom).
Texture upload_rgba_texture(const uint8_t* rgba, int width, int height);
/// How many textures have been uploaded so far: a frame that draws the same draw lists after
/// an upload may still show other pixels (a texture name can be reused).
uint64_t texture_uploads();

/// Deletes the texture (no-op for id 0) and resets it.
void destroy_texture(Texture& texture);

class TiledImage;  // app/tiles.h

/// Owns textures by integer key (task index): one texture per image, or a tiled image (its
/// overview stands for it in find()).
class TextureCache {
 public:
  TextureCache();
  ~TextureCache();
  TextureCache(const TextureCache&) = delete;
  TextureCache& operator=(const TextureCache&) = delete;
  /// Replaces whatever `key` held by a single texture.
  void put(int key, Texture texture);
  /// Replaces whatever `key` held by a tiled image (null: removes it).
  void put_tiled(int key, std::unique_ptr<TiledImage> image);
  /// The texture of `key`; for a tiled image its overview, whose width and height are the
  /// full image's. Null when none.
  const Texture* find(int key) const;
  /// The tiled image of `key`; null when none (or when it is a single texture).
  TiledImage* tiled(int key) const;
  /// Deletes every texture whose key is outside [first, last].
  void keep_only(int first, int last);
  void clear();
  size_t size() const { return textures_.size(); }

 private:
  void erase(int key);
  std::map<int, Texture> textures_;  ///< single textures, and overviews (owned by tiled_)
  std::map<int, std::unique_ptr<TiledImage>> tiled_;
};

}  // namespace localabel::app
