#pragma once
/// SQLite and D1 rules (SCH6xx). The replay by execution finds them, with the database state
/// before each statement at hand (dialects/sqlite/sqlite.cpp records them as problems of their
/// statement: SCH601-SCH603 and SCH605 as advisories on statements that ran, SCH604 and SCH605 for
/// `sqlite_` names from SQLite's own refusals); this provider reports them as findings.

#include "core/model/replay.hpp"

namespace sse::sqlite {

class SqliteRules final : public RuleProvider {
 public:
  void Check(const MigrationSet& set, const model::SetReplay& replay,
             std::vector<Finding>& out) const override;
};

}  // namespace sse::sqlite
