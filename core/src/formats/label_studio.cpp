#include "localabel/label_studio.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "formats/ls_detail.h"
#include "localabel/brush_rle.h"
#include "localabel/project_file.h"
#include "localabel/unicode.h"

namespace localabel {

namespace ls_detail {

namespace {

std::string describe(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "an integer";
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "a binary value";
  }
}

std::string number_text(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

Error wrong_type(const std::string& path, const std::string& expected, const Json& got) {
  return make_error(ErrorCode::kWrongType, path, "expected " + expected + ", got " + describe(got));
}

Error missing(const std::string& path, const std::string& expected) {
  return make_error(ErrorCode::kMissingField, path, "missing; expected " + expected);
}

const Json* find(const Json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

Status read_string(const Json& v, const std::string& path, std::string* out) {
  if (!v.is_string()) return wrong_type(path, "a string", v);
  *out = v.get_ref<const std::string&>();
  return Ok{};
}

Status read_number(const Json& v, const std::string& path, double* out) {
  if (!v.is_number()) return wrong_type(path, "a number", v);
  *out = v.get<double>();
  return Ok{};
}

// An integer, also accepted as a float with an integral value (Python writes 640.0).
Status read_integer(const Json& v, const std::string& path, int64_t* out) {
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX))
      return make_error(ErrorCode::kOutOfRange, path, "integer too large");
    *out = static_cast<int64_t>(u);
    return Ok{};
  }
  if (v.is_number_integer()) {
    *out = v.get<int64_t>();
    return Ok{};
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::floor(d) == d && std::fabs(d) < 9.0e15) {
      *out = static_cast<int64_t>(d);
      return Ok{};
    }
  }
  return wrong_type(path, "an integer", v);
}

Status read_bool(const Json& v, const std::string& path, bool* out) {
  if (!v.is_boolean()) return wrong_type(path, "a boolean", v);
  *out = v.get<bool>();
  return Ok{};
}

Status read_string_list(const Json& v, const std::string& path, std::vector<std::string>* out) {
  if (!v.is_array()) return wrong_type(path, "an array of strings", v);
  out->clear();
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string())
      return wrong_type(path + "[" + std::to_string(i) + "]", "a string (label name)", v[i]);
    out->push_back(v[i].get<std::string>());
  }
  return Ok{};
}

// An id: a string or an integer; absent ids are remembered as such.
Status read_id(const Json& object, const std::string& path, std::string* id, IdForm* form) {
  const Json* v = find(object, "id");
  if (!v) {
    *form = IdForm::kAbsent;
    return Ok{};
  }
  if (v->is_string()) {
    *id = v->get<std::string>();
    *form = IdForm::kString;
    return Ok{};
  }
  if (v->is_number_integer() || v->is_number_unsigned()) {
    *id = v->dump();
    *form = IdForm::kNumber;
    return Ok{};
  }
  return wrong_type(path + ".id", "a string or an integer", *v);
}

Json id_json(const std::string& id, IdForm form) {
  if (form == IdForm::kNumber && !id.empty()) {
    Json parsed = Json::parse(id, nullptr, false);
    if (!parsed.is_discarded() && (parsed.is_number_integer() || parsed.is_number_unsigned()) &&
        parsed.dump() == id)
      return parsed;
  }
  return id;
}

// A percentage of the image size, allowing float round-off at the ends.
Status read_percent(const Json& value, const char* key, const std::string& path, double lo,
                    double* out) {
  const Json* v = find(value, key);
  std::string p = path + "." + key;
  if (!v) return missing(p, "a number in percent of the image size");
  LOCALABEL_TRY(read_number(*v, p, out));
  if (!(*out >= lo - kPercentSlack && *out <= 100 + kPercentSlack))
    return make_error(
        ErrorCode::kOutOfRange, p,
        "expected a percentage in [" + number_text(lo) + ", 100], got " + number_text(*out));
  // Values within the slack are clamped, so that what is written back lies in [lo, 100] and
  // always reads again (100.0001 would export as 100.00010000000002, outside the slack).
  *out = std::clamp(*out, lo, 100.0);
  return Ok{};
}

bool is_image_kind(RegionKind kind) {
  return kind == RegionKind::kBox || kind == RegionKind::kPolygon || kind == RegionKind::kBrush ||
         kind == RegionKind::kKeypoint;
}

RegionKind kind_from_type(const std::string& type) {
  static const std::pair<const char*, RegionKind> kTypes[] = {
      {"choices", RegionKind::kChoices},     {"labels", RegionKind::kSpan},
      {"rectanglelabels", RegionKind::kBox}, {"polygonlabels", RegionKind::kPolygon},
      {"brushlabels", RegionKind::kBrush},   {"keypointlabels", RegionKind::kKeypoint}};
  for (const auto& [name, kind] : kTypes)
    if (type == name) return kind;
  return RegionKind::kOther;
}

// The text a span refers to: on a text task, data[to_name] when that is a string, else the
// task's text; nothing on other tasks.
const std::string* span_text(const Task& task, const std::string& to_name) {
  if (task.kind != TaskKind::kText) return nullptr;
  const Json* v = find(task.data, to_name.c_str());
  if (v && v->is_string()) return &v->get_ref<const std::string&>();
  return &task.text;
}

