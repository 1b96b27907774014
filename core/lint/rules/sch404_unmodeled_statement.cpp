// SCH404 unmodeled-statement: a statement whose effect on the schema the replay does not model.
// It is said, never skipped silently: findings after it may miss what it did.

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckUnmodeledStatement(const LintContext& ctx, std::vector<Finding>& out) {
  rules::ForEachStatement(ctx, [&](const rules::StatementRef& r) {
    if (r.st->kind != model::StatementKind::kUnmodeled) return;
    std::string tag = r.st->tag.empty() ? "statement" : r.st->tag;
    std::string message;
    const std::string& reason = r.st->unmodeled_reason;
    if (reason.empty()) {
      message = fmt::format("{} is not modelled: the replay goes on without its effect", tag);
    } else if (reason.size() >= tag.size() &&
               IEquals(std::string_view(reason).substr(0, tag.size()), tag)) {
      message = reason;  // "DO block: ...", "CREATE RULE is not modelled"
    } else {
      message = fmt::format("{}: {}", tag, reason);
    }
    out.push_back(MakeFinding(
        "SCH404", std::move(message), rules::StatementLoc(*r.m, *r.st),
        "check by hand what it changes: later findings that depend on it may be missing or wrong; "
        "once reviewed, mark it with `-- schema:ignore unmodeled-statement`"));
  });
}

}  // namespace sse
