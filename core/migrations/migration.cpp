#include "core/migrations/migration.hpp"

namespace sse {

std::string_view TxShapeName(TxShape shape) {
  switch (shape) {
    case TxShape::kPerMigration:
      return "per-migration";
    case TxShape::kImplicitMulti:
      return "implicit-multi-statement";
    case TxShape::kWholeRun:
      return "whole-run";
    case TxShape::kAtomicBatch:
      return "atomic-batch";
    case TxShape::kPerStatement:
      return "per-statement";
    case TxShape::kNone:
      return "none";
  }
  return "none";
}

}  // namespace sse