// Removes the keys the model holds from a copy of `object`; null values stay (they are not
// modelled), so an optional field written as null survives.
Json without(const Json& object, std::initializer_list<const char*> keys) {
  Json out = object;
  for (const char* k : keys) {
    auto it = out.find(k);
    if (it != out.end() && !it->is_null()) out.erase(it);
  }
  return out;
}

// The offset tables of a task's span texts, built once per text: a task with many spans
// over a long text would otherwise scan the text for every span.
class SpanIndex {
 public:
  explicit SpanIndex(const Task& task) : task_(task) {}
  const Task& task() const { return task_; }
  // Null when the task has no text for `to_name` (see span_text).
  const Utf8Offsets* offsets(const std::string& to_name) {
    const std::string* text = span_text(task_, to_name);
    if (!text) return nullptr;
    auto it = tables_.find(text);
    if (it == tables_.end()) it = tables_.emplace(text, Utf8Offsets(*text)).first;
    return &it->second;
  }

 private:
  const Task& task_;
  std::map<const std::string*, Utf8Offsets> tables_;
};

Status read_span(const Json& value, const std::string& vpath, SpanIndex& spans, Region* r) {
  const Utf8Offsets* text = spans.offsets(r->to_name);
  int64_t start = 0, end = 0;
  LOCALABEL_TRY(read_integer(value["start"], vpath + ".start", &start));
  LOCALABEL_TRY(read_integer(value["end"], vpath + ".end", &end));
  if (start < 0)
    return make_error(ErrorCode::kOutOfRange, vpath + ".start",
                      "expected an offset >= 0, got " + std::to_string(start));
  if (end < start)
    return make_error(
        ErrorCode::kOutOfRange, vpath + ".end",
        "expected end >= start (" + std::to_string(start) + "), got " + std::to_string(end));
  int64_t points = text->code_points();
  const Json* given = find(value, "text");
  bool cp_in_range = end <= points;
  if (given && !given->is_null()) {
    if (!given->is_string()) return wrong_type(vpath + ".text", "a string", *given);
    r->has_text = true;
    r->text = given->get<std::string>();
    if (cp_in_range && text->substring(start, end) == r->text) {
      r->start = start;
      r->end = end;
      return Ok{};
    }
    int64_t s16 = text->utf16_to_code_point(start);
    int64_t e16 = text->utf16_to_code_point(end);
    if (s16 >= 0 && e16 >= 0 && text->substring(s16, e16) == r->text) {
      r->start = s16;
      r->end = e16;
      r->utf16_offsets = true;
      return Ok{};
    }
    if (cp_in_range)
      return make_error(ErrorCode::kInvalidFormat, vpath + ".text",
                        "expected the covered text \"" + std::string(text->substring(start, end)) +
                            "\" (code points " + std::to_string(start) + ".." +
                            std::to_string(end) + "), got \"" + r->text + "\"");
  }
  if (!cp_in_range)
    return make_error(ErrorCode::kOutOfRange, vpath + ".end",
                      "expected an offset <= the text length (" + std::to_string(points) +
                          " code points), got " + std::to_string(end));
  r->start = start;
  r->end = end;
  return Ok{};
}

Status read_image_size(const Json& item, const std::string& path, Region* r) {
  for (int k = 0; k < 2; ++k) {
    const char* key = k == 0 ? "original_width" : "original_height";
    const Json* v = find(item, key);
    std::string p = path + "." + key;
    if (!v) return missing(p, "the image size in pixels (an integer)");
    int64_t n = 0;
    LOCALABEL_TRY(read_integer(*v, p, &n));
    if (n < 1 || n > kMaxImageSide)
      return make_error(ErrorCode::kOutOfRange, p,
                        "expected an image size in 1.." + std::to_string(kMaxImageSide) +
                            " pixels, got " + std::to_string(n));
    (k == 0 ? r->image_width : r->image_height) = static_cast<int>(n);
  }
  return Ok{};
}

