#include "localabel/event.h"

#include <cmath>
#include <cstdio>

#include "localabel/label_studio.h"

namespace localabel {

namespace {

constexpr const char* kTypeNames[] = {"create_region", "change_region", "delete_region", "submit",
                                      "skip"};

bool is_region_type(EventType t) {
  return t == EventType::kCreateRegion || t == EventType::kChangeRegion ||
         t == EventType::kDeleteRegion;
}

std::string join(const std::string& path, const char* field) {
  return path.empty() ? std::string(field) : path + "." + field;
}

// Reads a non-negative integer field that must fit in uint64_t.
Result<uint64_t> read_uint(const Json& v, const std::string& path) {
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  if (v.is_number_integer()) {
    return make_error(ErrorCode::kOutOfRange, path,
                      "expected a positive integer, got " + std::to_string(v.get<int64_t>()));
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d >= 0 && d == std::floor(d) && d < 1e15) return uint64_t(d);
    return make_error(ErrorCode::kOutOfRange, path, "expected a whole number");
  }
  return make_error(ErrorCode::kWrongType, path, "expected an integer");
}

Result<std::string> read_string(const Json& v, const std::string& path) {
  if (!v.is_string()) return make_error(ErrorCode::kWrongType, path, "expected a string");
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty()) return make_error(ErrorCode::kInvalidArgument, path, "must not be empty");
  return s;
}

// A parse_json_text error (path "line L, column C") restated for `what` ("segment", "event")
// read from `where` (an object key, or empty): the path becomes "<where>: line L, column C".
Error in_text(const Error& e, const std::string& where, const std::string& what) {
  std::string detail = e.message;
  if (!e.path.empty() && detail.rfind(e.path + ": ", 0) == 0) detail.erase(0, e.path.size() + 2);
  std::string path = where;
  if (!e.path.empty()) path += (path.empty() ? "" : ": ") + e.path;
  return make_error(e.code, path, what + " is not valid JSON: " + detail);
}

}  // namespace

const char* event_type_name(EventType type) { return kTypeNames[static_cast<int>(type)]; }

bool is_valid_annotator_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id[0] == '.') return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<Event> event_from_json(const Json& json, const std::string& path) {
  if (!json.is_object()) {
    return make_error(ErrorCode::kWrongType, path, "expected an event object");
  }
  Event e;
  for (const char* field : {"annotator", "seq", "type", "task"}) {
    if (!json.contains(field)) {
      return make_error(ErrorCode::kMissingField, join(path, field), "required field missing");
    }
  }
  auto annotator = read_string(json["annotator"], join(path, "annotator"));
  if (!annotator) return annotator.error();
  if (!is_valid_annotator_id(*annotator)) {
    return make_error(ErrorCode::kInvalidArgument, join(path, "annotator"),
                      "'" + *annotator +
                          "' is not a valid annotator id (1-64 of A-Z a-z 0-9 . _ -, not "
                          "starting with '.')");
  }
  e.annotator = *annotator;
  auto seq = read_uint(json["seq"], join(path, "seq"));
  if (!seq) return seq.error();
  if (*seq < 1 || *seq > kMaxEventSeq) {
    return make_error(ErrorCode::kOutOfRange, join(path, "seq"),
                      "expected 1 to 999999999999, got " + std::to_string(*seq));
  }
  e.seq = *seq;
  auto type = read_string(json["type"], join(path, "type"));
  if (!type) return type.error();
  bool found = false;
  for (int i = 0; i < 5; ++i) {
    if (*type == kTypeNames[i]) {
      e.type = static_cast<EventType>(i);
      found = true;
    }
  }
  if (!found) {
    return make_error(ErrorCode::kInvalidArgument, join(path, "type"),
                      "unknown event type '" + *type +
                          "' (expected create_region, change_region, delete_region, submit "
                          "or skip)");
  }
  auto task = read_string(json["task"], join(path, "task"));
  if (!task) return task.error();
  e.task = *task;

  bool region_type = is_region_type(e.type);
  bool has_value = e.type == EventType::kCreateRegion || e.type == EventType::kChangeRegion;
  for (const auto& [key, v] : json.items()) {
    std::string p = join(path, key.c_str());
    if (key == "annotator" || key == "seq" || key == "type" || key == "task") continue;
    if (key == "region") {
      if (!region_type) {
        return make_error(ErrorCode::kInvalidArgument, p,
                          std::string("not allowed in a ") + *type + " event");
      }
      auto r = read_string(v, p);
      if (!r) return r.error();
      e.region = *r;
    } else if (key == "value") {
      if (!has_value) {
        return make_error(ErrorCode::kInvalidArgument, p,
                          std::string("not allowed in a ") + *type + " event");
      }
      if (!v.is_object()) return make_error(ErrorCode::kWrongType, p, "expected an object");
      e.value = v;
    } else if (key == "lead_time") {
      if (region_type) {
        return make_error(ErrorCode::kInvalidArgument, p,
                          std::string("not allowed in a ") + *type + " event");
      }
      if (!v.is_number()) return make_error(ErrorCode::kWrongType, p, "expected a number");
      double d = v.get<double>();
      if (!std::isfinite(d) || d < 0) {
        return make_error(ErrorCode::kOutOfRange, p, "expected a finite number >= 0");
      }
      e.lead_time = d;
    } else if (key == "time") {
      if (!v.is_number_integer()) {
        return make_error(ErrorCode::kWrongType, p, "expected an integer (milliseconds)");
      }
      if (v.is_number_unsigned() ? v.get<uint64_t>() > uint64_t(INT64_MAX) : v.get<int64_t>() < 0) {
        return make_error(ErrorCode::kOutOfRange, p, "expected milliseconds since 1970 >= 0");
      }
      e.time_ms = v.get<int64_t>();
    } else {
      return make_error(ErrorCode::kInvalidArgument, p, "unknown field");
    }
  }
  if (region_type && e.region.empty()) {
    return make_error(ErrorCode::kMissingField, join(path, "region"),
                      std::string("required in a ") + *type + " event");
  }
  if (has_value && e.value.is_null()) {
    return make_error(ErrorCode::kMissingField, join(path, "value"),
                      std::string("required in a ") + *type + " event");
  }
  return e;
}

