#include "sync_http.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "localabel/label_studio.h"

namespace localabel::cli {

namespace {

// ---- SHA-256 (FIPS 180-4, section 6.2) ----
constexpr uint32_t kK[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void sha256_block(uint32_t h[8], const unsigned char* p) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i) {
    w[i] = uint32_t(p[4 * i]) << 24 | uint32_t(p[4 * i + 1]) << 16 | uint32_t(p[4 * i + 2]) << 8 |
           uint32_t(p[4 * i + 3]);
  }
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t t1 =
        hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kK[i] + w[i];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

std::string uri_encode(const std::string& s, bool keep_slash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct Url {
  std::string host;  ///< host[:port] as in the Host header
  std::string name;
  std::string port = "80";
  std::string path;  ///< path and query
};

bool parse_url(const std::string& url, Url* u, std::string* error) {
  if (url.rfind("http://", 0) != 0) {
    *error = url + ": only http:// URLs are supported by this build (https needs libcurl)";
    return false;
  }
  std::string rest = url.substr(7);
  size_t slash = rest.find('/');
  u->host = rest.substr(0, slash);
  u->path = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = u->host.rfind(':');
  u->name = u->host.substr(0, colon);
  if (colon != std::string::npos) u->port = u->host.substr(colon + 1);
  if (u->name.empty()) {
    *error = url + ": no host name";
    return false;
  }
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string utc_amz_date() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

bool retryable(int status) { return status == 0 || status == 429 || status >= 500; }

// Runs a request up to 6 times with exponential backoff on temporary failures.
template <class MakeHeaders>
bool request_with_retry(const std::string& method, const std::string& url, const std::string& body,
                        MakeHeaders make_headers, HttpResponse* res, std::string* error) {
  int delay_ms = 200;
  for (int attempt = 0;; ++attempt) {
    std::string err;
    bool answered = http_request(method, url, make_headers(), body, res, &err);
    if (answered && !retryable(res->status)) return true;
    if (attempt == 5) {
      *error = answered ? method + " " + url + ": HTTP " + std::to_string(res->status) +
                              " after 6 attempts"
                        : err + " (after 6 attempts)";
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    delay_ms = std::min(delay_ms * 2, 5000);
  }
}

std::string xml_text(const std::string& xml, const std::string& tag, size_t* from = nullptr) {
  size_t start = from ? *from : 0;
  std::string open = "<" + tag + ">";
  size_t a = xml.find(open, start);
  if (a == std::string::npos) return "";
  size_t b = xml.find("</" + tag + ">", a);
  if (b == std::string::npos) return "";
  if (from) *from = b;
  std::string t = xml.substr(a + open.size(), b - a - open.size());
  // Keys are made of [A-Za-z0-9._/-]; only &amp; can appear in practice.
  size_t p;
  while ((p = t.find("&amp;")) != std::string::npos) t.replace(p, 5, "&");
  return t;
}

std::string s3_failure(const std::string& what, const HttpResponse& r) {
  std::string code = xml_text(r.body, "Code");
  if (code == "SignatureDoesNotMatch") {
    return what + ": the secret access key is wrong (the storage computed a different signature)";
  }
  if (code == "InvalidAccessKeyId") return what + ": the access key id is not known to the storage";
  if (code == "RequestTimeTooSkewed") {
    return what + ": this computer's clock is more than 15 minutes off the storage's";
  }
  if (code == "NoSuchBucket") return what + ": the bucket does not exist";
  return what + ": HTTP " + std::to_string(r.status) + (code.empty() ? "" : " " + code);
}

class S3Store : public Store {
 public:
  explicit S3Store(S3Config c) : c_(std::move(c)) {}

  std::string bucket_url() const { return c_.endpoint + "/" + uri_encode(c_.bucket, false); }
  std::string full_key(const std::string& key) const {
    return c_.prefix.empty() ? key : c_.prefix + "/" + key;
  }

  bool call(const std::string& method, const std::string& url, const std::string& body,
            const std::vector<std::pair<std::string, std::string>>& extra, HttpResponse* r,
            std::string* error) {
    auto headers = [&] {
      auto h = sigv4_headers(c_, method, url, body, extra, utc_amz_date());
      h.insert(h.end(), extra.begin(), extra.end());
      return h;
    };
    return request_with_retry(method, url, body, headers, r, error);
  }

  bool put(const std::string& key, const std::string& text, std::string* error) override {
    HttpResponse r;
    if (!call("PUT", bucket_url() + "/" + uri_encode(full_key(key), true), text,
              {{"content-type", "application/json"}}, &r, error))
      return false;
    if (r.status / 100 == 2) return true;
    *error = s3_failure("PUT " + key, r);
    return false;
  }

  bool get(const std::string& key, std::string* text, bool* found, std::string* error) override {
    HttpResponse r;
    if (!call("GET", bucket_url() + "/" + uri_encode(full_key(key), true), "", {}, &r, error))
      return false;
    *found = r.status / 100 == 2;
    if (r.status == 404 && xml_text(r.body, "Code") == "NoSuchKey") return true;
    if (!*found) {
      *error = s3_failure("GET " + key, r);
      return false;
    }
    *text = std::move(r.body);
    return true;
  }

  bool list(const std::string& prefix, std::vector<std::string>* keys,
            std::string* error) override {
    std::string base = c_.prefix.empty() ? "" : c_.prefix + "/";
    std::string token;
    for (;;) {
      // Query parameters in canonical (sorted) order, encoded as SigV4 wants.
      std::string query;
      if (!token.empty()) query += "continuation-token=" + uri_encode(token, false) + "&";
      query += "list-type=2&prefix=" + uri_encode(base + prefix, false);
      HttpResponse r;
      if (!call("GET", bucket_url() + "?" + query, "", {}, &r, error)) return false;
      if (r.status / 100 != 2) {
        *error = s3_failure("LIST " + prefix, r);
        return false;
      }
      size_t pos = 0;
      for (;;) {
        std::string contents = xml_text(r.body, "Contents", &pos);
        if (contents.empty()) break;
        std::string key = xml_text(contents, "Key");
        if (key.rfind(base, 0) == 0) keys->push_back(key.substr(base.size()));
      }
      token = xml_text(r.body, "NextContinuationToken");
      if (xml_text(r.body, "IsTruncated") != "true" || token.empty()) break;
    }
    std::sort(keys->begin(), keys->end());
    return true;
  }

 private:
  S3Config c_;
};

class WebDavStore : public Store {
 public:
  WebDavStore(std::string base, std::string listing)
      : base_(std::move(base)), listing_(std::move(listing)) {}

  bool put(const std::string& key, const std::string& text, std::string* error) override {
    HttpResponse r;
    if (!request_with_retry(
            "PUT", base_ + uri_encode(key, true), text,
            [] {
              return std::vector<std::pair<std::string, std::string>>{
                  {"content-type", "application/json"}};
            },
            &r, error))
      return false;
    if (r.status / 100 == 2) return true;
    *error = "PUT " + key + ": HTTP " + std::to_string(r.status);
    return false;
  }

  bool get(const std::string& key, std::string* text, bool* found, std::string* error) override {
    HttpResponse r;
    if (!request_with_retry("GET", base_ + uri_encode(key, true), "", no_headers, &r, error))
      return false;
    *found = r.status / 100 == 2;
    if (r.status == 404) return true;
    if (!*found) {
      *error = "GET " + key + ": HTTP " + std::to_string(r.status);
      return false;
    }
    *text = std::move(r.body);
    return true;
  }

  bool list(const std::string& prefix, std::vector<std::string>* keys,
            std::string* error) override {
    std::string folder = prefix.substr(0, prefix.rfind('/') + 1);
    if (!walk(folder, keys, error)) return false;
    keys->erase(std::remove_if(keys->begin(), keys->end(),
                               [&](const std::string& k) { return k.rfind(prefix, 0) != 0; }),
                keys->end());
    std::sort(keys->begin(), keys->end());
    return true;
  }

 private:
  static std::vector<std::pair<std::string, std::string>> no_headers() { return {}; }

  // The storage's keys are a few folders deep (events/<annotator>/<seq>.json); a listing that
  // goes deeper than this is refused instead of being followed without end.
  static constexpr int kMaxListingDepth = 16;

  bool walk(const std::string& folder, std::vector<std::string>* keys, std::string* error,
            int depth = 0) {
    if (depth > kMaxListingDepth) {
      *error = "LIST " + folder + ": folders nest deeper than " + std::to_string(kMaxListingDepth) +
               " levels";
      return false;
    }
    HttpResponse r;
    std::string url = base_ + uri_encode(folder, true);
    bool propfind = listing_ == "propfind";
    std::string body =
        propfind ? "<?xml version=\"1.0\"?><propfind xmlns=\"DAV:\"><prop><resourcetype/></prop>"
                   "</propfind>"
                 : "";
    auto headers = [&] {
      return propfind ? std::vector<std::pair<std::string, std::string>>{{"depth", "1"}}
                      : std::vector<std::pair<std::string, std::string>>{};
    };
    if (!request_with_retry(propfind ? "PROPFIND" : "GET", url, body, headers, &r, error))
      return false;
    if (r.status == 404) return true;
    if (r.status / 100 != 2) {
      *error = "LIST " + folder + ": HTTP " + std::to_string(r.status);
      return false;
    }
    std::vector<std::pair<std::string, bool>> entries;  // name, is folder
    if (!propfind) {
      // The listing comes from the server: read with the importers' nesting limit.
      localabel::Result<localabel::Json> parsed = localabel::parse_json_text(r.body);
      const localabel::Json j = parsed.ok() ? std::move(parsed).value() : localabel::Json();
      if (!j.is_array()) {
        *error =
            "LIST " + folder + ": the listing is not a JSON array (nginx: autoindex_format json)";
        return false;
      }
      for (const auto& e : j) {
        if (!e.is_object() || !e.contains("name") || !e["name"].is_string()) continue;
        const auto type = e.find("type");
        const bool dir = type != e.end() && type->is_string() && *type == "directory";
        entries.push_back({e["name"].get<std::string>(), dir});
      }
    } else {
      // The folder's own path (after "scheme://host"), which the listing names too.
      const size_t scheme = url.find("://");
      const size_t path_at = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
      std::string self = path_at == std::string::npos ? std::string("/") : url.substr(path_at);
      size_t pos = 0;
      for (;;) {
        size_t a = r.body.find(":href>", pos);
        if (a == std::string::npos) break;
        size_t b = r.body.find("</", a);
        if (b == std::string::npos) break;
        std::string href = r.body.substr(a + 6, b - a - 6);
        pos = b;
        if (href == self) continue;
        bool dir = !href.empty() && href.back() == '/';
        if (dir) href.pop_back();
        entries.push_back({href.substr(href.rfind('/') + 1), dir});
      }
    }
    for (const auto& [name, dir] : entries) {
      if (dir) {
        if (!walk(folder + name + "/", keys, error, depth + 1)) return false;
      } else {
        keys->push_back(folder + name);
      }
    }
    return true;
  }

  std::string base_;
  std::string listing_;
};

}  // namespace

std::string sha256(const std::string& data) {
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string m = data;
  uint64_t bits = uint64_t(data.size()) * 8;
  m += char(0x80);
  while (m.size() % 64 != 56) m += char(0);
  for (int i = 7; i >= 0; --i) m += char((bits >> (8 * i)) & 0xff);
  for (size_t i = 0; i < m.size(); i += 64) {
    sha256_block(h, reinterpret_cast<const unsigned char*>(m.data() + i));
  }
  std::string out;
  for (uint32_t v : h) {
    for (int s = 24; s >= 0; s -= 8) out += char((v >> s) & 0xff);
  }
  return out;
}

std::string hmac_sha256(const std::string& key, const std::string& message) {
  std::string k = key.size() > 64 ? sha256(key) : key;
  k.resize(64, '\0');
  std::string inner(64, '\0'), outer(64, '\0');
  for (int i = 0; i < 64; ++i) {
    inner[i] = char(k[i] ^ 0x36);
    outer[i] = char(k[i] ^ 0x5c);
  }
  return sha256(outer + sha256(inner + message));
}

std::string to_hex(const std::string& bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> sigv4_headers(
    const S3Config& c, const std::string& method, const std::string& url, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& extra, const std::string& amz_date) {
  Url u;
  std::string ignored;
  parse_url(url, &u, &ignored);
  std::string path = u.path, query;
  if (size_t q = path.find('?'); q != std::string::npos) {
    query = path.substr(q + 1);  // already canonical: sorted and encoded by the caller
    path = path.substr(0, q);
  }
  std::string payload = to_hex(sha256(body));
  std::map<std::string, std::string> h;
  for (const auto& [k, v] : extra) h[lower(k)] = v;
  h["host"] = u.host;
  h["x-amz-date"] = amz_date;
  h["x-amz-content-sha256"] = payload;
  if (!c.session_token.empty()) h["x-amz-security-token"] = c.session_token;
  std::string canonical_headers, signed_headers;
  for (const auto& [k, v] : h) {
    canonical_headers += k + ":" + v + "\n";
    signed_headers += (signed_headers.empty() ? "" : ";") + k;
  }
  std::string canonical = method + "\n" + path + "\n" + query + "\n" + canonical_headers + "\n" +
                          signed_headers + "\n" + payload;
  std::string day = amz_date.substr(0, 8);
  std::string scope = day + "/" + c.region + "/s3/aws4_request";
  std::string to_sign =
      "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + to_hex(sha256(canonical));
  std::string key = hmac_sha256(
      hmac_sha256(hmac_sha256(hmac_sha256("AWS4" + c.secret_access_key, day), c.region), "s3"),
      "aws4_request");
  std::vector<std::pair<std::string, std::string>> out = {
      {"x-amz-date", amz_date},
      {"x-amz-content-sha256", payload},
      {"authorization", "AWS4-HMAC-SHA256 Credential=" + c.access_key_id + "/" + scope +
                            ", SignedHeaders=" + signed_headers +
                            ", Signature=" + to_hex(hmac_sha256(key, to_sign))}};
  if (!c.session_token.empty()) out.push_back({"x-amz-security-token", c.session_token});
  return out;
}

bool http_request(const std::string& method, const std::string& url,
                  const std::vector<std::pair<std::string, std::string>>& headers,
                  const std::string& body, HttpResponse* response, std::string* error) {
  Url u;
  if (!parse_url(url, &u, error)) return false;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(u.name.c_str(), u.port.c_str(), &hints, &found) != 0 || !found) {
    *error = u.host + ": host name not found";
    return false;
  }
  int fd = -1;
  for (addrinfo* a = found; a; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    timeval tv{30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  if (fd < 0) {
    *error = "could not connect to " + u.host;
    return false;
  }
  // HTTP/1.0: the server closes the connection after the answer and never uses chunking.
  std::string req = method + " " + u.path + " HTTP/1.0\r\nHost: " + u.host + "\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  for (size_t sent = 0; sent < req.size();) {
    ssize_t n = send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      close(fd);
      *error = "connection to " + u.host + " lost while sending";
      return false;
    }
    sent += size_t(n);
  }
  std::string raw;
  char buf[65536];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      close(fd);
      *error = "no answer from " + u.host;
      return false;
    }
    if (n == 0) break;
    raw.append(buf, size_t(n));
  }
  close(fd);
  size_t end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/", 0) != 0 || end == std::string::npos) {
    *error = "connection to " + u.host + " dropped before a complete answer";
    return false;
  }
  response->status = std::atoi(raw.c_str() + raw.find(' ') + 1);
  response->headers.clear();
  size_t line = raw.find("\r\n") + 2;
  while (line < end) {
    size_t next = raw.find("\r\n", line);
    std::string h = raw.substr(line, next - line);
    size_t colon = h.find(':');
    if (colon != std::string::npos) {
      std::string v = h.substr(colon + 1);
      v.erase(0, v.find_first_not_of(' '));
      response->headers[lower(h.substr(0, colon))] = v;
    }
    line = next + 2;
  }
  response->body = raw.substr(end + 4);
  auto cl = response->headers.find("content-length");
  if (cl != response->headers.end() &&
      response->body.size() < size_t(std::strtoull(cl->second.c_str(), nullptr, 10))) {
    *error = "connection to " + u.host + " dropped in the middle of the answer";
    return false;
  }
  return true;
}

std::unique_ptr<Store> make_s3_store(const S3Config& config) {
  return std::make_unique<S3Store>(config);
}

std::unique_ptr<Store> make_webdav_store(const std::string& base_url, const std::string& listing) {
  return std::make_unique<WebDavStore>(base_url, listing);
}

}  // namespace localabel::cli