Status read_geometry(const Json& value, const std::string& vpath, Region* r) {
  double w = r->image_width, h = r->image_height;
  switch (r->kind) {
    case RegionKind::kBox: {
      double x, y, bw, bh;
      LOCALABEL_TRY(read_percent(value, "x", vpath, 0, &x));
      LOCALABEL_TRY(read_percent(value, "y", vpath, 0, &y));
      LOCALABEL_TRY(read_percent(value, "width", vpath, 0, &bw));
      LOCALABEL_TRY(read_percent(value, "height", vpath, 0, &bh));
      if (const Json* rot = find(value, "rotation"); rot && !rot->is_null()) {
        LOCALABEL_TRY(read_number(*rot, vpath + ".rotation", &r->rotation));
        if (!(std::fabs(r->rotation) <= 360))
          return make_error(ErrorCode::kOutOfRange, vpath + ".rotation",
                            "expected degrees in [-360, 360], got " + number_text(r->rotation));
        r->has_rotation = true;
      }
      // A rotated box may reach past the image edge in its own frame; an upright one not.
      if (r->rotation == 0) {
        if (x + bw > 100 + kPercentSlack)
          return make_error(ErrorCode::kOutOfRange, vpath + ".width",
                            "expected x + width <= 100, got " + number_text(x + bw));
        if (y + bh > 100 + kPercentSlack)
          return make_error(ErrorCode::kOutOfRange, vpath + ".height",
                            "expected y + height <= 100, got " + number_text(y + bh));
        bw = std::min(bw, 100 - x);  // clamped into the image as read_percent does
        bh = std::min(bh, 100 - y);
      }
      r->x = x * w / 100;
      r->y = y * h / 100;
      r->width = bw * w / 100;
      r->height = bh * h / 100;
      return Ok{};
    }
    case RegionKind::kKeypoint: {
      double x, y;
      LOCALABEL_TRY(read_percent(value, "x", vpath, 0, &x));
      LOCALABEL_TRY(read_percent(value, "y", vpath, 0, &y));
      r->x = x * w / 100;
      r->y = y * h / 100;
      if (const Json* size = find(value, "width"); size && !size->is_null()) {
        double s;
        LOCALABEL_TRY(read_percent(value, "width", vpath, 0, &s));
        r->width = s * w / 100;
        r->has_size = true;
      }
      return Ok{};
    }
    case RegionKind::kPolygon: {
      const Json* points = find(value, "points");
      std::string p = vpath + ".points";
      if (!points) return missing(p, "an array of [x, y] points in percent");
      if (!points->is_array()) return wrong_type(p, "an array of [x, y] points", *points);
      for (size_t i = 0; i < points->size(); ++i) {
        const Json& pt = (*points)[i];
        std::string pp = p + "[" + std::to_string(i) + "]";
        if (!pt.is_array() || pt.size() != 2) return wrong_type(pp, "an [x, y] pair", pt);
        double c[2];
        for (int k = 0; k < 2; ++k) {
          std::string cp = pp + "[" + std::to_string(k) + "]";
          LOCALABEL_TRY(read_number(pt[static_cast<size_t>(k)], cp, &c[k]));
          if (!(c[k] >= -kPercentSlack && c[k] <= 100 + kPercentSlack))
            return make_error(ErrorCode::kOutOfRange, cp,
                              "expected a percentage in [0, 100], got " + number_text(c[k]));
          c[k] = std::clamp(c[k], 0.0, 100.0);
        }
        r->points.push_back(Point{c[0] * w / 100, c[1] * h / 100});
      }
      if (r->points.size() < 3)
        return make_error(
            ErrorCode::kInvalidFormat, p,
            "expected a polygon of at least 3 points, got " + std::to_string(r->points.size()));
      return Ok{};
    }
    case RegionKind::kBrush: {
      if (const Json* format = find(value, "format"); format && !format->is_null()) {
        if (!format->is_string()) return wrong_type(vpath + ".format", "\"rle\"", *format);
        if (format->get_ref<const std::string&>() != "rle")
          return make_error(ErrorCode::kUnsupported, vpath + ".format",
                            "expected \"rle\" (the only brush format), got \"" +
                                format->get<std::string>() + "\"");
      }
      const Json* rle = find(value, "rle");
      std::string p = vpath + ".rle";
      if (!rle) return missing(p, "an array of byte values (Label Studio brush RLE)");
      if (!rle->is_array()) return wrong_type(p, "an array of byte values", *rle);
      r->rle.reserve(rle->size());
      for (size_t i = 0; i < rle->size(); ++i) {
        int64_t b = 0;
        const Json& e = (*rle)[i];
        // The common case without building a path string per byte.
        if (e.is_number_unsigned() && e.get<uint64_t>() <= 255) {
          r->rle.push_back(static_cast<uint8_t>(e.get<uint64_t>()));
          continue;
        }
        std::string bp = p + "[" + std::to_string(i) + "]";
        LOCALABEL_TRY(read_integer(e, bp, &b));
        if (b < 0 || b > 255)
          return make_error(ErrorCode::kOutOfRange, bp,
                            "expected a byte value in 0..255, got " + std::to_string(b));
        r->rle.push_back(static_cast<uint8_t>(b));
      }
      Result<BrushMask> mask = decode_brush_rle(r->rle, r->image_width, r->image_height);
      if (!mask.ok()) return with_path(mask.error(), p);
      r->mask = std::move(mask.value());
      return Ok{};
    }
    default:
      return Ok{};
  }
}

// Whether a `labels` result is a text span we model (offsets into a text) rather than, say,
// an audio segment (start/end in seconds), which is kept verbatim.
bool is_text_span(const Json& item, const Task& task) {
  const Json* value = find(item, "value");
  const Json* to_name = find(item, "to_name");
  if (!value || !value->is_object() || !to_name || !to_name->is_string()) return false;
  const Json* start = find(*value, "start");
  const Json* end = find(*value, "end");
  if (!start || !end || !start->is_number() || !end->is_number()) return false;
  return span_text(task, to_name->get<std::string>()) != nullptr;
}

