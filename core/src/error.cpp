#include "localabel/error.h"

namespace localabel {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidJson:
      return "InvalidJson";
    case ErrorCode::kMissingField:
      return "MissingField";
    case ErrorCode::kWrongType:
      return "WrongType";
    case ErrorCode::kOutOfRange:
      return "OutOfRange";
    case ErrorCode::kEmptyInput:
      return "EmptyInput";
    case ErrorCode::kLengthMismatch:
      return "LengthMismatch";
    case ErrorCode::kDuplicate:
      return "Duplicate";
    case ErrorCode::kUnknownReference:
      return "UnknownReference";
    case ErrorCode::kInvalidArgument:
      return "InvalidArgument";
    case ErrorCode::kInvalidFormat:
      return "InvalidFormat";
    case ErrorCode::kIoError:
      return "IoError";
    case ErrorCode::kUnsupported:
      return "Unsupported";
  }
  return "Unknown";
}

Error make_error(ErrorCode code, std::string path, const std::string& what) {
  std::string message = path.empty() ? what : path + ": " + what;
  return Error{code, std::move(message), std::move(path)};
}

}  // namespace localabel
