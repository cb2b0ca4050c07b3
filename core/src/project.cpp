#include "localabel/project.h"

namespace localabel {

const char* region_kind_ls_type(RegionKind kind) {
  switch (kind) {
    case RegionKind::kChoices:
      return "choices";
    case RegionKind::kSpan:
      return "labels";
    case RegionKind::kBox:
      return "rectanglelabels";
    case RegionKind::kPolygon:
      return "polygonlabels";
    case RegionKind::kBrush:
      return "brushlabels";
    case RegionKind::kKeypoint:
      return "keypointlabels";
    case RegionKind::kOther:
      return "";
  }
  return "";
}

}  // namespace localabel
