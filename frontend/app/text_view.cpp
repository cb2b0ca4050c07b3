// Drawing of text tasks: the text wrapped to the canvas, its spans as coloured backgrounds
// with one underline lane per level of overlap, and the task's choices; selecting text with
// the mouse (drag) or the keyboard (Shift+Left/Right) and labelling it as a span.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/app.h"
#include "localabel/unicode.h"

namespace localabel::app {

namespace {

struct Line {
  size_t begin, end;  // bytes
};

struct SpanLayout {
  const Region* region;
  size_t begin, end;  // bytes
  int lane;
};

// Code point index of byte offset b (a code point boundary) given the boundaries.
int64_t code_point_at(const std::vector<size_t>& offsets, size_t b) {
  return std::lower_bound(offsets.begin(), offsets.end(), b) - offsets.begin();
}

}  // namespace

bool App::handle_text_key(int key, bool shift) {
  if (current_ < 0 || project_.tasks[current_].kind != TaskKind::kText) return false;
  TextSelection& sel = text_selection_;
  if (sel.task != current_) sel = TextSelection{};
  const int64_t n = utf8_code_point_count(project_.tasks[current_].text);
  if (shift && (key == GLFW_KEY_LEFT || key == GLFW_KEY_RIGHT)) {
    if (sel.caret < 0) sel = TextSelection{current_, 0, 0};
    sel.caret = std::clamp<int64_t>(sel.caret + (key == GLFW_KEY_RIGHT ? 1 : -1), 0, n);
    return true;
  }
  if (sel.anchor < 0 || sel.anchor == sel.caret) return false;
  const int64_t start = std::min(sel.anchor, sel.caret), end = std::max(sel.anchor, sel.caret);
  if (key == GLFW_KEY_ESCAPE) {
    sel.anchor = sel.caret;
    return true;
  }
  if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) {
    std::string set_name;
    const std::string label = label_for_new(RegionKind::kSpan, &set_name);
    add_span(start, end, set_name, label);
    return true;
  }
  for (const LabelSet& set : project_.label_sets) {
    if (set.kind != RegionKind::kSpan) continue;
    for (const Label& l : set.labels)
      if (is_hotkey(l.hotkey, key)) {
        current_label_[RegionKind::kSpan] = l.name;
        add_span(start, end, set.name, l.name);
        return true;
      }
  }
  return false;
}

