// SCH012 stale-docstring: an Alembic `Revises:` docstring line that disagrees with
// down_revision (Alembic follows down_revision; the docstring misleads readers).

#include <algorithm>

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"
#include "core/util/strings.hpp"

namespace sse {

void CheckStaleDocstring(const LintContext& ctx, std::vector<Finding>& out) {
  for (const SetAnalysis& a : *ctx.sets) {
    if (a.set.tool != Tool::kAlembic) continue;
    for (const Migration& m : a.set.migrations) {
      if (!m.doc_revises || !m.parents_known) continue;
      // Fast path, the common case: one parent named exactly as in the docstring.
      if (m.parents.size() == 1 && m.parents[0].kind == ParentRef::Kind::kDownRevision &&
          Trim(*m.doc_revises) == m.parents[0].id && !m.parents[0].id.empty()) {
        continue;
      }
      std::vector<std::string> doc;
      for (std::string_view part : Split(*m.doc_revises, ',')) {
        std::string_view t = Trim(part);
        if (!t.empty()) doc.emplace_back(t);
      }
      std::vector<std::string> down;
      const ParentRef* first_down = nullptr;
      for (const ParentRef& p : m.parents) {
        if (p.kind != ParentRef::Kind::kDownRevision) continue;
        down.push_back(p.id);
        if (!first_down) first_down = &p;
      }
      bool has_empty = false;
      for (const std::string& d : down) has_empty = has_empty || d.empty();
      if (has_empty) continue;  // down_revision = "" is SCH011: nothing sensible to compare
      std::vector<std::string> a_sorted = doc, b_sorted = down;
      std::sort(a_sorted.begin(), a_sorted.end());
      std::sort(b_sorted.begin(), b_sorted.end());
      if (a_sorted == b_sorted) continue;
      std::vector<std::string> quoted;
      for (const std::string& d : down) quoted.push_back(Quote(d));
      std::string down_text = down.empty() ? "None" : Join(quoted, ", ");
      std::vector<Related> related;
      if (first_down) related.push_back({first_down->loc, rules::DescribeRef(*first_down)});
      out.push_back(MakeFinding(
          "SCH012",
          fmt::format("docstring says \"Revises: {}\" but down_revision is {}; alembic follows "
                      "down_revision",
                      Printable(*m.doc_revises), down_text),
          m.doc_revises_loc, "update the Revises: line to match down_revision",
          std::move(related)));
    }
  }
}

}  // namespace sse
