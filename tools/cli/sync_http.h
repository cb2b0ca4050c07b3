// Storage access for `localabel sync`: a small HTTP/1.0 client over POSIX sockets (plain
// http:// only), SHA-256 / HMAC-SHA256 (FIPS 180-4, RFC 2104) for AWS Signature V4, and the
// two stores the web app uses (S3-compatible path-style, WebDAV with PROPFIND or nginx JSON
// listings). https needs libcurl: see the report of the sync command.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace localabel::cli {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  ///< names in lower case
  std::string body;
};

/// One request; false and *error when there is no answer (bad URL, unreachable, timeout).
bool http_request(const std::string& method, const std::string& url,
                  const std::vector<std::pair<std::string, std::string>>& headers,
                  const std::string& body, HttpResponse* response, std::string* error);

/// SHA-256 of bytes, as 32 raw bytes.
std::string sha256(const std::string& data);
/// HMAC-SHA256 (RFC 2104), 32 raw bytes.
std::string hmac_sha256(const std::string& key, const std::string& message);
std::string to_hex(const std::string& bytes);

/// A storage target. Every call retries temporary failures (no answer, 5xx, 429) with
/// exponential backoff; false and *error when it gives up or meets a permanent failure.
class Store {
 public:
  virtual ~Store() = default;
  virtual bool put(const std::string& key, const std::string& text, std::string* error) = 0;
  /// *found is false when the object does not exist.
  virtual bool get(const std::string& key, std::string* text, bool* found, std::string* error) = 0;
  virtual bool list(const std::string& prefix, std::vector<std::string>* keys,
                    std::string* error) = 0;
};

struct S3Config {
  std::string endpoint;  ///< http://host:port
  std::string bucket;
  std::string prefix;  ///< folder inside the bucket, may be empty
  std::string region = "us-east-1";
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};

/// Signs a request with AWS Signature V4 (header form). amz_date is "YYYYMMDDTHHMMSSZ".
/// Returns the headers to send (x-amz-date, x-amz-content-sha256, token, authorization).
std::vector<std::pair<std::string, std::string>> sigv4_headers(
    const S3Config& config, const std::string& method, const std::string& url,
    const std::string& body, const std::vector<std::pair<std::string, std::string>>& extra,
    const std::string& amz_date);

std::unique_ptr<Store> make_s3_store(const S3Config& config);
/// base_url ends with '/'; listing is "json" (nginx autoindex) or "propfind".
std::unique_ptr<Store> make_webdav_store(const std::string& base_url, const std::string& listing);

}  // namespace localabel::cli
