// Embind glue for sync: events, segments, merge and assignment. Each function converts its
// arguments, calls one core function and returns {ok: true, value} or {ok: false, code,
// message, path}.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "convert.h"
#include "localabel/assignment.h"
#include "localabel/event.h"
#include "localabel/event_log.h"

namespace {

using localabel::wasm::bytes_of;
using localabel::wasm::fail;
using localabel::wasm::ok;
using localabel::wasm::to_vector;
using localabel::wasm::typed_copy;

using emscripten::val;

val sync_canonical_event(const std::string& event_json) {
  auto r = localabel::canonical_event_text(event_json);
  return r ? ok(val(*r)) : fail(r.error());
}

val sync_encode_segment(const std::string& events_json) {
  auto r = localabel::encode_segment(events_json);
  if (!r) return fail(r.error());
  val v = val::object();
  v.set("key", r->key);
  v.set("text", r->text);
  return ok(v);
}

// objects: Array<{key: string, text: string}>; resolves to the canonical export text.
val sync_merge(val objects) {
  std::vector<localabel::StoredObject> in;
  const unsigned n = objects["length"].as<unsigned>();
  in.reserve(n);
  for (unsigned i = 0; i < n; ++i) {
    val o = objects[i];
    in.push_back({o["key"].as<std::string>(), o["text"].as<std::string>()});
  }
  return ok(val(localabel::merged_export(localabel::merge_segments(std::move(in)))));
}

val sync_assign(const std::string& project_json, const std::string& annotator) {
  auto r = localabel::assign_queue_from_json_text(project_json, annotator);
  if (!r) return fail(r.error());
  val out = val::array();
  for (const auto& item : *r) {
    val v = val::object();
    v.set("task", item.task);
    v.set("honeypot", item.honeypot);
    v.set("partner", item.partner);
    out.call<void>("push", v);
  }
  return ok(out);
}

val sync_segment_key(const std::string& annotator, double first_seq) {
  if (!localabel::is_valid_annotator_id(annotator)) {
    return fail(localabel::make_error(localabel::ErrorCode::kInvalidArgument, "annotator",
                                      "'" + annotator + "' is not a valid annotator id"));
  }
  if (!(first_seq >= 1 && first_seq <= double(localabel::kMaxEventSeq)) ||
      first_seq != double(uint64_t(first_seq))) {
    return fail(localabel::make_error(localabel::ErrorCode::kOutOfRange, "first_seq",
                                      "expected a whole number 1 to 999999999999"));
  }
  return ok(val(localabel::segment_key(annotator, uint64_t(first_seq))));
}

}  // namespace

EMSCRIPTEN_BINDINGS(localabel_sync) {
  emscripten::function("syncCanonicalEvent", &sync_canonical_event);
  emscripten::function("syncEncodeSegment", &sync_encode_segment);
  emscripten::function("syncMerge", &sync_merge);
  emscripten::function("syncAssign", &sync_assign);
  emscripten::function("syncSegmentKey", &sync_segment_key);
}
