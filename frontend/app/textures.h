// GL textures for task images and mask overlays.
#pragma once

#include <cstdint>
#include <map>
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

/// Deletes the texture (no-op for id 0) and resets it.
void destroy_texture(Texture& texture);

/// Owns textures by integer key (task index).
class TextureCache {
 public:
  ~TextureCache();
  void put(int key, Texture texture);
  const Texture* find(int key) const;
  /// Deletes every texture whose key is outside [first, last].
  void keep_only(int first, int last);
  void clear();
  size_t size() const { return textures_.size(); }

 private:
  std::map<int, Texture> textures_;
};

}  // namespace localabel::app
