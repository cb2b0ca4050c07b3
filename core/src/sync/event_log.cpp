#include "localabel/event_log.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <utility>

#include "localabel/unicode.h"

namespace localabel {

namespace {

struct EventOrder {
  bool operator()(const Event& a, const Event& b) const {
    if (a.annotator != b.annotator) return a.annotator < b.annotator;
    return a.seq < b.seq;
  }
};

RegionState* find_region(AnnotationState& a, const std::string& id) {
  for (RegionState& r : a.regions) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::string where(const Event& e) {
  return std::string(event_type_name(e.type)) + " of region '" + e.region + "' in task '" + e.task +
         "'";
}

}  // namespace

std::string escape_non_utf8(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const size_t bad = utf8_invalid_offset(text);
    if (bad == std::string_view::npos) {
      out += text;
      break;
    }
    out += text.substr(0, bad);
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[bad]));
    out += buf;
    text.remove_prefix(bad + 1);
  }
  return out;
}

const char* annotation_progress_name(AnnotationProgress progress) {
  switch (progress) {
    case AnnotationProgress::kDraft:
      return "draft";
    case AnnotationProgress::kSubmitted:
      return "submitted";
    case AnnotationProgress::kSkipped:
      return "skipped";
  }
  return "draft";
}

MergedState fold_events(std::vector<Event> events) {
  MergedState state;
  // stable_sort keeps the first copy of a duplicate first, which merge_segments relies on.
  std::stable_sort(events.begin(), events.end(), EventOrder{});
  std::map<std::pair<std::string, std::string>, AnnotationState> by_task;
  const Event* previous = nullptr;
  for (const Event& e : events) {
    if (previous && previous->annotator == e.annotator && previous->seq == e.seq) {
      if (e == *previous) {
        ++state.duplicates;
      } else {
        state.rejected.push_back({"", e.annotator, e.seq,
                                  "a different event with the same annotator and seq was "
                                  "kept; this copy is ignored"});
      }
      continue;
    }
    previous = &e;
    ++state.events;
    if (state.annotators.empty() || state.annotators.back().annotator != e.annotator) {
      state.annotators.push_back({e.annotator, 0, 0, 0});
    }
    AnnotatorLog& log = state.annotators.back();
    ++log.events;
    log.max_seq = e.seq;

    AnnotationState& a = by_task[{e.task, e.annotator}];
    if (a.task.empty()) {
      a.task = e.task;
      a.annotator = e.annotator;
    }
    a.history.push_back(e.seq);
    RegionState* r = e.region.empty() ? nullptr : find_region(a, e.region);
    switch (e.type) {
      case EventType::kCreateRegion:
        if (r && !r->deleted) {
          state.issues.push_back(
              {"", e.annotator, e.seq, where(e) + ": the region exists; applied as a change"});
          r->value = e.value;
          r->versions.push_back(e.seq);
        } else if (r) {
          // Re-creating a deleted id (undo of a delete) revives it, keeping its history.
          r->deleted = false;
          r->deleted_seq = 0;
          r->value = e.value;
          r->versions.push_back(e.seq);
        } else {
          a.regions.push_back({e.region, e.value, {e.seq}, false, 0});
        }
        break;
      case EventType::kChangeRegion:
        if (!r || r->deleted) {
          state.issues.push_back(
              {"", e.annotator, e.seq, where(e) + ": no such live region; nothing changed"});
        } else {
          r->value = e.value;
          r->versions.push_back(e.seq);
        }
        break;
      case EventType::kDeleteRegion:
        if (!r || r->deleted) {
          state.issues.push_back(
              {"", e.annotator, e.seq, where(e) + ": no such live region; nothing deleted"});
        } else {
          r->deleted = true;
          r->deleted_seq = e.seq;
        }
        break;
      case EventType::kSubmit:
      case EventType::kSkip:
        a.progress = e.type == EventType::kSubmit ? AnnotationProgress::kSubmitted
                                                  : AnnotationProgress::kSkipped;
        if (e.lead_time >= 0) a.lead_time = e.lead_time;
        break;
    }
  }
  for (AnnotatorLog& log : state.annotators) log.missing = log.max_seq - log.events;
  state.annotations.reserve(by_task.size());
  for (auto& [key, a] : by_task) state.annotations.push_back(std::move(a));
  return state;
}

