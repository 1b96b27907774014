#include "dialects/postgres/rules/rules.hpp"

namespace sse::pg {

void PostgresRules::Check(const MigrationSet& set, const model::SetReplay& replay, std::vector<Finding>& out) const {
  (void)set;
  (void)replay;
  (void)out;
}

}  // namespace sse::pg
