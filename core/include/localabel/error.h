// Errors and results for every core call that can meet bad input.
//
// The core never throws, prints or aborts on user data: a function that can fail returns
// Result<T>, which holds either a value or an Error. An Error's message names the place
// (file, JSON path such as `tasks[3].annotations[0].result[2].value.width`, CSV line) and
// what was expected there.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace localabel {

/// What kind of problem an Error reports. Stable: the JS facade exposes the names.
enum class ErrorCode {
  kInvalidJson,       ///< text is not JSON (message has line and column)
  kMissingField,      ///< a required field is absent
  kWrongType,         ///< a field has the wrong JSON type
  kOutOfRange,        ///< a number outside its allowed range, NaN or infinity
  kEmptyInput,        ///< nothing to work on where something is required
  kLengthMismatch,    ///< parallel inputs of different lengths
  kDuplicate,         ///< an id or (annotator, item) pair given twice
  kUnknownReference,  ///< a label, annotator or task that is not declared
  kInvalidArgument,   ///< a parameter outside what the function accepts
  kInvalidFormat,     ///< a value of the right type whose content is malformed (RLE, CSV)
  kIoError,           ///< a file could not be read or written (CLI and tools only)
  kUnsupported,       ///< valid input asking for something not supported
};

/// The stable name of a code, e.g. "kWrongType" -> "WrongType".
const char* error_code_name(ErrorCode code);

/// An error with its code, a readable message, and (where it applies) the JSON path.
struct Error {
  ErrorCode code;
  std::string message;  ///< full sentence; includes the path when there is one
  std::string path;     ///< JSON path or "line N" of the offending place; may be empty
};

/// Builds an Error whose message is "<path>: <what>" (or just <what> without a path).
Error make_error(ErrorCode code, std::string path, const std::string& what);

/// A value of type T, or an Error. Check ok() before value().
template <class T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<0>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(data_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(data_);
  }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Error> data_;
};

/// Result of a call that returns nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace localabel