Result<Region> read_region(const Json& item, const std::string& path, SpanIndex& spans) {
  const Task& task = spans.task();
  if (!item.is_object()) return wrong_type(path, "a result object", item);
  Region r;
  const Json* type = find(item, "type");
  if (!type) return missing(path + ".type", "the result type (e.g. \"rectanglelabels\")");
  if (!type->is_string()) return wrong_type(path + ".type", "a string", *type);
  const std::string& type_name = type->get_ref<const std::string&>();
  r.kind = kind_from_type(type_name);
  if (r.kind == RegionKind::kSpan && !is_text_span(item, task)) r.kind = RegionKind::kOther;
  if (r.kind == RegionKind::kOther) {
    // Kept whole; the names are copied out for display only.
    r.extra = item;
    r.id_form = IdForm::kAbsent;
    if (const Json* id = find(item, "id"); id && id->is_string()) r.id = id->get<std::string>();
    if (const Json* f = find(item, "from_name"); f && f->is_string())
      r.from_name = f->get<std::string>();
    if (const Json* t = find(item, "to_name"); t && t->is_string())
      r.to_name = t->get<std::string>();
    return r;
  }
  LOCALABEL_TRY(read_id(item, path, &r.id, &r.id_form));
  for (int k = 0; k < 2; ++k) {
    const char* key = k == 0 ? "from_name" : "to_name";
    const Json* v = find(item, key);
    if (!v) return missing(path + "." + key, "a control or object name (a string)");
    LOCALABEL_TRY(read_string(*v, path + "." + key, k == 0 ? &r.from_name : &r.to_name));
  }
  if (const Json* score = find(item, "score"); score && !score->is_null())
    LOCALABEL_TRY(read_number(*score, path + ".score", &r.score));
  const Json* value = find(item, "value");
  std::string vpath = path + ".value";
  if (!value) return missing(vpath, "an object");
  if (!value->is_object()) return wrong_type(vpath, "an object", *value);
  if (is_image_kind(r.kind)) LOCALABEL_TRY(read_image_size(item, path, &r));
  const Json* labels = find(*value, type_name.c_str());
  std::string lpath = vpath + "." + type_name;
  if (!labels) return missing(lpath, "an array of label names");
  LOCALABEL_TRY(read_string_list(*labels, lpath, &r.labels));
  if (r.kind == RegionKind::kChoices && r.labels.empty())
    return make_error(ErrorCode::kEmptyInput, lpath, "expected at least one choice");
  if (r.kind == RegionKind::kSpan) LOCALABEL_TRY(read_span(*value, vpath, spans, &r));
  LOCALABEL_TRY(read_geometry(*value, vpath, &r));

  r.extra = without(item, {"id", "type", "from_name", "to_name", "original_width",
                           "original_height", "score", "value"});
  Json v = without(*value, {type_name.c_str()});
  switch (r.kind) {
    case RegionKind::kSpan:
      v = without(v, {"start", "end", "text"});
      break;
    case RegionKind::kBox:
      v = without(v, {"x", "y", "width", "height", "rotation"});
      break;
    case RegionKind::kKeypoint:
      v = without(v, {"x", "y", "width"});
      break;
    case RegionKind::kPolygon:
      v = without(v, {"points"});
      break;
    case RegionKind::kBrush:
      v = without(v, {"rle"});
      break;
    default:
      break;
  }
  r.extra["value"] = std::move(v);
  return r;
}

Status read_regions(const Json& owner, const std::string& path, SpanIndex& spans,
                    std::vector<Region>* out) {
  const Json* result = find(owner, "result");
  if (!result) return missing(path + ".result", "an array of result items");
  if (!result->is_array()) return wrong_type(path + ".result", "an array", *result);
  for (size_t i = 0; i < result->size(); ++i) {
    Result<Region> r =
        read_region((*result)[i], path + ".result[" + std::to_string(i) + "]", spans);
    if (!r.ok()) return r.error();
    out->push_back(std::move(r.value()));
  }
  return Ok{};
}

Result<Annotation> read_annotation(const Json& j, const std::string& path, SpanIndex& spans) {
  if (!j.is_object()) return wrong_type(path, "an annotation object", j);
  Annotation a;
  LOCALABEL_TRY(read_id(j, path, &a.id, &a.id_form));
  a.annotator_form = IdForm::kAbsent;
  if (const Json* by = find(j, "completed_by"); by && !by->is_null()) {
    if (by->is_string()) {
      a.annotator = by->get<std::string>();
      a.annotator_form = IdForm::kString;
    } else if (by->is_number_integer() || by->is_number_unsigned()) {
      a.annotator = by->dump();
      a.annotator_form = IdForm::kNumber;
    } else if (by->is_object()) {
      // Label Studio's expanded user object: kept whole in extra, named by email or id.
      if (const Json* email = find(*by, "email"); email && email->is_string())
        a.annotator = email->get<std::string>();
      else if (const Json* id = find(*by, "id"); id && (id->is_number() || id->is_string()))
        a.annotator = id->is_string() ? id->get<std::string>() : id->dump();
      else
        return missing(path + ".completed_by.id", "the annotator's id or email");
    } else {
      return wrong_type(path + ".completed_by", "an annotator id (integer or string) or user", *by);
    }
  }
  if (const Json* v = find(j, "lead_time"); v && !v->is_null()) {
    LOCALABEL_TRY(read_number(*v, path + ".lead_time", &a.lead_time));
    if (a.lead_time < 0)
      return make_error(ErrorCode::kOutOfRange, path + ".lead_time",
                        "expected seconds >= 0, got " + number_text(a.lead_time));
    a.has_lead_time = true;
  }
  if (const Json* v = find(j, "ground_truth"); v && !v->is_null()) {
    LOCALABEL_TRY(read_bool(*v, path + ".ground_truth", &a.ground_truth));
    a.has_ground_truth = true;
  }
  if (const Json* v = find(j, "was_cancelled"); v && !v->is_null()) {
    bool cancelled = false;
    LOCALABEL_TRY(read_bool(*v, path + ".was_cancelled", &cancelled));
    a.status = cancelled ? AnnotationStatus::kSkipped : AnnotationStatus::kSubmitted;
    a.has_was_cancelled = true;
  }
  LOCALABEL_TRY(read_regions(j, path, spans, &a.regions));
  a.extra = without(j, {"id", "lead_time", "ground_truth", "was_cancelled", "result"});
  if (a.annotator_form != IdForm::kAbsent) a.extra.erase("completed_by");
  return a;
}

