#include "targets.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "localabel/annotation_table.h"
#include "localabel/assignment.h"
#include "localabel/brush_rle.h"
#include "localabel/event.h"
#include "localabel/event_log.h"
#include "localabel/features.h"
#include "localabel/label_studio.h"
#include "localabel/project_file.h"
#include "localabel/regex.h"
#include "localabel/text_import.h"

namespace localabel::fuzz {

void fuzz_fail(const char* target, const char* what) {
  std::fprintf(stderr, "fuzz target %s: %s\n", target, what);
  std::abort();
}

namespace {

std::string_view text_of(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

bool near(double a, double b) { return std::fabs(a - b) <= 1e-6 * (1 + std::fabs(a)); }

// What a round trip must keep: tasks, their annotations and predictions, and every region's
// kind, names, labels and geometry (floats up to rounding of percent <-> pixel conversions).
bool same_regions(const std::vector<Region>& a, const std::vector<Region>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const Region& r = a[i];
    const Region& s = b[i];
    if (r.kind != s.kind || r.id != s.id || r.from_name != s.from_name || r.to_name != s.to_name ||
        r.labels != s.labels)
      return false;
    if (r.kind == RegionKind::kOther) continue;
    if (r.image_width != s.image_width || r.image_height != s.image_height) return false;
    if (!near(r.x, s.x) || !near(r.y, s.y) || !near(r.width, s.width) ||
        !near(r.height, s.height) || r.rotation != s.rotation || r.points.size() != s.points.size())
      return false;
    for (size_t k = 0; k < r.points.size(); ++k)
      if (!near(r.points[k].x, s.points[k].x) || !near(r.points[k].y, s.points[k].y)) return false;
    if (r.mask.runs != s.mask.runs || r.start != s.start || r.end != s.end || r.text != s.text)
      return false;
  }
  return true;
}

// Label sets are compared when both sides carry declared ones (a Label Studio export has
// none: its import infers them from the results).
bool same_project(const Project& a, const Project& b, bool label_sets = true) {
  if (a.tasks.size() != b.tasks.size()) return false;
  for (size_t t = 0; t < a.tasks.size(); ++t) {
    const Task& x = a.tasks[t];
    const Task& y = b.tasks[t];
    if (x.id != y.id || x.kind != y.kind || x.text != y.text || x.image != y.image ||
        x.annotations.size() != y.annotations.size() ||
        x.predictions.size() != y.predictions.size())
      return false;
    for (size_t k = 0; k < x.annotations.size(); ++k)
      if (x.annotations[k].annotator != y.annotations[k].annotator ||
          x.annotations[k].status != y.annotations[k].status ||
          !same_regions(x.annotations[k].regions, y.annotations[k].regions))
        return false;
    for (size_t k = 0; k < x.predictions.size(); ++k)
      if (!same_regions(x.predictions[k].regions, y.predictions[k].regions)) return false;
  }
  if (!label_sets) return true;
  if (a.label_sets.size() != b.label_sets.size()) return false;
  for (size_t s = 0; s < a.label_sets.size(); ++s)
    if (a.label_sets[s].name != b.label_sets[s].name ||
        a.label_sets[s].kind != b.label_sets[s].kind ||
        a.label_sets[s].labels.size() != b.label_sets[s].labels.size())
      return false;
  return true;
}

// Label Studio JSON: import -> export -> import gives the same project, and the project file
// written from it reads again.
void label_studio(const uint8_t* data, size_t size) {
  Result<Project> p = import_label_studio(text_of(data, size));
  if (!p.ok()) return;
  Result<Project> again = import_label_studio(export_label_studio(*p));
  if (!again.ok()) fuzz_fail("label_studio", again.error().message.c_str());
  if (!same_project(*p, *again, false))
    fuzz_fail("label_studio", "the export imports as another project");
  Result<Project> file = parse_project_file(write_project_file(*p));
  if (!file.ok()) fuzz_fail("label_studio", file.error().message.c_str());
  if (!same_project(*p, *file)) fuzz_fail("label_studio", "the project file differs");
}

// Project file: parse -> write -> parse gives the same project.
void project_file(const uint8_t* data, size_t size) {
  Result<Project> p = parse_project_file(text_of(data, size));
  if (!p.ok()) return;
  Result<Project> again = parse_project_file(write_project_file(*p));
  if (!again.ok()) fuzz_fail("project_file", again.error().message.c_str());
  if (!same_project(*p, *again)) fuzz_fail("project_file", "the written file reads differently");
}

// Brush RLE: 2 bytes width, 2 bytes height (little-endian, 0 means 65536), then the stream.
// A decoded mask encodes and decodes to the same mask; pixel decodes agree with the runs.
void brush_rle(const uint8_t* data, size_t size) {
  if (size < 4) return;
  const int width = data[0] | data[1] << 8 ? (data[0] | data[1] << 8) : 65536;
  const int height = data[2] | data[3] << 8 ? (data[2] | data[3] << 8) : 65536;
  std::span<const uint8_t> rle(data + 4, size - 4);
  Result<BrushMask> mask = decode_brush_rle(rle, width, height);
  Result<std::vector<uint8_t>> pixels = decode_brush_rle_pixels(rle, width, height);
  Result<std::vector<uint8_t>> rgba = decode_brush_rle_rgba(rle, width, height);
  if (!mask.ok()) {
    if (pixels.ok() || rgba.ok()) fuzz_fail("brush_rle", "a pixel decode accepts a bad stream");
    return;
  }
  if (!validate_brush_mask(*mask).ok()) fuzz_fail("brush_rle", "decoded mask is invalid");
  std::vector<uint8_t> encoded = encode_brush_rle(*mask);
  Result<BrushMask> back = decode_brush_rle(encoded, width, height);
  if (!back.ok() || back->runs != mask->runs) fuzz_fail("brush_rle", "encode does not round-trip");
  if (pixels.ok()) {
    if (static_cast<int64_t>(pixels->size()) != int64_t{width} * height)
      fuzz_fail("brush_rle", "pixel decode has the wrong size");
    int64_t area = 0;
    for (uint8_t v : *pixels) area += v;
    if (area != brush_mask_area(*mask)) fuzz_fail("brush_rle", "pixel decode differs from runs");
  }
}

// Annotation CSV (long format).
void annotations_csv(const uint8_t* data, size_t size) {
  Result<AnnotationTable> t = parse_annotations_csv(text_of(data, size));
  if (!t.ok()) return;
  if (t->rows() < 1) fuzz_fail("annotations_csv", "an empty table was accepted");
  // Names go into JSON reports: they must dump.
  Json names = Json::array();
  for (int32_t i = 0; i < t->n_annotators(); ++i) names.push_back(t->annotators.name(i));
  for (int32_t i = 0; i < t->n_labels(); ++i) names.push_back(t->labels.name(i));
  (void)names.dump();
}

// Gold CSV against a fixed table of items 1..3 / a..c and labels cat, dog, "x,y".
void gold_csv(const uint8_t* data, size_t size) {
  static const Result<AnnotationTable> table = parse_annotations_csv(
      "item,annotator,label\n1,ann,cat\n2,bob,dog\n3,ann,\"x,y\"\na,ann,cat\nb,bob,dog\n");
  if (!table.ok()) fuzz_fail("gold_csv", table.error().message.c_str());
  Result<std::vector<GoldAnswer>> g = parse_gold_csv(text_of(data, size), *table);
  if (!g.ok()) return;
  for (const GoldAnswer& a : *g)
    if (a.item < 0 || a.item >= table->n_items() || a.label < 0 || a.label >= table->n_labels())
      fuzz_fail("gold_csv", "a gold answer outside the table");
}

// Text import: the first byte picks the format (auto, lines, CSV, JSON Lines, JSON).
void text_import(const uint8_t* data, size_t size) {
  if (size < 1) return;
  TextImportOptions o;
  constexpr TextFileFormat kFormats[] = {TextFileFormat::kAuto, TextFileFormat::kLines,
                                         TextFileFormat::kCsv, TextFileFormat::kJsonl,
                                         TextFileFormat::kJson};
  o.format = kFormats[data[0] % 5];
  Result<std::vector<Json>> r = read_text_tasks(text_of(data + 1, size - 1), o);
  if (!r.ok()) return;
  for (const Json& d : *r)
    if (!d.is_object() || !d.contains("text") || !d["text"].is_string())
      fuzz_fail("text_import", "a task without a text string");
  (void)Json(*r).dump();  // the data goes to JSON: it must dump without aborting
}

// Event segments: the input is a segment text under a fixed key, an event, and an array of
// events for encode_segment. A segment read and written back reads as the same events.
void sync_segment(const uint8_t* data, size_t size) {
  const std::string_view text = text_of(data, size);
  Result<Segment> s = segment_from_text("events/ann/000000000001.json", text);
  if (s.ok()) {
    Result<std::string> written = segment_to_text(*s);
    if (!written.ok()) fuzz_fail("sync_segment", written.error().message.c_str());
    Result<Segment> back = segment_from_text("events/ann/000000000001.json", *written);
    if (!back.ok() || back->events != s->events)
      fuzz_fail("sync_segment", "a segment does not round-trip");
  }
  Result<std::string> canonical = canonical_event_text(text);
  if (canonical.ok()) {
    Result<std::string> again = canonical_event_text(*canonical);
    if (!again.ok() || *again != *canonical) fuzz_fail("sync_segment", "canonical text unstable");
  }
  Result<StoredObject> encoded = encode_segment(text);
  if (encoded.ok() && !segment_from_text(encoded->key, encoded->text).ok())
    fuzz_fail("sync_segment", "an encoded segment does not read");
}

// A bundle of stored objects as a listing and fetch would give them: records separated by
// NUL bytes, each "key\ntext". The merge never fails and its export is JSON that parses.
void sync_bundle(const uint8_t* data, size_t size) {
  std::vector<StoredObject> objects;
  std::string_view rest = text_of(data, size);
  while (!rest.empty()) {
    size_t end = rest.find('\0');
    std::string_view record = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    size_t nl = record.find('\n');
    if (nl == std::string_view::npos) {
      objects.push_back({std::string(record), ""});
    } else {
      objects.push_back({std::string(record.substr(0, nl)), std::string(record.substr(nl + 1))});
    }
  }
  const std::string exported = merged_export(merge_segments(objects));
  if (!parse_json_text(exported).ok()) fuzz_fail("sync_bundle", "the export is not JSON");
}

// Assignment from a project.json text, for annotator "a".
void assignment(const uint8_t* data, size_t size) {
  Result<std::vector<QueueItem>> q = assign_queue_from_json_text(text_of(data, size), "a");
  if (!q.ok()) return;
  Result<AssignmentConfig> c = assignment_config_from_json(*parse_json_text(text_of(data, size)));
  if (!c.ok()) fuzz_fail("assignment", "the queue was made from a config that does not read");
  if (q->size() > 2 * c->tasks.size()) fuzz_fail("assignment", "queue longer than twice the tasks");
}

// Regular expressions: the first byte holds the flags, then pattern NUL text.
void regex(const uint8_t* data, size_t size) {
  if (size < 1) return;
  std::string_view rest = text_of(data + 1, size - 1);
  const size_t cut = rest.find('\0');
  std::string_view pattern = rest.substr(0, cut);
  std::string_view text = cut == std::string_view::npos ? rest : rest.substr(cut + 1);
  Result<Regex> re = Regex::compile(pattern, (data[0] & 1) == 0);
  if (!re.ok()) return;
  if (re->program_size() > 50001) fuzz_fail("regex", "program above the stated bound");
  (void)re->search(text);
}

// Embedding sidecars: 8 bytes of row count (little-endian, any value), then float32 data; and
// the same bytes as a Label Studio file whose tasks carry embeddings.
void embeddings(const uint8_t* data, size_t size) {
  if (size >= 8) {
    uint64_t rows = 0;
    for (int k = 7; k >= 0; --k) rows = rows << 8 | data[k];
    Result<FeatureMatrix> m =
        embeddings_from_binary(text_of(data + 8, size - 8), static_cast<int64_t>(rows));
    if (m.ok() && (m->rows * m->cols * 4 != static_cast<int64_t>(size - 8)))
      fuzz_fail("embeddings", "matrix size differs from the bytes");
  }
  Result<Project> p = import_label_studio(text_of(data, size));
  if (p.ok()) {
    Result<FeatureMatrix> m = embeddings_from_tasks(p->tasks);
    if (m.ok() && static_cast<int64_t>(m->data.size()) != m->rows * m->cols)
      fuzz_fail("embeddings", "matrix size differs from rows x cols");
  }
}

constexpr Target kTargets[] = {
    {"label_studio", label_studio}, {"project_file", project_file},
    {"brush_rle", brush_rle},       {"annotations_csv", annotations_csv},
    {"gold_csv", gold_csv},         {"text_import", text_import},
    {"sync_segment", sync_segment}, {"sync_bundle", sync_bundle},
    {"assignment", assignment},     {"regex", regex},
    {"embeddings", embeddings},
};

}  // namespace

const Target* targets(size_t* count) {
  *count = sizeof kTargets / sizeof kTargets[0];
  return kTargets;
}

const Target* find_target(std::string_view name) {
  for (const Target& t : kTargets)
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace localabel::fuzz
