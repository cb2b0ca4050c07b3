// CoNLL-2003 style BIO (IOB2), both ways (formats.h).
#include <algorithm>

#include "format_common.h"
#include "localabel/unicode.h"

namespace localabel {

using namespace formats_detail;

namespace {

bool is_space(uint32_t cp) { return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D); }

struct Token {
  int64_t start = 0, end = 0;  // code points
  size_t byte_start = 0, byte_end = 0;
};

// Tokens of a text: maximal runs of non-whitespace code points.
std::vector<Token> tokenize(const std::string& text) {
  std::vector<size_t> offsets = utf8_code_point_offsets(text);
  std::vector<Token> tokens;
  const int64_t n = int64_t(offsets.size()) - 1;
  int64_t i = 0;
  while (i < n) {
    auto space_at = [&](int64_t k) {
      size_t b = offsets[size_t(k)];
      return offsets[size_t(k) + 1] - b == 1 && is_space(uint8_t(text[b]));
    };
    if (space_at(i)) {
      ++i;
      continue;
    }
    Token t;
    t.start = i;
    while (i < n && !space_at(i)) ++i;
    t.end = i;
    t.byte_start = offsets[size_t(t.start)];
    t.byte_end = offsets[size_t(t.end)];
    tokens.push_back(t);
  }
  return tokens;
}

}  // namespace

Result<Exported> export_conll(const Project& project, const ExportOptions& options) {
  Exported out;
  ExportReport& report = out.report;
  std::string text_out;
  for (const Task& task : project.tasks) {
    const std::string* text = task_text(task);
    if (!text) {
      report.add("dropped", "tasks that are not texts");
      continue;
    }
    std::vector<Token> tokens = tokenize(*text);
    const Annotation* a = chosen_annotation(task, options, report);
    if (tokens.empty()) {
      report.add("dropped", "text without tokens");
      if (a) report.add("dropped", "span of a text without tokens", int64_t(a->regions.size()));
      continue;
    }
    std::vector<std::string> tags(tokens.size(), "O");
    std::vector<const Region*> spans;
    for (size_t ri = 0; a && ri < a->regions.size(); ++ri) {
      const Region& r = a->regions[ri];
      if (r.kind != RegionKind::kSpan) {
        report.add("dropped", "region that is not a span");
        continue;
      }
      if (r.labels.empty()) {
        report.add("dropped", "region without a label");
        continue;
      }
      spans.push_back(&r);
    }
    std::stable_sort(spans.begin(), spans.end(),
                     [](const Region* x, const Region* y) { return x->start < y->start; });
    for (const Region* r : spans) {
      size_t first = tokens.size(), last = 0;
      for (size_t k = 0; k < tokens.size(); ++k)
        if (tokens[k].end > r->start && tokens[k].start < r->end) {
          first = std::min(first, k);
          last = k;
        }
      if (first == tokens.size()) {
        report.add("dropped", "span covering no token");
        continue;
      }
      bool overlaps = false;
      for (size_t k = first; k <= last; ++k) overlaps = overlaps || tags[k] != "O";
      if (overlaps) {
        report.add("dropped", "span overlapping an earlier span");
        continue;
      }
      if (tokens[first].start != r->start || tokens[last].end != r->end)
        report.add("approximated", "span not on token boundaries -> whole tokens");
      if (r->labels.size() > 1)
        report.add("approximated", "region with several labels -> first label");
      for (size_t k = first; k <= last; ++k) tags[k] = (k == first ? "B-" : "I-") + r->labels[0];
      ++report.exported_regions;
    }
    for (size_t k = 0; k < tokens.size(); ++k) {
      text_out.append(*text, tokens[k].byte_start, tokens[k].byte_end - tokens[k].byte_start);
      text_out += ' ';
      text_out += tags[k];
      text_out += '\n';
    }
    text_out += '\n';
  }
  out.files.push_back(FormatFile{"data.conll", std::move(text_out)});
  return out;
}

Result<Project> import_conll(std::string_view text) {
  const std::string file = "data.conll";
  if (size_t bad = utf8_invalid_offset(text); bad != std::string_view::npos)
    return make_error(ErrorCode::kInvalidFormat, file,
                      "invalid UTF-8 at byte " + std::to_string(bad));
  std::vector<std::string_view> lines = split_lines(text);
  Project project;
  std::vector<std::string> labels;
  std::string doc;
  int64_t doc_len = 0;
  Annotation ann;
  Region* open = nullptr;
  auto flush = [&]() {
    if (doc.empty()) return;
    Task t = make_text_task(std::to_string(project.tasks.size() + 1), doc);
    if (!ann.regions.empty()) {
      ann.id_form = IdForm::kAbsent;
      ann.annotator_form = IdForm::kAbsent;
      t.annotations.push_back(std::move(ann));
    }
    project.tasks.push_back(std::move(t));
    ann = Annotation{};
    doc.clear();
    doc_len = 0;
    open = nullptr;
  };
  for (size_t li = 0; li < lines.size(); ++li) {
    const std::string where = file_line(file, int64_t(li) + 1);
    std::string_view line = lines[li];
    std::vector<std::string_view> cols;
    size_t p = 0;
    while (p < line.size()) {
      while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
      size_t q = p;
      while (q < line.size() && line[q] != ' ' && line[q] != '\t') ++q;
      if (q > p) cols.push_back(line.substr(p, q - p));
      p = q;
    }
    if (cols.empty()) {
      flush();
      continue;
    }
    if (cols[0] == "-DOCSTART-") continue;
    if (cols.size() < 2)
      return make_error(ErrorCode::kInvalidFormat, where, "expected \"token TAG\", got one column");
    std::string_view token = cols[0], tag = cols.back();
    std::string label;
    char kind = 'O';
    if (tag == "O") {
      kind = 'O';
    } else if (tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-') {
      kind = tag[0];
      label = std::string(tag.substr(2));
    } else {
      return make_error(ErrorCode::kInvalidFormat, where,
                        "tag \"" + std::string(tag) + "\" is not O, B-label or I-label");
    }
    if (!doc.empty()) {
      doc += ' ';
      ++doc_len;
    }
    const int64_t start = doc_len;
    doc.append(token);
    doc_len += utf8_code_point_count(token);
    if (kind == 'O') {
      open = nullptr;
      continue;
    }
    if (kind == 'I' && open && open->labels[0] == label) {
      open->end = doc_len;
      open->text = utf8_substring(doc, open->start, open->end);
      continue;
    }
    Region r;
    r.id = "conll-" + std::to_string(project.tasks.size() + 1) + "-" +
           std::to_string(ann.regions.size() + 1);
    r.kind = RegionKind::kSpan;
    r.from_name = "label";
    r.to_name = "text";
    r.labels = {label};
    r.start = start;
    r.end = doc_len;
    r.text = std::string(token);
    r.has_text = true;
    ann.regions.push_back(std::move(r));
    open = &ann.regions.back();
    if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
  }
  flush();
  if (project.tasks.empty()) return make_error(ErrorCode::kEmptyInput, file, "no tokens");
  project.label_sets.push_back(make_label_set("label", "text", RegionKind::kSpan, labels));
  return project;
}

}  // namespace localabel