Result<Prediction> read_prediction(const Json& j, const std::string& path, SpanIndex& spans) {
  if (!j.is_object()) return wrong_type(path, "a prediction object", j);
  Prediction p;
  LOCALABEL_TRY(read_id(j, path, &p.id, &p.id_form));
  if (const Json* v = find(j, "model_version"); v && !v->is_null()) {
    LOCALABEL_TRY(read_string(*v, path + ".model_version", &p.model_version));
    p.has_model_version = true;
  }
  if (const Json* v = find(j, "score"); v && !v->is_null())
    LOCALABEL_TRY(read_number(*v, path + ".score", &p.score));
  LOCALABEL_TRY(read_regions(j, path, spans, &p.regions));
  p.extra = without(j, {"id", "model_version", "score", "result"});
  return p;
}

// Decides what the task shows: an image (data.image, or the object named by an image
// region's to_name) or a text (data.text, or the object named by a span's to_name).
void classify_task(Task* task) {
  auto set = [&](TaskKind kind, const std::string& key) {
    task->kind = kind;
    task->data_key = key;
    const std::string& s = task->data[key].get_ref<const std::string&>();
    (kind == TaskKind::kImage ? task->image : task->text) = s;
  };
  auto is_string_field = [&](const std::string& key) {
    const Json* v = find(task->data, key.c_str());
    return v && v->is_string();
  };
  if (is_string_field("image")) return set(TaskKind::kImage, "image");
  if (is_string_field("text")) return set(TaskKind::kText, "text");
  // Otherwise look at what the results point to.
  for (const Json* list : {find(task->extra, "annotations"), find(task->extra, "predictions")}) {
    if (!list || !list->is_array()) continue;
    for (const Json& owner : *list) {
      const Json* result = owner.is_object() ? find(owner, "result") : nullptr;
      if (!result || !result->is_array()) continue;
      for (const Json& item : *result) {
        if (!item.is_object()) continue;
        const Json* to_name = find(item, "to_name");
        if (!to_name || !to_name->is_string() || !is_string_field(*to_name)) continue;
        if (find(item, "original_width")) return set(TaskKind::kImage, *to_name);
        // A span with integer offsets marks a text (audio segments have seconds).
        const Json* type = find(item, "type");
        const Json* value = find(item, "value");
        if (type && *type == "labels" && value && value->is_object()) {
          const Json* start = find(*value, "start");
          if (start && (start->is_number_integer() || start->is_number_unsigned()))
            return set(TaskKind::kText, *to_name);
        }
      }
    }
  }
}

Result<Task> read_task(const Json& j, const std::string& path) {
  if (!j.is_object()) return wrong_type(path, "a task object", j);
  Task t;
  LOCALABEL_TRY(read_id(j, path, &t.id, &t.id_form));
  const Json* data = find(j, "data");
  if (!data) return missing(path + ".data", "an object with the task's image or text");
  if (!data->is_object()) return wrong_type(path + ".data", "an object", *data);
  t.data = *data;
  // classify_task reads the raw lists through extra; they are replaced below.
  t.extra = without(j, {"id", "data"});
  classify_task(&t);
  SpanIndex spans(t);
  for (int k = 0; k < 2; ++k) {
    const char* key = k == 0 ? "annotations" : "predictions";
    const Json* list = find(j, key);
    if (!list || list->is_null()) continue;
    std::string lp = path + "." + key;
    if (!list->is_array()) return wrong_type(lp, "an array", *list);
    for (size_t i = 0; i < list->size(); ++i) {
      std::string ip = lp + "[" + std::to_string(i) + "]";
      if (k == 0) {
        Result<Annotation> a = read_annotation((*list)[i], ip, spans);
        if (!a.ok()) return a.error();
        t.annotations.push_back(std::move(a.value()));
      } else {
        Result<Prediction> p = read_prediction((*list)[i], ip, spans);
        if (!p.ok()) return p.error();
        t.predictions.push_back(std::move(p.value()));
      }
    }
    // An empty list stays in extra, so that the export writes it back.
    if (!list->empty()) t.extra.erase(key);
  }
  return t;
}

