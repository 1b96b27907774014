#include "core/migrations/reader_util.hpp"

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/util/strings.hpp"
#include "core/util/utf8.hpp"

namespace sse {

SourceFilePtr LoadMigrationFile(const fs::path& path, const std::string& display,
                                const EncodingRules& rules, std::vector<Finding>& findings) {
  auto file = ReadSourceFile(path, display);
  if (!file.ok()) {
    findings.push_back(MakeFinding("SCH011", file.error().message, SourceLoc::File(display),
                                   "make the file readable, or remove it from the folder"));
    return nullptr;
  }
  const SourceFile& f = **file;
  if (HasUtf8Bom(f.text()) && rules.bom_reaches_database) {
    Finding w = MakeFinding(
        "SCH011",
        fmt::format("file starts with a UTF-8 byte-order mark; {} sends it to the database as part "
                    "of the first statement",
                    rules.tool_name),
        SourceLoc::Span(f, 0, 3), "save the file as UTF-8 without BOM");
    w.severity = Severity::kWarning;
    findings.push_back(std::move(w));
  }
  if (auto bad = FindInvalidUtf8(f.text())) {
    findings.push_back(MakeFinding(
        "SCH011",
        fmt::format("invalid UTF-8 (byte 0x{:02x}); the tool decodes it as U+FFFD or the database "
                    "rejects it",
                    static_cast<unsigned char>(f.text()[*bad])),
        SourceLoc::At(f, *bad), "re-encode the file as UTF-8"));
  }
  return *file;
}

SqlLexMode LexModeFor(std::string_view dialect) {
  if (dialect == "postgres") return SqlLexMode::kPostgres;
  if (dialect == "sqlite" || dialect == "d1") return SqlLexMode::kSqlite;
  return SqlLexMode::kGeneric;
}

void FillSqlStatements(Migration& m, std::string_view dialect) {
  if (!m.file) return;
  if (m.body.end == 0 && m.body.begin == 0) {
    m.body = {0, static_cast<uint32_t>(m.file->text().size())};
  }
  if (m.chunks.empty()) m.chunks.push_back(m.body);
  m.statements.clear();
  for (const Span& chunk : m.chunks) {
    auto stmts = SplitSqlStatements(m.file->text(), chunk, LexModeFor(dialect));
    m.statements.insert(m.statements.end(), stmts.begin(), stmts.end());
  }
}

std::string GuessDialect(std::string_view path, std::string_view sample) {
  std::string p = ToLower(path);
  if (p.find("sqlite") != std::string::npos || p.find("/d1") != std::string::npos) return "sqlite";
  if (p.find("postgres") != std::string::npos || p.find("/pg") != std::string::npos ||
      p.find("_pg") != std::string::npos || p.find("psql") != std::string::npos) {
    return "postgres";
  }
  if (p.find("mysql") != std::string::npos || p.find("mariadb") != std::string::npos)
    return "mysql";
  std::string s = ToLower(sample.substr(0, 1 << 16));
  int pg = 0, lite = 0, my = 0;
  for (const char* kw :
       {"serial", "$$", "::", "timestamptz", "jsonb", "create extension", "plpgsql", "bytea",
        "concurrently", "uuid", "create type", "returns trigger"}) {
    if (s.find(kw) != std::string::npos) ++pg;
  }
  for (const char* kw :
       {"autoincrement", "without rowid", "pragma ", "strict;", "integer primary key"}) {
    if (s.find(kw) != std::string::npos) ++lite;
  }
  for (const char* kw : {"engine=innodb", "auto_increment", "unsigned", "charset="}) {
    if (s.find(kw) != std::string::npos) ++my;
  }
  if (s.find('`') != std::string::npos) ++lite;
  if (pg > lite && pg >= my && pg > 0) return "postgres";
  if (lite > pg && lite >= my) return "sqlite";
  if (my > 0) return "mysql";
  return "";
}

void LinkInOrder(std::vector<Migration>& migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    migrations[i].parents.clear();
    if (i == 0) continue;
    ParentRef p;
    p.kind = ParentRef::Kind::kImplicit;
    p.id = migrations[i - 1].id;
    p.index = static_cast<int>(i - 1);
    p.loc = SourceLoc::File(migrations[i].path);
    migrations[i].parents.push_back(std::move(p));
  }
}

}  // namespace sse
