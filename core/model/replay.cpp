#include "core/model/replay.hpp"

namespace sse::model {

std::string_view ObjectKindName(ObjectKind k) {
  switch (k) {
    case ObjectKind::kSchema: return "schema";
    case ObjectKind::kTable: return "table";
    case ObjectKind::kColumn: return "column";
    case ObjectKind::kConstraint: return "constraint";
    case ObjectKind::kIndex: return "index";
    case ObjectKind::kView: return "view";
    case ObjectKind::kMaterializedView: return "materialized view";
    case ObjectKind::kSequence: return "sequence";
    case ObjectKind::kEnum: return "type";
    case ObjectKind::kDomain: return "domain";
    case ObjectKind::kCompositeType: return "type";
    case ObjectKind::kFunction: return "function";
    case ObjectKind::kTrigger: return "trigger";
    case ObjectKind::kPolicy: return "policy";
    case ObjectKind::kExtension: return "extension";
    case ObjectKind::kOther: return "object";
  }
  return "object";
}

std::string ObjectRef::ToString() const {
  std::string out = name.ToString();
  if (!member.empty()) out += "." + member;
  return out;
}

}  // namespace sse::model
