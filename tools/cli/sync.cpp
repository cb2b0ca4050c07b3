// `localabel sync pull|push|status`: the web app's storage layout from pipelines, merged by
// the same core code (localabel/event_log.h).
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "command.h"
#include "localabel/event.h"
#include "localabel/event_log.h"
#include "sync_http.h"

namespace localabel::cli {
namespace {

struct SyncArgs {
  std::string action;
  std::string store;
  std::string endpoint;
  std::string region = "us-east-1";
  std::string listing = "json";
  std::string annotator;
  std::string events;
  std::string out = "-";
  size_t segment_size = 50;
};

bool parse(const Args& args, SyncArgs* a, std::string* error) {
  if (args.empty()) {
    *error = "missing action (pull, push or status)";
    return false;
  }
  a->action = args[0];
  if (a->action != "pull" && a->action != "push" && a->action != "status") {
    *error = "unknown action '" + a->action + "' (expected pull, push or status)";
    return false;
  }
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& k = args[i];
    if (i + 1 >= args.size()) {
      *error = "option " + k + " needs a value";
      return false;
    }
    const std::string& v = args[++i];
    if (k == "--store")
      a->store = v;
    else if (k == "--endpoint")
      a->endpoint = v;
    else if (k == "--region")
      a->region = v;
    else if (k == "--listing")
      a->listing = v;
    else if (k == "--annotator")
      a->annotator = v;
    else if (k == "--events")
      a->events = v;
    else if (k == "--out")
      a->out = v;
    else if (k == "--segment-size")
      a->segment_size = size_t(std::strtoul(v.c_str(), nullptr, 10));
    else {
      *error = "unknown option " + k;
      return false;
    }
  }
  if (a->store.empty()) {
    *error = "--store is required";
    return false;
  }
  if (a->listing != "json" && a->listing != "propfind") {
    *error = "--listing must be json or propfind";
    return false;
  }
  if (a->segment_size == 0) {
    *error = "--segment-size must be at least 1";
    return false;
  }
  return true;
}

std::unique_ptr<Store> open_store(const SyncArgs& a, std::string* error) {
  if (a.store.rfind("s3://", 0) == 0) {
    S3Config c;
    std::string rest = a.store.substr(5);
    size_t slash = rest.find('/');
    c.bucket = rest.substr(0, slash);
    if (slash != std::string::npos) c.prefix = rest.substr(slash + 1);
    while (!c.prefix.empty() && c.prefix.back() == '/') c.prefix.pop_back();
    c.endpoint = a.endpoint;
    while (!c.endpoint.empty() && c.endpoint.back() == '/') c.endpoint.pop_back();
    c.region = a.region;
    const char* id = std::getenv("AWS_ACCESS_KEY_ID");
    const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
    const char* token = std::getenv("AWS_SESSION_TOKEN");
    if (c.bucket.empty() || c.endpoint.empty() || !id || !secret) {
      *error =
          "s3://BUCKET[/PREFIX] needs --endpoint URL and AWS_ACCESS_KEY_ID / "
          "AWS_SECRET_ACCESS_KEY in the environment";
      return nullptr;
    }
    c.access_key_id = id;
    c.secret_access_key = secret;
    if (token) c.session_token = token;
    return make_s3_store(c);
  }
  if (a.store.rfind("http://", 0) == 0 || a.store.rfind("https://", 0) == 0) {
    std::string base = a.store.back() == '/' ? a.store : a.store + "/";
    return make_webdav_store(base, a.listing);
  }
  *error = "--store must be s3://BUCKET[/PREFIX] or an http:// WebDAV folder URL";
  return nullptr;
}

bool fetch_segments(Store& store, std::vector<StoredObject>* objects, std::string* error) {
  std::vector<std::string> keys;
  if (!store.list("events/", &keys, error)) return false;
  for (const std::string& key : keys) {
    std::string text;
    bool found = false;
    if (!store.get(key, &text, &found, error)) return false;
    if (found) objects->push_back({key, std::move(text)});
  }
  return true;
}

// Reads events as a JSON array or as JSON lines.
Result<std::vector<Event>> read_events(const std::string& text) {
  std::vector<Json> items;
  Json whole = Json::parse(text, nullptr, false);
  if (!whole.is_discarded() && whole.is_array()) {
    for (auto& e : whole) items.push_back(std::move(e));
  } else if (!whole.is_discarded() && whole.is_object()) {
    items.push_back(std::move(whole));  // JSON lines with a single line
  } else if (!whole.is_discarded()) {
    return make_error(ErrorCode::kWrongType, "", "expected an array of events or JSON lines");
  } else {
    size_t line_no = 0, start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      ++line_no;
      start = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Json j = Json::parse(line, nullptr, false);
      if (j.is_discarded()) {
        return make_error(ErrorCode::kInvalidJson, "line " + std::to_string(line_no),
                          "not a JSON event");
      }
      items.push_back(std::move(j));
    }
  }
  std::vector<Event> events;
  for (size_t i = 0; i < items.size(); ++i) {
    auto e = event_from_json(items[i], "[" + std::to_string(i) + "]");
    if (!e) return e.error();
    events.push_back(std::move(*e));
  }
  return events;
}

