// Event times of annotations (Label Studio's created_at / updated_at) as seconds.
#pragma once

#include <string_view>

#include "localabel/project.h"

namespace localabel {

/// Seconds since 1970-01-01T00:00:00Z of an ISO 8601 time "YYYY-MM-DDTHH:MM:SS[.frac][Z]"
/// (a space may replace the T; an offset +HH:MM or -HH:MM is applied). NaN when malformed.
double parse_iso_time(std::string_view text);

/// The time an annotation was finished: its updated_at, else its created_at (kept in
/// Annotation::extra); NaN when neither is a valid time.
double annotation_time(const Annotation& annotation);

}  // namespace localabel
