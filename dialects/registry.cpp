#include "dialects/dialect.hpp"

#include "dialects/postgres/postgres.hpp"
#include "dialects/postgres/rules/rules.hpp"
#include "dialects/sqlite/rules.hpp"
#include "dialects/sqlite/sqlite.hpp"

namespace sse {

BuiltinDialects::BuiltinDialects() {
  Dialect pg;
  pg.name = "postgres";
  pg.transactional_ddl = true;
  pg.replayer = std::make_unique<pg::PostgresReplayer>();
  pg.rules = std::make_unique<pg::PostgresRules>();
  dialects_.push_back(std::move(pg));
  // SQLite and Cloudflare D1: replay by execution in an in-memory SQLite; rules SCH6xx.
  for (const char* name : {"sqlite", "d1"}) {
    Dialect lite;
    lite.name = name;
    lite.transactional_ddl = true;
    lite.replayer = std::make_unique<sqlite::SqliteReplayer>(name);
    lite.rules = std::make_unique<sqlite::SqliteRules>();
    dialects_.push_back(std::move(lite));
  }
}

const Dialect* BuiltinDialects::Find(std::string_view dialect) const {
  for (const Dialect& d : dialects_) {
    if (d.name == dialect) return &d;
  }
  return nullptr;
}

const Replayer* BuiltinDialects::ReplayerFor(std::string_view dialect) const {
  const Dialect* d = Find(dialect);
  return d ? d->replayer.get() : nullptr;
}

const RuleProvider* BuiltinDialects::RulesFor(std::string_view dialect) const {
  const Dialect* d = Find(dialect);
  return d ? d->rules.get() : nullptr;
}

const BuiltinDialects& Dialects() {
  static const BuiltinDialects kDialects;
  return kDialects;
}

}  // namespace sse
