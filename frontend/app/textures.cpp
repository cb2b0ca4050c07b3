#include "app/textures.h"

#include <GLES3/gl3.h>

#include <vector>

#include "app/tiles.h"

namespace localabel::app {

namespace {
uint64_t g_uploads = 0;  // the GL context is one per page, and so is this count
}  // namespace

uint64_t texture_uploads() { return g_uploads; }

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
  ++g_uploads;
  t.width = width;
  t.height = height;
  return t;
}

void destroy_texture(Texture& texture) {
  if (texture.id != 0) glDeleteTextures(1, &texture.id);
  texture = Texture{};
}

TextureCache::TextureCache() = default;

TextureCache::~TextureCache() { clear(); }

void TextureCache::erase(int key) {
  auto it = textures_.find(key);
  if (it == textures_.end()) return;
  if (tiled_.erase(key) == 0) destroy_texture(it->second);  // a tiled image owns its overview
  textures_.erase(it);
}

void TextureCache::put(int key, Texture texture) {
  erase(key);
  textures_[key] = texture;
}

void TextureCache::put_tiled(int key, std::unique_ptr<TiledImage> image) {
  erase(key);
  if (!image) return;
  textures_[key] = image->overview();
  tiled_[key] = std::move(image);
}

const Texture* TextureCache::find(int key) const {
  auto it = textures_.find(key);
  return it == textures_.end() ? nullptr : &it->second;
}

TiledImage* TextureCache::tiled(int key) const {
  auto it = tiled_.find(key);
  return it == tiled_.end() ? nullptr : it->second.get();
}

void TextureCache::keep_only(int first, int last) {
  std::vector<int> dropped;
  for (const auto& [key, tex] : textures_)
    if (key < first || key > last) dropped.push_back(key);
  for (int key : dropped) erase(key);
}

void TextureCache::clear() {
  std::vector<int> keys;
  for (const auto& [key, tex] : textures_) keys.push_back(key);
  for (int key : keys) erase(key);
}

}  // namespace localabel::app
