// SCH402 does-not-exist: the statement references an object that does not exist at this point
// of the replay, so it fails.

#include "core/lint/rules/sch40x_statements.hpp"

namespace sse {

void CheckDoesNotExist(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ReportReplayProblems(ctx, "SCH402", out);
}

}  // namespace sse