void App::add_span(int64_t start, int64_t end, const std::string& set_name,
                   const std::string& label) {
  if (current_ < 0 || start >= end) return;
  const Task& task = project_.tasks[current_];
  Region r;
  r.id = "me-" + std::to_string(next_seq_);
  r.kind = RegionKind::kSpan;
  r.from_name = set_name;
  r.to_name = "text";
  for (const LabelSet& set : project_.label_sets)
    if (set.name == set_name && !set.to_name.empty()) r.to_name = set.to_name;
  r.start = start;
  r.end = end;
  r.text = utf8_substring(task.text, start, end);
  r.has_text = true;
  r.labels = {label};
  text_selection_.anchor = text_selection_.caret = end;
  commit(EditStep{task.id, r.id, std::nullopt, std::move(r)});
}

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
      const bool scored = r.score >= 0;
      const ReviewDecision decision =
          source_.prediction ? review_decision(r) : ReviewDecision::kNone;
      const bool undecided =
          decision == ReviewDecision::kNone || decision == ReviewDecision::kPending;
      const bool review = undecided && scored && r.score < project_.settings.review_threshold;
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
              DrawnRegion{r.id, RegionKind::kChoices, c, a, b, r.score, review, decision});
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
  const std::vector<size_t> offsets = utf8_code_point_offsets(text);
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
  TextSelection& sel = text_selection_;
  if (sel.task != current_) sel = TextSelection{current_};
  const int64_t sel_start = std::min(sel.anchor, sel.caret),
                sel_end = std::max(sel.anchor, sel.caret);
  text_layout_.clear();
  dl->PushClipRect(min, max, true);
  std::vector<DrawnRegion> drawn(spans.size());
  std::vector<bool> seen(spans.size(), false);
  const SpanLayout* hovered = nullptr;
  for (const Line& line : lines) {
    const float lx = min.x + margin;
    // Where every code point boundary of the line is, for the mouse and the selection.
    TextLineLayout layout;
    layout.start = code_point_at(offsets, line.begin);
    layout.end = code_point_at(offsets, line.end);
    layout.y = y;
    layout.height = line_h;
    for (int64_t c = layout.start; c <= layout.end; ++c)
      layout.xs.push_back(lx + font->CalcTextSizeA(font_size, FLT_MAX, 0, text.data() + line.begin,
                                                   text.data() + offsets[c])
                                   .x);
    if (sel_start < sel_end && sel_start < layout.end && sel_end > layout.start) {
      const int64_t a = std::max(sel_start, layout.start), b = std::min(sel_end, layout.end);
      dl->AddRectFilled(ImVec2(layout.xs[a - layout.start], y),
                        ImVec2(layout.xs[b - layout.start], y + font_size + 2),
                        IM_COL32(90, 140, 255, 110));
    }
    if (sel.caret >= layout.start && sel.caret <= layout.end && sel.task == current_) {
      const float cx = layout.xs[sel.caret - layout.start];
      dl->AddLine(ImVec2(cx, y), ImVec2(cx, y + font_size + 2), IM_COL32(255, 255, 255, 200));
    }
    text_layout_.push_back(std::move(layout));
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
      // A scored span (predicted, or a pending pre-annotation) is coloured by its score.
      const double score = s.region->score;
      const ImU32 color =
          score >= 0 ? score_color(score) : colors_.color(s.region->from_name, label);
      const ImVec2 a(x0, y), b(x1, y + font_size + 2);
      dl->AddRectFilled(a, b, with_alpha(color, 0.28f));
      const float uy = y + font_size + 3 + lane_h * static_cast<float>(s.lane);
      dl->AddRectFilled(ImVec2(x0, uy), ImVec2(x1, uy + lane_h - 1), color);
      if (mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < uy + lane_h) hovered = &s;
      DrawnRegion& d = drawn[k];
      if (!seen[k]) {
        const ReviewDecision decision =
            source_.prediction ? review_decision(*s.region) : ReviewDecision::kNone;
        const bool review =
            (decision == ReviewDecision::kNone || decision == ReviewDecision::kPending) &&
            score >= 0 && score < project_.settings.review_threshold;
        d = DrawnRegion{s.region->id, RegionKind::kSpan, label, a, ImVec2(x1, uy + lane_h), score,
                        review,       decision};
        report_.needs_review += review;
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

  // The mouse: a press starts a selection at the nearest code point boundary, a drag extends
  // it, and a click without a drag on a span selects that span (its label hotkey relabels
  // it, Delete removes it).
  auto boundary_at = [&](ImVec2 p) -> int64_t {
    if (text_layout_.empty()) return 0;
    const TextLineLayout* line = &text_layout_.front();
    for (const TextLineLayout& l : text_layout_)
      if (p.y >= l.y) line = &l;
    int64_t best = line->start;
    for (int64_t c = line->start; c <= line->end; ++c)
      if (std::abs(line->xs[c - line->start] - p.x) < std::abs(line->xs[best - line->start] - p.x))
        best = c;
    return best;
  };
  const bool inside = mouse.x >= min.x && mouse.x < max.x && mouse.y >= min.y && mouse.y < max.y;
  if (ImGui::IsWindowHovered() && inside && ImGui::IsMouseClicked(0)) {
    const int64_t at = boundary_at(mouse);
    sel = TextSelection{current_, at, at, true, -1};
    if (hovered != nullptr && regions != nullptr)
      sel.pressed_span = static_cast<int>(hovered->region - regions->data());
  } else if (sel.dragging && ImGui::IsMouseDown(0)) {
    sel.caret = boundary_at(mouse);
  }
  if (sel.dragging && ImGui::IsMouseReleased(0)) {
    sel.dragging = false;
    if (sel.anchor == sel.caret && sel.pressed_span >= 0) {
      clear_selection();
      selected_ = sel.pressed_span;
    } else if (sel.anchor != sel.caret) {
      clear_selection();
    }
  }
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