Json write_region(const Region& r, SpanIndex& spans) {
  if (r.kind == RegionKind::kOther) return r.extra;
  Json item = r.extra.is_object() ? r.extra : Json::object();
  Json value = Json::object();
  if (auto it = item.find("value"); it != item.end()) {
    if (it->is_object()) value = *it;
    item.erase(it);
  }
  if (r.id_form != IdForm::kAbsent || !r.id.empty()) item["id"] = id_json(r.id, r.id_form);
  const char* type = region_kind_ls_type(r.kind);
  item["type"] = type;
  item["from_name"] = r.from_name;
  item["to_name"] = r.to_name;
  if (r.score != -1) item["score"] = r.score;
  value[type] = r.labels;
  double w = r.image_width > 0 ? r.image_width : 1;
  double h = r.image_height > 0 ? r.image_height : 1;
  if (is_image_kind(r.kind)) {
    item["original_width"] = r.image_width;
    item["original_height"] = r.image_height;
  }
  switch (r.kind) {
    case RegionKind::kBox:
      value["x"] = r.x * 100 / w;
      value["y"] = r.y * 100 / h;
      value["width"] = r.width * 100 / w;
      value["height"] = r.height * 100 / h;
      if (r.has_rotation || r.rotation != 0) value["rotation"] = r.rotation;
      break;
    case RegionKind::kKeypoint:
      value["x"] = r.x * 100 / w;
      value["y"] = r.y * 100 / h;
      if (r.has_size || r.width != 0) value["width"] = r.width * 100 / w;
      break;
    case RegionKind::kPolygon: {
      Json points = Json::array();
      for (const Point& p : r.points) points.push_back(Json::array({p.x * 100 / w, p.y * 100 / h}));
      value["points"] = std::move(points);
      break;
    }
    case RegionKind::kBrush: {
      bool keep = false;
      if (!r.rle.empty()) {
        Result<BrushMask> decoded = decode_brush_rle(r.rle, r.mask.width, r.mask.height);
        keep = decoded.ok() && decoded->runs == r.mask.runs;
      }
      value["rle"] = keep ? r.rle : encode_brush_rle(r.mask);
      if (!value.contains("format")) value["format"] = "rle";
      break;
    }
    case RegionKind::kSpan: {
      int64_t start = r.start, end = r.end;
      const Utf8Offsets* text = r.utf16_offsets ? spans.offsets(r.to_name) : nullptr;
      if (text) {
        start = text->code_point_to_utf16(r.start);
        end = text->code_point_to_utf16(r.end);
      }
      value["start"] = start;
      value["end"] = end;
      if (r.has_text || !r.text.empty()) value["text"] = r.text;
      break;
    }
    default:
      break;
  }
  item["value"] = std::move(value);
  return item;
}

Json write_results(const std::vector<Region>& regions, SpanIndex& spans) {
  Json out = Json::array();
  for (const Region& r : regions) out.push_back(write_region(r, spans));
  return out;
}

Json write_annotation(const Annotation& a, SpanIndex& spans) {
  Json j = a.extra.is_object() ? a.extra : Json::object();
  if (a.id_form != IdForm::kAbsent || !a.id.empty()) j["id"] = id_json(a.id, a.id_form);
  if (a.annotator_form != IdForm::kAbsent)
    j["completed_by"] = id_json(a.annotator, a.annotator_form);
  else if (!j.contains("completed_by") && !a.annotator.empty())
    j["completed_by"] = a.annotator;
  if (a.has_lead_time || a.lead_time != 0) j["lead_time"] = a.lead_time;
  if (a.has_ground_truth || a.ground_truth) j["ground_truth"] = a.ground_truth;
  if (a.has_was_cancelled || a.status == AnnotationStatus::kSkipped)
    j["was_cancelled"] = a.status == AnnotationStatus::kSkipped;
  j["result"] = write_results(a.regions, spans);
  return j;
}

Json write_prediction(const Prediction& p, SpanIndex& spans) {
  Json j = p.extra.is_object() ? p.extra : Json::object();
  if (p.id_form != IdForm::kAbsent || !p.id.empty()) j["id"] = id_json(p.id, p.id_form);
  if (p.has_model_version || !p.model_version.empty()) j["model_version"] = p.model_version;
  if (p.score != -1) j["score"] = p.score;
  j["result"] = write_results(p.regions, spans);
  return j;
}

Json write_task(const Task& t) {
  Json j = t.extra.is_object() ? t.extra : Json::object();
  if (t.id_form != IdForm::kAbsent) j["id"] = id_json(t.id, t.id_form);
  Json data = t.data.is_object() ? t.data : Json::object();
  if (!t.data_key.empty()) data[t.data_key] = t.kind == TaskKind::kImage ? t.image : t.text;
  j["data"] = std::move(data);
  SpanIndex spans(t);
  if (!t.annotations.empty()) {
    Json list = Json::array();
    for (const Annotation& a : t.annotations) list.push_back(write_annotation(a, spans));
    j["annotations"] = std::move(list);
  }
  if (!t.predictions.empty()) {
    Json list = Json::array();
    for (const Prediction& p : t.predictions) list.push_back(write_prediction(p, spans));
    j["predictions"] = std::move(list);
  }
  return j;
}

}  // namespace

Error with_path(const Error& error, const std::string& path) {
  std::string what = error.message;
  if (!error.path.empty() && what.rfind(error.path + ": ", 0) == 0)
    what = what.substr(error.path.size() + 2);
  return make_error(error.code, path, what);
}

const char* palette_color(size_t index) {
  // Sasha Trubetskoy, "List of 20 Simple, Distinct Colors" (2017).
  static const char* const kPalette[20] = {"#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231",
                                           "#911eb4", "#46f0f0", "#f032e6", "#bcf60c", "#fabebe",
                                           "#008080", "#e6beff", "#9a6324", "#fffac8", "#800000",
                                           "#aaffc3", "#808000", "#ffd8b1", "#000075", "#808080"};
  return kPalette[index % 20];
}

