#include "dialects/postgres/rules/rules.hpp"

#include "dialects/postgres/rules/rule_context.hpp"

namespace sse::pg {

void PostgresRules::Check(const MigrationSet& set, const model::SetReplay& replay,
                          std::vector<Finding>& out) const {
  PgRuleContext ctx(set, replay);
  CheckIndexNotConcurrent(ctx, out);
  CheckConcurrentlyInTransaction(ctx, out);
  CheckConstraintNotValid(ctx, out);
  CheckVolatileDefaultRewrite(ctx, out);
  CheckColumnTypeRewrite(ctx, out);
  CheckMissingLockTimeout(ctx, out);
  CheckEnumValueInTransaction(ctx, out);
}

}  // namespace sse::pg
