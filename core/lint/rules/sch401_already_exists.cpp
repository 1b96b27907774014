// SCH401 already-exists: at this point of the replay the object the statement creates already
// exists, so the statement fails ("relation \"account\" already exists").

#include "core/lint/rules/sch40x_statements.hpp"

namespace sse {

void CheckAlreadyExists(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ReportReplayProblems(ctx, "SCH401", out);
}

}  // namespace sse