Result<std::vector<Task>> read_tasks(const Json& tasks) {
  if (!tasks.is_array()) return wrong_type("tasks", "an array of tasks", tasks);
  std::vector<Task> out;
  out.reserve(tasks.size());
  std::map<std::string, size_t> task_ids;
  std::set<std::string> annotation_ids, prediction_ids;
  for (size_t i = 0; i < tasks.size(); ++i) {
    std::string path = "tasks[" + std::to_string(i) + "]";
    Result<Task> t = read_task(tasks[i], path);
    if (!t.ok()) return t.error();
    if (t->id_form != IdForm::kAbsent) {
      auto [it, fresh] = task_ids.emplace(t->id, i);
      if (!fresh)
        return make_error(
            ErrorCode::kDuplicate, path + ".id",
            "task id " + t->id + " is also the id of tasks[" + std::to_string(it->second) + "]");
    }
    for (size_t a = 0; a < t->annotations.size(); ++a) {
      const Annotation& ann = t->annotations[a];
      if (ann.id_form != IdForm::kAbsent && !annotation_ids.insert(ann.id).second)
        return make_error(ErrorCode::kDuplicate,
                          path + ".annotations[" + std::to_string(a) + "].id",
                          "annotation id " + ann.id + " is used twice");
    }
    for (size_t p = 0; p < t->predictions.size(); ++p) {
      const Prediction& pred = t->predictions[p];
      if (pred.id_form != IdForm::kAbsent && !prediction_ids.insert(pred.id).second)
        return make_error(ErrorCode::kDuplicate,
                          path + ".predictions[" + std::to_string(p) + "].id",
                          "prediction id " + pred.id + " is used twice");
    }
    out.push_back(std::move(t.value()));
  }
  // Tasks without an id get their position (1-based) as a stable id that no other task has.
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].id_form != IdForm::kAbsent) continue;
    std::string id = std::to_string(i + 1);
    while (task_ids.count(id)) id = "task-" + id;
    task_ids.emplace(id, i);
    out[i].id = id;
  }
  return out;
}

Json write_tasks(const std::vector<Task>& tasks) {
  Json out = Json::array();
  for (const Task& t : tasks) out.push_back(write_task(t));
  return out;
}

}  // namespace ls_detail

namespace {

// Accepts any JSON; records the first error's place and bounds the nesting depth.
class SyntaxCheck {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(number_integer_t) { return true; }
  bool number_unsigned(number_unsigned_t) { return true; }
  bool number_float(number_float_t, const string_t&) { return true; }
  bool string(string_t&) { return true; }
  bool binary(binary_t&) { return true; }
  bool start_object(std::size_t) { return enter(); }
  bool key(string_t&) { return true; }
  bool end_object() { return leave(); }
  bool start_array(std::size_t) { return enter(); }
  bool end_array() { return leave(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) {
    position_ = position;
    what_ = ex.what();
    return false;
  }

  bool too_deep = false;
  std::size_t position_ = 0;
  std::string what_;

 private:
  bool enter() {
    if (++depth_ > kMaxJsonDepth) too_deep = true;
    return !too_deep;
  }
  bool leave() {
    --depth_;
    return true;
  }
  int depth_ = 0;
};

}  // namespace

Result<Json> parse_json_text(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return make_error(ErrorCode::kEmptyInput, "", "the input is empty; expected JSON");
  SyntaxCheck check;
  bool ok = Json::sax_parse(text.begin(), text.end(), &check);
  if (check.too_deep)
    return make_error(ErrorCode::kOutOfRange, "",
                      "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  if (!ok) {
    size_t p = std::min(check.position_, text.size());
    std::string_view before = text.substr(0, p);
    size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
    size_t nl = before.rfind('\n');
    size_t column = nl == std::string_view::npos ? p : p - nl - 1;
    // nlohmann's message: "[json.exception...] parse error at line L, column C: <what>".
    std::string what = check.what_;
    if (size_t c = what.find("column "); c != std::string::npos) {
      if (size_t colon = what.find(": ", c); colon != std::string::npos)
        what = what.substr(colon + 2);
    } else if (size_t b = what.find("] "); b != std::string::npos) {
      what = what.substr(b + 2);
    }
    // The message quotes the bytes read, which may be invalid UTF-8: escape all but ASCII.
    std::string safe;
    for (char c : what) {
      auto b = static_cast<unsigned char>(c);
      if (b >= 0x20 && b < 0x7F) {
        safe += c;
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", b);
        safe += buf;
      }
    }
    return make_error(ErrorCode::kInvalidJson,
                      "line " + std::to_string(line) + ", column " + std::to_string(column),
                      "invalid JSON: " + safe);
  }
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded())
    return make_error(ErrorCode::kInvalidJson, "", "invalid JSON");  // not reached: checked
  return j;
}

std::vector<LabelSet> infer_label_sets(const std::vector<Task>& tasks) {
  std::map<std::string, LabelSet> sets;
  std::map<std::string, std::set<std::string>> names;
  auto add = [&](const Region& r) {
    if (r.kind == RegionKind::kOther) return;
    auto [it, fresh] = sets.try_emplace(r.from_name);
    if (fresh) {
      it->second.name = r.from_name;
      it->second.to_name = r.to_name;
      it->second.kind = r.kind;
    }
    if (r.kind == RegionKind::kChoices && r.labels.size() > 1) it->second.multiple = true;
    names[r.from_name].insert(r.labels.begin(), r.labels.end());
  };
  for (const Task& t : tasks) {
    for (const Annotation& a : t.annotations)
      for (const Region& r : a.regions) add(r);
    for (const Prediction& p : t.predictions)
      for (const Region& r : p.regions) add(r);
  }
  std::vector<LabelSet> out;
  for (auto& [name, set] : sets) {
    size_t i = 0;
    for (const std::string& label : names[name]) {
      Label l;
      l.name = label;
      l.color = ls_detail::palette_color(i++);
      set.labels.push_back(std::move(l));
    }
    out.push_back(std::move(set));
  }
  return out;
}

