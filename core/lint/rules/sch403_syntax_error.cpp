// SCH403 syntax-error: the statement does not parse; the database rejects the migration.

#include "core/lint/rules/sch40x_statements.hpp"

namespace sse {

void CheckSyntaxError(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ReportReplayProblems(ctx, "SCH403", out);
}

}  // namespace sse
