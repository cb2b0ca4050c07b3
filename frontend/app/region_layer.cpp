#include "app/region_layer.h"

#include <GLES3/gl3.h>

#include <cmath>
#include <cstddef>

namespace localabel::app {

namespace {

GLuint compile(GLenum type, const char* source) {
  const GLuint shader = glCreateShader(type);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

}  // namespace

RegionLayer::~RegionLayer() {
  if (program_ != 0) glDeleteProgram(program_);
  if (vbo_ != 0) glDeleteBuffers(1, &vbo_);
  if (ibo_ != 0) glDeleteBuffers(1, &ibo_);
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
}

bool RegionLayer::ready() {
  if (program_ != 0) return true;
  if (failed_) return false;
  static const char* const kVertex =
      "#version 300 es\n"
      "uniform mat4 projection;\n"
      "layout (location = 0) in vec2 position;\n"
      "layout (location = 1) in vec4 color;\n"
      "out vec4 frag_color;\n"
      "void main() { frag_color = color; gl_Position = projection * vec4(position, 0, 1); }\n";
  static const char* const kFragment =
      "#version 300 es\n"
      "precision mediump float;\n"
      "in vec4 frag_color;\n"
      "out vec4 out_color;\n"
      "void main() { out_color = frag_color; }\n";
  const GLuint vs = compile(GL_VERTEX_SHADER, kVertex);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, kFragment);
  GLint linked = 0;
  GLuint program = 0;
  if (vs != 0 && fs != 0) {
    program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glGetProgramiv(program, GL_LINK_STATUS, &linked);
  }
  if (vs != 0) glDeleteShader(vs);
  if (fs != 0) glDeleteShader(fs);
  if (!linked) {
    if (program != 0) glDeleteProgram(program);
    failed_ = true;
    return false;
  }
  program_ = program;
  projection_ = glGetUniformLocation(program_, "projection");
  GLint last_vao = 0, last_buffer = 0;
  glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &last_vao);
  glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &last_buffer);
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glGenBuffers(1, &ibo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo_);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                        reinterpret_cast<void*>(offsetof(Vertex, x)));
  glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Vertex),
                        reinterpret_cast<void*>(offsetof(Vertex, color)));
  glBindVertexArray(static_cast<GLuint>(last_vao));
  glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(last_buffer));
  return true;
}

void RegionLayer::clear() {
  vertices_.clear();
  indices_.clear();
  dirty_ = true;
  ++generation_;
}

void RegionLayer::add_quad(ImVec2 p0, ImVec2 p1, ImVec2 p2, ImVec2 p3, ImU32 color) {
  const uint32_t base = static_cast<uint32_t>(vertices_.size());
  vertices_.push_back({p0.x, p0.y, color});
  vertices_.push_back({p1.x, p1.y, color});
  vertices_.push_back({p2.x, p2.y, color});
  vertices_.push_back({p3.x, p3.y, color});
  for (uint32_t k : {0u, 1u, 2u, 0u, 2u, 3u}) indices_.push_back(base + k);
}

void RegionLayer::add_rect(ImVec2 a, ImVec2 b, ImU32 color) {
  add_quad(a, ImVec2(b.x, a.y), b, ImVec2(a.x, b.y), color);
}

void RegionLayer::add_line(ImVec2 a, ImVec2 b, ImU32 color, float thickness) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  // Half the thickness along the normal on each side.
  const float nx = -dy / len * thickness * 0.5f, ny = dx / len * thickness * 0.5f;
  add_quad(ImVec2(a.x + nx, a.y + ny), ImVec2(b.x + nx, b.y + ny), ImVec2(b.x - nx, b.y - ny),
           ImVec2(a.x - nx, a.y - ny), color);
}

void RegionLayer::draw(ImDrawList* dl, ImVec2 clip_min, ImVec2 clip_max) {
  if (indices_.empty()) return;
  clip_ = ImVec4(clip_min.x, clip_min.y, clip_max.x, clip_max.y);
  dl->AddCallback(&RegionLayer::render, this);
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void RegionLayer::render(const ImDrawList*, const ImDrawCmd* cmd) {
  RegionLayer* self = static_cast<RegionLayer*>(cmd->UserCallbackData);
  const ImDrawData* data = ImGui::GetDrawData();
  if (self == nullptr || data == nullptr || self->program_ == 0) return;
  const float l = data->DisplayPos.x, r = l + data->DisplaySize.x;
  const float t = data->DisplayPos.y, b = t + data->DisplaySize.y;
  const float projection[16] = {
      2.0f / (r - l),    0, 0, 0, 0, 2.0f / (t - b), 0, 0, 0, 0, -1, 0, (r + l) / (l - r),
      (t + b) / (b - t), 0, 1};
  glUseProgram(self->program_);
  glUniformMatrix4fv(self->projection_, 1, GL_FALSE, projection);
  glBindVertexArray(self->vao_);
  glBindBuffer(GL_ARRAY_BUFFER, self->vbo_);
  if (self->dirty_) {
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(self->vertices_.size() * sizeof(Vertex)),
                 self->vertices_.data(), GL_STATIC_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                 static_cast<GLsizeiptr>(self->indices_.size() * sizeof(uint32_t)),
                 self->indices_.data(), GL_STATIC_DRAW);
    self->dirty_ = false;
  }
  const float scale_x = data->FramebufferScale.x, scale_y = data->FramebufferScale.y;
  const float fb_height = data->DisplaySize.y * scale_y;
  const ImVec4 c = self->clip_;
  glEnable(GL_SCISSOR_TEST);
  glScissor(static_cast<int>((c.x - l) * scale_x),
            static_cast<int>(fb_height - (c.w - t) * scale_y),
            static_cast<int>((c.z - c.x) * scale_x), static_cast<int>((c.w - c.y) * scale_y));
  glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(self->indices_.size()), GL_UNSIGNED_INT,
                 nullptr);
}

}  // namespace localabel::app
