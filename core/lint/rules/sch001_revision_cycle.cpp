// SCH001 revision-cycle: a cycle in parent links, with the whole path and every file on it.

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"
#include "core/util/strings.hpp"

namespace sse {

namespace {
/// The reference through which `child` names `parent`.
const ParentRef* RefTo(const SetAnalysis& a, int child, int parent) {
  for (const auto& e : a.graph.edges()) {
    if (e.child == child && e.parent == parent) {
      return &rules::NodeMigration(a, child).parents[static_cast<size_t>(e.ref)];
    }
  }
  return nullptr;
}
}  // namespace

void CheckRevisionCycle(const LintContext& ctx, std::vector<Finding>& out) {
  for (const SetAnalysis& a : *ctx.sets) {
    for (const std::vector<int>& cycle : a.graph.Cycles()) {
      std::vector<std::string> ids;
      for (int n : cycle) ids.push_back(Printable(a.graph.Id(n)));
      const ParentRef* first = RefTo(a, cycle[0], cycle[1]);
      std::string message;
      if (cycle.size() == 2) {
        message = fmt::format("revision {} names itself as its parent ({})",
                              Quote(a.graph.Id(cycle[0])), first ? rules::DescribeRef(*first) : "");
      } else {
        message = fmt::format("revision cycle: {}", Join(ids, " -> "));
      }
      std::vector<Related> related;
      for (size_t i = 1; i + 1 < cycle.size(); ++i) {
        if (const ParentRef* r = RefTo(a, cycle[i], cycle[i + 1])) {
          related.push_back({r->loc, rules::DescribeRef(*r)});
        }
      }
      bool via_depends_on = false;
      for (size_t i = 0; i + 1 < cycle.size(); ++i) {
        const ParentRef* r = RefTo(a, cycle[i], cycle[i + 1]);
        via_depends_on = via_depends_on || (r && r->kind == ParentRef::Kind::kDependsOn);
      }
      std::string alembic_says =
          cycle.size() == 2 ? (via_depends_on ? "Dependency self-loop is detected in revisions"
                                              : "Self-loop is detected in revisions")
                            : (via_depends_on ? "Dependency cycle is detected in revisions"
                                              : "Cycle is detected in revisions");
      std::string help =
          a.set.tool == Tool::kAlembic
              ? fmt::format(
                    "point one of them at the revision it really follows; alembic refuses the "
                    "whole history (\"{}\")",
                    alembic_says)
              : "point one of them at the revision it really follows";
      out.push_back(MakeFinding("SCH001", std::move(message),
                                first ? first->loc : rules::NodeMigration(a, cycle[0]).id_loc,
                                std::move(help), std::move(related)));
    }
  }
}

}  // namespace sse