Json event_to_json(const Event& event) {
  Json j = Json::object();
  j["annotator"] = event.annotator;
  j["seq"] = event.seq;
  j["type"] = event_type_name(event.type);
  j["task"] = event.task;
  if (is_region_type(event.type)) j["region"] = event.region;
  if (!event.value.is_null()) j["value"] = event.value;
  if (event.lead_time >= 0) j["lead_time"] = event.lead_time;
  if (event.time_ms >= 0) j["time"] = event.time_ms;
  return j;
}

std::string segment_key(const std::string& annotator, uint64_t first_seq) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%012llu", static_cast<unsigned long long>(first_seq));
  return "events/" + annotator + "/" + digits + ".json";
}

Result<Segment> parse_segment_key(std::string_view key) {
  auto bad = [&](const std::string& why) -> Error {
    return make_error(ErrorCode::kInvalidFormat, std::string(key),
                      "not a segment key (events/<annotator>/<12 digits>.json): " + why);
  };
  constexpr std::string_view kPrefix = "events/";
  constexpr std::string_view kSuffix = ".json";
  if (key.substr(0, kPrefix.size()) != kPrefix) return bad("does not start with events/");
  std::string_view rest = key.substr(kPrefix.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return bad("no annotator folder");
  std::string_view annotator = rest.substr(0, slash);
  std::string_view file = rest.substr(slash + 1);
  if (!is_valid_annotator_id(annotator)) return bad("invalid annotator id");
  if (file.size() != 12 + kSuffix.size() || file.substr(12) != kSuffix) {
    return bad("file name is not 12 digits and .json");
  }
  uint64_t seq = 0;
  for (size_t i = 0; i < 12; ++i) {
    if (file[i] < '0' || file[i] > '9') return bad("file name is not 12 digits");
    seq = seq * 10 + uint64_t(file[i] - '0');
  }
  if (seq == 0) return bad("sequence numbers start at 1");
  Segment s;
  s.annotator = std::string(annotator);
  s.first_seq = seq;
  return s;
}

Status validate_segment(const Segment& segment) {
  if (!is_valid_annotator_id(segment.annotator)) {
    return make_error(ErrorCode::kInvalidArgument, "annotator",
                      "'" + segment.annotator + "' is not a valid annotator id");
  }
  if (segment.events.empty()) {
    return make_error(ErrorCode::kEmptyInput, "events", "a segment holds at least one event");
  }
  if (segment.first_seq < 1 || segment.first_seq > kMaxEventSeq ||
      segment.events.size() > kMaxEventSeq - segment.first_seq + 1) {
    return make_error(ErrorCode::kOutOfRange, "first_seq",
                      "sequence numbers must lie in 1 to 999999999999");
  }
  for (size_t i = 0; i < segment.events.size(); ++i) {
    const Event& e = segment.events[i];
    std::string path = "events[" + std::to_string(i) + "]";
    if (e.annotator != segment.annotator) {
      return make_error(
          ErrorCode::kInvalidArgument, path + ".annotator",
          "event by '" + e.annotator + "' in a segment of '" + segment.annotator + "'");
    }
    if (e.seq != segment.first_seq + i) {
      return make_error(ErrorCode::kInvalidArgument, path + ".seq",
                        "expected " + std::to_string(segment.first_seq + i) +
                            " (consecutive from first_seq), got " + std::to_string(e.seq));
    }
  }
  return Ok{};
}

Result<Segment> segment_from_text(std::string_view key, std::string_view text) {
  std::string k(key);
  auto prefixed = [&](Error e) {
    e.message = k + ": " + e.message;
    return e;
  };
  auto from_key = parse_segment_key(key);
  if (!from_key) return from_key.error();
  auto parsed = parse_json_text(text);
  if (!parsed) return in_text(parsed.error(), k, "segment");
  const Json& j = *parsed;
  if (!j.is_object()) return make_error(ErrorCode::kWrongType, k, "expected a JSON object");
  for (const char* field : {"format", "annotator", "first_seq", "events"}) {
    if (!j.contains(field)) {
      return make_error(ErrorCode::kMissingField, k + ": " + field, "required field missing");
    }
  }
  if (!j["format"].is_string() || j["format"].get<std::string>() != kSegmentFormat) {
    return make_error(ErrorCode::kInvalidFormat, k + ": format",
                      std::string("expected \"") + kSegmentFormat + "\"");
  }
  if (j.size() != 4) {
    for (const auto& [field, v] : j.items()) {
      (void)v;
      if (field != "format" && field != "annotator" && field != "first_seq" && field != "events")
        return make_error(ErrorCode::kInvalidArgument, k + ": " + field, "unknown field");
    }
  }
  if (!j["annotator"].is_string() || j["annotator"].get<std::string>() != from_key->annotator) {
    return make_error(ErrorCode::kInvalidArgument, k + ": annotator",
                      "must be '" + from_key->annotator + "' as in the key");
  }
  auto first = read_uint(j["first_seq"], "first_seq");
  if (!first) return prefixed(first.error());
  if (*first != from_key->first_seq) {
    return make_error(ErrorCode::kInvalidArgument, k + ": first_seq",
                      "must be " + std::to_string(from_key->first_seq) + " as in the key");
  }
  if (!j["events"].is_array()) {
    return make_error(ErrorCode::kWrongType, k + ": events", "expected an array");
  }
  Segment s = *from_key;
  const Json& events = j["events"];
  s.events.reserve(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    auto e = event_from_json(events[i], "events[" + std::to_string(i) + "]");
    if (!e) return prefixed(e.error());
    s.events.push_back(std::move(*e));
  }
  Status valid = validate_segment(s);
  if (!valid) return prefixed(valid.error());
  return s;
}

Result<std::string> segment_to_text(const Segment& segment) {
  Status valid = validate_segment(segment);
  if (!valid) return valid.error();
  Json events = Json::array();
  for (const Event& e : segment.events) events.push_back(event_to_json(e));
  Json j = {{"format", kSegmentFormat},
            {"annotator", segment.annotator},
            {"first_seq", segment.first_seq},
            {"events", std::move(events)}};
  return j.dump();
}

Result<std::vector<Segment>> make_segments(const std::vector<Event>& events, size_t max_events) {
  if (max_events == 0) {
    return make_error(ErrorCode::kInvalidArgument, "max_events", "must be at least 1");
  }
  std::vector<Segment> out;
  for (size_t i = 0; i < events.size(); i += max_events) {
    Segment s;
    s.annotator = events[i].annotator;
    s.first_seq = events[i].seq;
    size_t end = std::min(events.size(), i + max_events);
    s.events.assign(events.begin() + long(i), events.begin() + long(end));
    Status valid = validate_segment(s);
    if (!valid) {
      Error e = valid.error();
      e.message = "segment starting at events[" + std::to_string(i) + "]: " + e.message;
      return e;
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::string> canonical_event_text(std::string_view json_text) {
  auto parsed = parse_json_text(json_text);
  if (!parsed) return in_text(parsed.error(), "", "event");
  const Json& j = *parsed;
  auto e = event_from_json(j);
  if (!e) return e.error();
  return event_to_json(*e).dump();
}

Result<StoredObject> encode_segment(std::string_view events_json_text) {
  auto parsed = parse_json_text(events_json_text);
  if (!parsed) return in_text(parsed.error(), "", "events");
  const Json& j = *parsed;
  if (!j.is_array()) return make_error(ErrorCode::kWrongType, "", "expected an array of events");
  if (j.empty())
    return make_error(ErrorCode::kEmptyInput, "", "a segment holds at least one event");
  Segment s;
  s.events.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    auto e = event_from_json(j[i], "[" + std::to_string(i) + "]");
    if (!e) return e.error();
    s.events.push_back(std::move(*e));
  }
  s.annotator = s.events[0].annotator;
  s.first_seq = s.events[0].seq;
  auto text = segment_to_text(s);
  if (!text) return text.error();
  return StoredObject{segment_key(s.annotator, s.first_seq), std::move(*text)};
}

}  // namespace localabel