int run_sync(const Args& args, Io& io) {
  SyncArgs a;
  std::string error;
  if (!parse(args, &a, &error)) {
    std::fprintf(io.err, "localabel sync: %s\n", error.c_str());
    return kExitUsage;
  }
  auto store = open_store(a, &error);
  if (!store) {
    std::fprintf(io.err, "localabel sync: %s\n", error.c_str());
    return kExitUsage;
  }
  if (a.action == "push") {
    if (!is_valid_annotator_id(a.annotator) || a.events.empty()) {
      std::fprintf(io.err, "localabel sync push: needs --annotator ID and --events FILE\n");
      return kExitUsage;
    }
    std::string text;
    if (!read_input(a.events, io.in, &text, &error)) {
      std::fprintf(io.err, "localabel sync push: %s\n", error.c_str());
      return kExitInvalidInput;
    }
    auto events = read_events(text);
    if (!events) {
      std::fprintf(io.err, "localabel sync push: %s: %s\n", a.events.c_str(),
                   events.error().message.c_str());
      return kExitInvalidInput;
    }
    // Seqs already in storage are skipped, so pushing the same file again adds nothing.
    std::vector<StoredObject> existing;
    std::vector<std::string> keys;
    if (!store->list("events/" + a.annotator + "/", &keys, &error)) {
      std::fprintf(io.err, "localabel sync push: %s\n", error.c_str());
      return kExitInvalidInput;
    }
    std::set<uint64_t> stored;
    for (const std::string& key : keys) {
      std::string t;
      bool found = false;
      if (!store->get(key, &t, &found, &error)) {
        std::fprintf(io.err, "localabel sync push: %s\n", error.c_str());
        return kExitInvalidInput;
      }
      auto s = found ? segment_from_text(key, t) : Result<Segment>(Segment{});
      if (!s) continue;
      for (const Event& e : s->events) stored.insert(e.seq);
    }
    std::vector<Event> fresh;
    for (Event& e : *events) {
      if (e.annotator != a.annotator) {
        std::fprintf(io.err, "localabel sync push: event %s/%llu is not by --annotator %s\n",
                     e.annotator.c_str(), static_cast<unsigned long long>(e.seq),
                     a.annotator.c_str());
        return kExitInvalidInput;
      }
      if (!stored.count(e.seq)) fresh.push_back(std::move(e));
    }
    std::sort(fresh.begin(), fresh.end(),
              [](const Event& x, const Event& y) { return x.seq < y.seq; });
    size_t uploaded = 0, segments = 0;
    for (size_t i = 0; i < fresh.size();) {
      size_t j = i + 1;
      while (j < fresh.size() && fresh[j].seq == fresh[j - 1].seq + 1) ++j;
      std::vector<Event> run(fresh.begin() + long(i), fresh.begin() + long(j));
      auto segs = make_segments(run, a.segment_size);
      if (!segs) {
        std::fprintf(io.err, "localabel sync push: %s\n", segs.error().message.c_str());
        return kExitInvalidInput;
      }
      for (const Segment& s : *segs) {
        auto body = segment_to_text(s);
        if (!body || !store->put(segment_key(s.annotator, s.first_seq), *body, &error)) {
          std::fprintf(io.err, "localabel sync push: %s\n",
                       body ? error.c_str() : body.error().message.c_str());
          return kExitInvalidInput;
        }
        ++segments;
        uploaded += s.events.size();
      }
      i = j;
    }
    std::fprintf(io.out, "pushed %zu events in %zu segments (%zu already stored)\n", uploaded,
                 segments, events->size() - fresh.size());
    return kExitOk;
  }

  std::vector<StoredObject> objects;
  if (!fetch_segments(*store, &objects, &error)) {
    std::fprintf(io.err, "localabel sync %s: %s\n", a.action.c_str(), error.c_str());
    return kExitInvalidInput;
  }
  size_t segment_count = objects.size();
  MergedState state = merge_segments(std::move(objects));
  if (a.action == "pull") {
    if (!write_output(a.out, io.out, merged_export(state), &error)) {
      std::fprintf(io.err, "localabel sync pull: %s\n", error.c_str());
      return kExitInvalidInput;
    }
    return kExitOk;
  }
  std::fprintf(io.out, "%zu segments, %llu events, %zu annotations, %zu rejected, %zu issues\n",
               segment_count, static_cast<unsigned long long>(state.events),
               state.annotations.size(), state.rejected.size(), state.issues.size());
  for (const AnnotatorLog& log : state.annotators) {
    std::fprintf(io.out, "  %-20s events %llu  last seq %llu  missing %llu\n",
                 log.annotator.c_str(), static_cast<unsigned long long>(log.events),
                 static_cast<unsigned long long>(log.max_seq),
                 static_cast<unsigned long long>(log.missing));
  }
  for (const MergeIssue& m : state.rejected)
    std::fprintf(io.out, "  rejected: %s\n", m.message.c_str());
  return kExitOk;
}

}  // namespace

LOCALABEL_CLI_COMMAND(
    sync, "sync pull|push|status --store STORE [OPTIONS]",
    "Pull, push or inspect annotations in shared storage (S3, WebDAV)",
    "Works on the web app's storage layout: project.json and immutable segments\n"
    "events/<annotator>/<seq>.json, merged by the same core code as the app.\n\n"
    "  pull     merge every segment and write the canonical export (--out FILE, default -)\n"
    "  push     upload events (JSON array or JSON lines) of --annotator ID from --events\n"
    "           FILE as new segments; events already stored are skipped\n"
    "  status   segments, events and missing sequence numbers per annotator\n\n"
    "STORE is s3://BUCKET[/PREFIX] (with --endpoint http://HOST:PORT, --region, and\n"
    "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN in the environment;\n"
    "path-style, Signature V4) or an http:// WebDAV folder (--listing json|propfind).\n"
    "--segment-size N events per segment for push (default 50). Only http:// is\n"
    "supported by this build. Temporary failures are retried with backoff.",
    run_sync);

}  // namespace localabel::cli