namespace {

// One from_name must keep one result type across the file.
Status check_consistent_types(const std::vector<Task>& tasks) {
  std::map<std::string, RegionKind> kinds;
  for (size_t i = 0; i < tasks.size(); ++i) {
    auto check = [&](const std::vector<Region>& regions, const std::string& owner) -> Status {
      for (size_t k = 0; k < regions.size(); ++k) {
        const Region& r = regions[k];
        if (r.kind == RegionKind::kOther) continue;
        auto [it, fresh] = kinds.emplace(r.from_name, r.kind);
        if (!fresh && it->second != r.kind)
          return make_error(ErrorCode::kInvalidFormat,
                            owner + ".result[" + std::to_string(k) + "].type",
                            "from_name \"" + r.from_name + "\" was used with type \"" +
                                region_kind_ls_type(it->second) + "\" before, here \"" +
                                region_kind_ls_type(r.kind) + "\"");
      }
      return Ok{};
    };
    std::string path = "tasks[" + std::to_string(i) + "]";
    for (size_t a = 0; a < tasks[i].annotations.size(); ++a)
      LOCALABEL_TRY(
          check(tasks[i].annotations[a].regions, path + ".annotations[" + std::to_string(a) + "]"));
    for (size_t p = 0; p < tasks[i].predictions.size(); ++p)
      LOCALABEL_TRY(
          check(tasks[i].predictions[p].regions, path + ".predictions[" + std::to_string(p) + "]"));
  }
  return Ok{};
}

}  // namespace

Result<Project> import_label_studio(std::string_view json_text) {
  Result<Json> parsed = parse_json_text(json_text);
  if (!parsed.ok()) return parsed.error();
  const Json& j = parsed.value();
  if (j.is_object() && j.contains("localabel_project")) return project_from_json(j);
  Json list;
  if (j.is_array()) {
    list = j;
  } else if (j.is_object() && j.contains("data")) {
    list = Json::array({j});
  } else {
    return make_error(ErrorCode::kWrongType, "",
                      "expected a Label Studio task list (an array), a task object (with "
                      "\"data\") or a Localabel project file (with \"localabel_project\"), got " +
                          ls_detail::describe(j));
  }
  Result<std::vector<Task>> tasks = ls_detail::read_tasks(list);
  if (!tasks.ok()) return tasks.error();
  LOCALABEL_TRY(check_consistent_types(tasks.value()));
  Project project;
  project.tasks = std::move(tasks.value());
  project.label_sets = infer_label_sets(project.tasks);
  return project;
}

Json label_studio_tasks_json(const Project& project) {
  return ls_detail::write_tasks(project.tasks);
}

std::string export_label_studio(const Project& project) {
  return label_studio_tasks_json(project).dump(2) + "\n";
}

ProjectSummary summarize_project(const Project& project) {
  ProjectSummary s;
  s.tasks = static_cast<int64_t>(project.tasks.size());
  s.label_sets = static_cast<int64_t>(project.label_sets.size());
  auto count = [&](const std::vector<Region>& regions) {
    for (const Region& r : regions) {
      ++s.regions;
      ++s.by_kind[static_cast<int>(r.kind)];
    }
  };
  for (const Task& t : project.tasks) {
    if (t.kind == TaskKind::kImage) ++s.image_tasks;
    if (t.kind == TaskKind::kText) ++s.text_tasks;
    for (const Annotation& a : t.annotations) {
      ++s.annotations;
      if (a.ground_truth) ++s.ground_truth;
      if (a.status == AnnotationStatus::kSkipped) ++s.skipped;
      count(a.regions);
    }
    for (const Prediction& p : t.predictions) {
      ++s.predictions;
      count(p.regions);
    }
  }
  return s;
}

std::string format_summary(const ProjectSummary& s) {
  static const char* const kKindNames[7] = {"choices", "span",     "box",  "polygon",
                                            "brush",   "keypoint", "other"};
  std::string out = std::to_string(s.tasks) + " tasks (" + std::to_string(s.image_tasks) +
                    " image, " + std::to_string(s.text_tasks) + " text), " +
                    std::to_string(s.annotations) + " annotations (" +
                    std::to_string(s.ground_truth) + " ground truth, " + std::to_string(s.skipped) +
                    " skipped), " + std::to_string(s.predictions) + " predictions, " +
                    std::to_string(s.regions) + " regions";
  std::string kinds;
  for (int k = 0; k < 7; ++k) {
    if (s.by_kind[k] == 0) continue;
    if (!kinds.empty()) kinds += ", ";
    kinds += std::to_string(s.by_kind[k]) + " " + kKindNames[k];
  }
  if (!kinds.empty()) out += " (" + kinds + ")";
  out += ", " + std::to_string(s.label_sets) + " label sets";
  return out;
}

}  // namespace localabel
