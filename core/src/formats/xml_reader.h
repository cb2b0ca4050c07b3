// Internal: a small, strict XML reader for the subset Pascal VOC files use (formats.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "localabel/error.h"

namespace localabel::formats_detail {

struct XmlElement {
  std::string name;
  std::string text;  ///< the element's own character data, entities decoded
  int64_t line = 0;  ///< line of the start tag
  std::vector<XmlElement> children;

  /// The first child named `name`, or null.
  const XmlElement* child(std::string_view name) const;
};

/// Parses a document with one root element. Errors: kEmptyInput (no root element),
/// kInvalidFormat (anything malformed, with path "<file>:<line>"), kUnsupported (DTD, CDATA,
/// processing instructions other than the declaration).
Result<XmlElement> parse_xml(std::string_view text, const std::string& file);

/// Escapes &, <, >, " for element text and attribute values.
std::string xml_escape(std::string_view text);

}  // namespace localabel::formats_detail
