// Drawing of text tasks: the text wrapped to the canvas, its spans as coloured backgrounds
// with one underline lane per level of overlap, and the task's choices.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "app/app.h"

namespace localabel::app {

namespace {

// Byte offset of every code point of UTF-8 text, plus the end: size code points + 1.
std::vector<size_t> code_point_byte_offsets(const std::string& text) {
  std::vector<size_t> out;
  out.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) out.push_back(i);
  out.push_back(text.size());
  return out;
}

struct Line {
  size_t begin, end;  // bytes
};

struct SpanLayout {
  const Region* region;
  size_t begin, end;  // bytes
  int lane;
};

}  // namespace

void App::draw_text_task(const Task& task, ImVec2 min, ImVec2 max) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* font = ImGui::GetFont();
  const float font_size = ImGui::GetFontSize();
  const float margin = 24.0f;
  const float wrap_width = std::max(50.0f, max.x - min.x - 2 * margin);
  const std::vector<Region>* regions = shown_regions();

  // Choices of the shown result, as chips above the text.
  float y = min.y + margin;
  float x = min.x + margin;
  if (regions != nullptr)
    for (const Region& r : *regions) {
      if (r.kind != RegionKind::kChoices) continue;
      // A scored choice of a prediction (a pre-label) is coloured by its score, with the score
      // written on it, and marked when it is under the review threshold.
      const bool scored = source_.prediction && r.score >= 0;
      const bool review = scored && r.score < project_.settings.review_threshold;
      for (const std::string& c : r.labels) {
        report_.choices.push_back(c);
        std::string chip = r.from_name + ": " + c;
        if (scored) {
          char score[32];
          std::snprintf(score, sizeof score, "  %.2f%s", r.score, review ? "  review" : "");
          chip += score;
        }
        const ImVec2 ts = ImGui::CalcTextSize(chip.c_str());
        const ImU32 color = scored ? score_color(r.score) : colors_.color(r.from_name, c);
        const ImVec2 a(x, y), b(x + ts.x + 12, y + ts.y + 6);
        dl->AddRectFilled(a, b, color, 4.0f);
        if (review) dl->AddRect(a, b, IM_COL32(255, 255, 255, 255), 4.0f, 0, 2.0f);
        dl->AddText(ImVec2(x + 6, y + 3),
                    scored ? IM_COL32(20, 20, 20, 255) : IM_COL32(255, 255, 255, 255),
                    chip.c_str());
        if (scored) {
          report_.regions.push_back(
              DrawnRegion{r.id, RegionKind::kChoices, c, a, b, r.score, review});
          report_.needs_review += review;
        }
        x += ts.x + 20;
      }
    }
  if (x > min.x + margin) y += font_size + 20;

  // Layout: paragraphs split at newlines, then wrapped at word boundaries.
  const std::string& text = task.text;
  std::vector<Line> lines;
  size_t para = 0;
  while (para <= text.size()) {
    size_t para_end = text.find('\n', para);
    if (para_end == std::string::npos) para_end = text.size();
    const char* s = text.data() + para;
    const char* e = text.data() + para_end;
    if (s == e) lines.push_back({para, para_end});
    while (s < e) {
      const char* brk = font->CalcWordWrapPositionA(1.0f, s, e, wrap_width);
      if (brk == s) brk = s + 1;  // a single glyph wider than the area
      lines.push_back(
          {static_cast<size_t>(s - text.data()), static_cast<size_t>(brk - text.data())});
      s = brk;
      while (s < e && *s == ' ') ++s;
    }
    para = para_end + 1;
  }

  // Spans of the shown result, each on the first underline lane free at its start.
  const std::vector<size_t> offsets = code_point_byte_offsets(text);
  const int64_t cps = static_cast<int64_t>(offsets.size()) - 1;
  std::vector<SpanLayout> spans;
  if (regions != nullptr)
    for (const Region& r : *regions) {
      if (r.kind != RegionKind::kSpan || r.start < 0 || r.end > cps || r.start >= r.end) continue;
      spans.push_back({&r, offsets[r.start], offsets[r.end], 0});
    }
  std::sort(spans.begin(), spans.end(), [](const SpanLayout& a, const SpanLayout& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<size_t> lane_end;
  for (SpanLayout& s : spans) {
    size_t lane = 0;
    while (lane < lane_end.size() && lane_end[lane] > s.begin) ++lane;
    if (lane == lane_end.size()) lane_end.push_back(0);
    lane_end[lane] = s.end;
    s.lane = static_cast<int>(lane);
  }
  const float lane_h = 4.0f;
  const float line_h = font_size + 6.0f + lane_h * static_cast<float>(lane_end.size());

  const ImVec2 mouse = ImGui::GetIO().MousePos;
  dl->PushClipRect(min, max, true);
  std::vector<DrawnRegion> drawn(spans.size());
  std::vector<bool> seen(spans.size(), false);
  const SpanLayout* hovered = nullptr;
  for (const Line& line : lines) {
    const float lx = min.x + margin;
    for (size_t k = 0; k < spans.size(); ++k) {
      const SpanLayout& s = spans[k];
      const size_t b0 = std::max(s.begin, line.begin), b1 = std::min(s.end, line.end);
      if (b0 >= b1) continue;
      const float x0 =
          lx +
          font->CalcTextSizeA(font_size, FLT_MAX, 0, text.data() + line.begin, text.data() + b0).x;
      const float x1 =
          lx +
          font->CalcTextSizeA(font_size, FLT_MAX, 0, text.data() + line.begin, text.data() + b1).x;
      const std::string label = s.region->labels.empty() ? "" : s.region->labels.front();
      const ImU32 color = colors_.color(s.region->from_name, label);
      const ImVec2 a(x0, y), b(x1, y + font_size + 2);
      dl->AddRectFilled(a, b, with_alpha(color, 0.28f));
      const float uy = y + font_size + 3 + lane_h * static_cast<float>(s.lane);
      dl->AddRectFilled(ImVec2(x0, uy), ImVec2(x1, uy + lane_h - 1), color);
      if (mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < uy + lane_h) hovered = &s;
      DrawnRegion& d = drawn[k];
      if (!seen[k]) {
        d = DrawnRegion{s.region->id, RegionKind::kSpan, label, a, ImVec2(x1, uy + lane_h)};
        seen[k] = true;
      } else {
        d.min = ImVec2(std::min(d.min.x, a.x), std::min(d.min.y, a.y));
        d.max = ImVec2(std::max(d.max.x, x1), std::max(d.max.y, uy + lane_h));
      }
    }
    dl->AddText(font, font_size, ImVec2(lx, y), IM_COL32(235, 235, 235, 255),
                text.data() + line.begin, text.data() + line.end);
    y += line_h;
  }
  dl->PopClipRect();
  for (size_t k = 0; k < spans.size(); ++k)
    if (seen[k]) {
      report_.regions.push_back(drawn[k]);
      ++report_.spans_drawn;
    }
  if (hovered != nullptr && ImGui::IsWindowHovered()) {
    ImGui::BeginTooltip();
    ImGui::Text("%s: \"%s\" [%lld, %lld)",
                hovered->region->labels.empty() ? "?" : hovered->region->labels.front().c_str(),
                hovered->region->text.c_str(), static_cast<long long>(hovered->region->start),
                static_cast<long long>(hovered->region->end));
    ImGui::EndTooltip();
  }
}

}  // namespace localabel::app
