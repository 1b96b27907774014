#pragma once
/// PostgreSQL rules (SCH5xx): locking, CONCURRENTLY, NOT VALID, rewrites, lock_timeout and enum
/// values in transactions. One file per rule in this folder; rules.def lists them.

#include "core/model/replay.hpp"

namespace sse::pg {

class PostgresRules final : public RuleProvider {
 public:
  void Check(const MigrationSet& set, const model::SetReplay& replay,
             std::vector<Finding>& out) const override;
};

}  // namespace sse::pg
