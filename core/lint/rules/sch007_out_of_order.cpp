// SCH007 out-of-order: a migration ordered before one already merged or applied. Offline, this
// is Drizzle's journal `when` going backwards: the migrator applies an entry only when its
// `when` is above the newest applied row, so such an entry is skipped silently.

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"

namespace sse {

void CheckOutOfOrder(const LintContext& ctx, std::vector<Finding>& out) {
  for (const SetAnalysis& a : *ctx.sets) {
    if (a.set.tool != Tool::kDrizzle) continue;
    const Migration* newest = nullptr;
    const Migration* previous = nullptr;
    for (const Migration& m : a.set.migrations) {
      if (!m.when) continue;
      bool equal_neighbour = previous && *previous->when == *m.when;  // SCH006 says that one
      previous = &m;
      if (newest && (*m.when < *newest->when || (*m.when == *newest->when && !equal_neighbour))) {
        out.push_back(MakeFinding(
            "SCH007",
            fmt::format("journal entry {} has when {}, {} {} ({}); drizzle's migrator skips it on "
                        "every database where {} is applied",
                        m.id, *m.when, *m.when < *newest->when ? "earlier than" : "the same as",
                        newest->id, *newest->when, newest->id),
            m.id_loc, fmt::format("set its when above {}", *newest->when),
            {{newest->id_loc, "newer entry listed before it"}}));
        continue;
      }
      if (!newest || *m.when > *newest->when) newest = &m;
    }
  }
}

}  // namespace sse
