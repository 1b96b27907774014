#include "core/history/ledger.hpp"

#include <algorithm>
#include <set>

#include "core/util/fs.hpp"

namespace sse {

const std::vector<LedgerTable>& DefaultLedgerTables() {
  static const std::vector<LedgerTable> kTables = {
      {Tool::kD1, "d1_migrations"},
      {Tool::kDrizzle, "__drizzle_migrations"},
      {Tool::kPrisma, "_prisma_migrations"},
      {Tool::kFlyway, "flyway_schema_history"},
      {Tool::kGolangMigrate, "schema_migrations"},
      {Tool::kDbmate, "schema_migrations"},
      {Tool::kAlembic, "alembic_version"},
  };
  return kTables;
}

std::vector<model::QualifiedName> EraseLedgerTables(model::Catalog& catalog) {
  std::vector<model::QualifiedName> ledgers;
  for (const auto& [name, table] : catalog.tables) {
    for (const LedgerTable& l : DefaultLedgerTables()) {
      if (name.name == l.table) ledgers.push_back(name);
    }
  }
  for (const model::QualifiedName& name : ledgers) catalog.EraseTable(name);
  auto in_drizzle = [](const auto& kv) { return kv.first.schema == "drizzle"; };
  if (!ledgers.empty() && std::ranges::none_of(catalog.tables, in_drizzle) &&
      std::ranges::none_of(catalog.views, in_drizzle) &&
      std::ranges::none_of(catalog.sequences, in_drizzle)) {
    catalog.schemas.erase("drizzle");
  }
  return ledgers;
}

namespace {

std::string FileName(const std::string& path) { return fs::path(path).filename().string(); }

/// Numeric comparison of version strings ("1.10" > "1.9", "0003" == "3"), as the tools order them.
int CompareVersions(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& s) {
    std::vector<std::string> out(1);
    for (char c : s) {
      if (c == '.' || c == '_') {
        out.emplace_back();
      } else {
        out.back() += c;
      }
    }
    for (std::string& p : out) {
      size_t nz = p.find_first_not_of('0');
      p = nz == std::string::npos ? "0" : p.substr(nz);
    }
    return out;
  };
  std::vector<std::string> x = parts(a), y = parts(b);
  for (size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    std::string p = i < x.size() ? x[i] : "0", q = i < y.size() ? y[i] : "0";
    if (p.size() != q.size()) return p.size() < q.size() ? -1 : 1;
    if (p != q) return p < q ? -1 : 1;
  }
  return 0;
}

}  // namespace

std::optional<int> LastApplied(const MigrationSet& set, const Ledger& ledger) {
  if (ledger.tool != set.tool) {
    // golang-migrate and dbmate share the table name; the set decides how it is read.
    bool shared = (ledger.tool == Tool::kGolangMigrate || ledger.tool == Tool::kDbmate) &&
                  (set.tool == Tool::kGolangMigrate || set.tool == Tool::kDbmate);
    if (!shared) return std::nullopt;
  }
  int last = -1;
  const auto& ms = set.migrations;
  switch (set.tool) {
    case Tool::kD1:
    case Tool::kPrisma: {
      // Applied = recorded by exact name (D1: the file name; Prisma: the folder name).
      std::set<std::string> applied;
      for (const LedgerRow& r : ledger.rows) {
        if (r.success) applied.insert(r.id);
      }
      for (size_t i = 0; i < ms.size(); ++i) {
        std::string key = set.tool == Tool::kD1 ? FileName(ms[i].path) : ms[i].id;
        if (applied.count(key)) last = static_cast<int>(i);
      }
      return last;
    }
    case Tool::kFlyway:
    case Tool::kDbmate: {
      for (size_t i = 0; i < ms.size(); ++i) {
        if (ms[i].repeatable) continue;
        for (const LedgerRow& r : ledger.rows) {
          if (r.success && !r.id.empty() && CompareVersions(r.id, ms[i].version) == 0)
            last = static_cast<int>(i);
        }
      }
      return last;
    }
    case Tool::kGolangMigrate: {
      // One row: every version up to it is applied (a dirty row: the version itself failed).
      if (ledger.rows.empty()) return -1;
      const LedgerRow& r = ledger.rows.front();
      for (size_t i = 0; i < ms.size(); ++i) {
        int c = CompareVersions(ms[i].version, r.id);
        if (c < 0 || (c == 0 && r.success)) last = static_cast<int>(i);
      }
      return last;
    }
    case Tool::kDrizzle: {
      // The high-water mark: every journal entry whose `when` is at most the newest created_at.
      std::optional<int64_t> high;
      for (const LedgerRow& r : ledger.rows) {
        if (r.created_at && (!high || *r.created_at > *high)) high = r.created_at;
      }
      if (!high) return -1;
      for (size_t i = 0; i < ms.size(); ++i) {
        if (ms[i].when && *ms[i].when <= *high) last = static_cast<int>(i);
      }
      return last;
    }
    case Tool::kAlembic: {
      // alembic_version holds the current head(s): the last migration (in order) that is one.
      std::set<std::string> heads;
      for (const LedgerRow& r : ledger.rows) heads.insert(r.id);
      for (size_t i = 0; i < ms.size(); ++i) {
        if (heads.count(ms[i].id)) last = static_cast<int>(i);
      }
      return last;
    }
    case Tool::kSql:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace sse