MergedState merge_segments(std::vector<StoredObject> objects) {
  std::sort(objects.begin(), objects.end(), [](const StoredObject& a, const StoredObject& b) {
    if (a.key != b.key) return a.key < b.key;
    return a.text < b.text;
  });
  std::vector<Event> events;
  std::vector<MergeIssue> rejected;
  std::vector<std::string> keys_seen;
  for (size_t i = 0; i < objects.size(); ++i) {
    const StoredObject& o = objects[i];
    if (o.key.rfind("events/", 0) != 0) continue;
    if (utf8_invalid_offset(o.key) != std::string::npos) {
      // Keys come from a storage listing: one that is not UTF-8 cannot be a segment key and
      // must not reach the JSON export as it is (JSON text is UTF-8).
      const std::string shown = escape_non_utf8(o.key);
      if (i == 0 || objects[i - 1].key != o.key)
        rejected.push_back({shown, "", 0, shown + ": not a segment key (not valid UTF-8)"});
      continue;
    }
    if (i > 0 && objects[i - 1].key == o.key) {
      // The same key listed twice: identical text is the same object.
      if (objects[i - 1].text != o.text) {
        rejected.push_back({o.key, "", 0, o.key + ": two different texts under one key"});
      }
      continue;
    }
    auto segment = segment_from_text(o.key, o.text);
    if (!segment) {
      auto key = parse_segment_key(o.key);
      rejected.push_back({o.key, key ? key->annotator : "", 0, segment.error().message});
      continue;
    }
    for (Event& e : segment->events) events.push_back(std::move(e));
  }
  MergedState state = fold_events(std::move(events));
  rejected.insert(rejected.end(), state.rejected.begin(), state.rejected.end());
  state.rejected = std::move(rejected);
  return state;
}

Json merged_state_to_json(const MergedState& state) {
  auto issues_json = [](const std::vector<MergeIssue>& list) {
    Json out = Json::array();
    for (const MergeIssue& m : list) {
      out.push_back(
          {{"key", m.key}, {"annotator", m.annotator}, {"seq", m.seq}, {"message", m.message}});
    }
    return out;
  };
  Json annotators = Json::array();
  for (const AnnotatorLog& log : state.annotators) {
    annotators.push_back({{"annotator", log.annotator},
                          {"events", log.events},
                          {"max_seq", log.max_seq},
                          {"missing", log.missing}});
  }
  Json annotations = Json::array();
  for (const AnnotationState& a : state.annotations) {
    Json regions = Json::array();
    for (const RegionState& r : a.regions) {
      Json rj = {{"id", r.id}, {"value", r.value}, {"versions", r.versions}};
      if (r.deleted) rj["deleted_seq"] = r.deleted_seq;
      regions.push_back(std::move(rj));
    }
    Json aj = {{"task", a.task},
               {"annotator", a.annotator},
               {"status", annotation_progress_name(a.progress)},
               {"history", a.history},
               {"regions", std::move(regions)}};
    if (a.lead_time >= 0) aj["lead_time"] = a.lead_time;
    annotations.push_back(std::move(aj));
  }
  return {{"format", "localabel-merged/1"},        {"events", state.events},
          {"duplicates", state.duplicates},        {"annotators", std::move(annotators)},
          {"annotations", std::move(annotations)}, {"rejected", issues_json(state.rejected)},
          {"issues", issues_json(state.issues)}};
}

std::string merged_export(const MergedState& state) {
  // Every string of the state is either parsed JSON (valid UTF-8) or escaped by merge_segments;
  // a MergedState built by hand could still hold invalid bytes, which become U+FFFD instead of
  // aborting the dump.
  return merged_state_to_json(state).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace localabel
