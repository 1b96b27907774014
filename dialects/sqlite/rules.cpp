#include "dialects/sqlite/rules.hpp"

#include "core/lint/catalog.hpp"
#include "core/lint/rules/sch40x_statements.hpp"

namespace sse::sqlite {

void SqliteRules::Check(const MigrationSet& set, const model::SetReplay& replay,
                        std::vector<Finding>& out) const {
  size_t n = std::min(set.migrations.size(), replay.migrations.size());
  for (size_t i = 0; i < n; ++i) {
    const Migration& m = set.migrations[i];
    if (!m.file) continue;
    for (const model::ReplayedStatement& st : replay.migrations[i].statements) {
      for (const model::ReplayProblem& p : st.problems) {
        if (!p.code.starts_with("SCH6")) continue;
        SourceLoc loc = p.offset ? rules::OffsetLoc(m, *p.offset) : rules::StatementLoc(m, st);
        out.push_back(MakeFinding(p.code, p.message, std::move(loc), p.help));
      }
    }
  }
}

}  // namespace sse::sqlite
