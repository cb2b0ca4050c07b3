#include "app/textures.h"

#include <GLES3/gl3.h>

namespace localabel::app {

Texture upload_rgba_texture(const uint8_t* rgba, int width, int height) {
  Texture t;
  if (width <= 0 || height <= 0) return t;
  glGenTextures(1, &t.id);
  glBindTexture(GL_TEXTURE_2D, t.id);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  t.width = width;
  t.height = height;
  return t;
}

void destroy_texture(Texture& texture) {
  if (texture.id != 0) glDeleteTextures(1, &texture.id);
  texture = Texture{};
}

TextureCache::~TextureCache() { clear(); }

void TextureCache::put(int key, Texture texture) {
  auto it = textures_.find(key);
  if (it != textures_.end()) destroy_texture(it->second);
  textures_[key] = texture;
}

const Texture* TextureCache::find(int key) const {
  auto it = textures_.find(key);
  return it == textures_.end() ? nullptr : &it->second;
}

void TextureCache::keep_only(int first, int last) {
  for (auto it = textures_.begin(); it != textures_.end();) {
    if (it->first < first || it->first > last) {
      destroy_texture(it->second);
      it = textures_.erase(it);
    } else {
      ++it;
    }
  }
}

void TextureCache::clear() {
  for (auto& [key, tex] : textures_) destroy_texture(tex);
  textures_.clear();
}

}  // namespace localabel::app
