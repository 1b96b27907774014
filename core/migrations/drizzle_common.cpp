// Shared pieces of the Drizzle reader (see drizzle_common.hpp and docs/formats/drizzle.md).

#include "core/migrations/drizzle_common.hpp"

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/drizzle_config.hpp"
#include "core/migrations/drizzle_json.hpp"
#include "core/migrations/reader_util.hpp"
#include "core/migrations/sql_split.hpp"
#include "core/util/strings.hpp"
#include "core/util/utf8.hpp"

namespace sse {

namespace {

/// Reads a JSON file as bytes; an unreadable file or a byte-order mark (JSON.parse rejects
/// U+FEFF) is an SCH011 error and gives nullptr.
SourceFilePtr LoadJsonFile(const fs::path& path, const std::string& display,
                           std::string_view consequence, std::vector<Finding>& findings) {
  auto file = ReadSourceFile(path, display);
  if (!file.ok()) {
    findings.push_back(MakeFinding("SCH011", file.error().message, SourceLoc::File(display),
                                   "make the file readable"));
    return nullptr;
  }
  if (HasUtf8Bom((*file)->text())) {
    findings.push_back(MakeFinding(
        "SCH011",
        fmt::format("file starts with a UTF-8 byte-order mark, which JSON.parse rejects; {}",
                    consequence),
        SourceLoc::Span(**file, 0, 3), "save the file as UTF-8 without BOM"));
    return nullptr;
  }
  return *file;
}

Finding MalformedJson(const std::string& message, SourceLoc loc, std::string_view consequence) {
  return MakeFinding("SCH011", fmt::format("malformed JSON: {}; {}", message, consequence),
                     std::move(loc),
                     "fix the JSON syntax (drizzle-kit writes it with 2-space indentation), or "
                     "regenerate the file");
}

Finding BadSnapshot(std::string message, SourceLoc loc) {
  return MakeFinding("SCH011", std::move(message), std::move(loc),
                     "regenerate the snapshot with drizzle-kit generate");
}

}  // namespace

std::optional<DrizzleJson> LoadDrizzleJson(const fs::path& path, const std::string& display,
                                           int record_depth, std::string_view consequence,
                                           std::vector<Finding>& findings) {
  DrizzleJson out;
  out.file = LoadJsonFile(path, display, consequence, findings);
  if (!out.file) return std::nullopt;
  JsonOptions opt;
  opt.record_depth = record_depth;
  auto doc = ParseJson(*out.file, opt);
  if (!doc.ok()) {
    const Error& e = doc.error();
    findings.push_back(
        MalformedJson(e.message, e.loc ? *e.loc : SourceLoc::File(display), consequence));
    return std::nullopt;
  }
  // ParseJson is lenient where JSON.parse is not (leading zeros, "1."): check strictly too.
  size_t error_at = 0;
  if (!ScanJsonTopLevel(out.file->text(), error_at)) {
    findings.push_back(
        MalformedJson("JSON.parse rejects this", SourceLoc::At(*out.file, error_at), consequence));
    return std::nullopt;
  }
  out.doc = std::move(*doc);
  return out;
}

std::optional<SnapshotInfo> ReadDrizzleSnapshot(const fs::path& path, const std::string& display,
                                                std::string prefix, bool v1,
                                                std::vector<Finding>& findings,
                                                std::string* dialect) {
  constexpr std::string_view kFails = "drizzle-kit generate and check fail on it";
  SourceFilePtr file = LoadJsonFile(path, display, kFails, findings);
  if (!file) return std::nullopt;
  const SourceFile& f = *file;
  size_t error_at = 0;
  std::optional<JsonTopLevel> top = ScanJsonTopLevel(f.text(), error_at);
  if (!top) {
    // The slow parser words the error; it is only a fallback for where JSON.parse is stricter.
    auto doc = ParseJson(f);
    if (!doc.ok() && doc.error().loc) {
      findings.push_back(MalformedJson(doc.error().message, *doc.error().loc, kFails));
    } else {
      findings.push_back(
          MalformedJson("JSON.parse rejects this", SourceLoc::At(f, error_at), kFails));
    }
    return std::nullopt;
  }
  if (!top->is_object) {
    findings.push_back(BadSnapshot(
        "snapshot is not a JSON object; drizzle-kit reports it as malformed", SourceLoc::At(f, 0)));
    return std::nullopt;
  }
  auto id = top->members.find("id");
  if (id == top->members.end() || id->second.kind != JsonTopMember::Kind::kString) {
    findings.push_back(
        BadSnapshot(id == top->members.end()
                        ? "snapshot has no `id`; drizzle-kit cannot chain it to its parent"
                        : "snapshot `id` is not a string; drizzle-kit reports it as malformed",
                    SourceLoc::At(f, id == top->members.end() ? 0 : id->second.offset)));
    return std::nullopt;
  }
  if (auto d = top->members.find("dialect");
      dialect && d != top->members.end() && d->second.kind == JsonTopMember::Kind::kString) {
    *dialect = d->second.str;
  }
  SnapshotInfo s;
  s.path = display;
  s.prefix = std::move(prefix);
  s.id = id->second.str;
  s.id_loc = SourceLoc::At(f, id->second.offset);
  const char* key = v1 ? "prevIds" : "prevId";
  auto prev = top->members.find(key);
  if (prev != top->members.end() && !v1 && prev->second.kind == JsonTopMember::Kind::kString) {
    s.prev_id = prev->second.str;
    s.prev_loc = SourceLoc::At(f, prev->second.offset);
  } else if (prev != top->members.end() && v1 && prev->second.first) {
    s.prev_id = *prev->second.first;
    s.prev_loc = SourceLoc::At(f, prev->second.first_offset);
  } else {
    findings.push_back(BadSnapshot(
        prev == top->members.end()
            ? fmt::format("snapshot has no `{}`; drizzle-kit reports it as malformed", key)
            : fmt::format("snapshot `{}` is not {}; drizzle-kit reports it as malformed", key,
                          v1 ? "an array starting with a string" : "a string"),
        SourceLoc::At(f, prev == top->members.end() ? 0 : prev->second.offset)));
    s.prev_loc = s.id_loc;
  }
  return s;
}

void LoadDrizzleSql(Migration& m, const fs::path& path, std::vector<Finding>& findings) {
  m.tx = TxShape::kWholeRun;
  m.file = LoadMigrationFile(path, m.path, {true, "drizzle"}, findings);
  if (!m.file) return;
  m.body = {0, static_cast<uint32_t>(m.file->text().size())};
  m.chunks = SplitOnMarker(m.file->text(), m.body, kDrizzleBreakpoint);
}

void FinishDrizzleSet(MigrationSet& set, const Candidate& c, std::string_view journal_dialect) {
  if (c.dialect == "d1") {
    set.dialect = "d1";
  } else if (std::string d = DrizzleJournalDialect(journal_dialect); !d.empty()) {
    set.dialect = d;
  } else if (!c.dialect.empty()) {
    set.dialect = c.dialect;
  } else {
    std::string sample;
    for (const Migration& m : set.migrations) {
      if (m.file && sample.size() < (1 << 16)) sample += m.file->text().substr(0, 1 << 14);
    }
    set.dialect = GuessDialect(c.display, sample);
  }
  for (Migration& m : set.migrations) FillSqlStatements(m, set.dialect);
  LinkInOrder(set.migrations);
}

bool HasTimestampPrefix(std::string_view name) {
  return name.size() > 15 && IsDigits(name.substr(0, 14)) && name[14] == '_';
}

bool LooksLikeDrizzleV1(const fs::path& dir, const std::vector<DirEntry>& entries,
                        bool need_snapshot, int limit) {
  for (const DirEntry& e : entries) {
    if (limit <= 0) break;
    if (e.kind != DirEntry::Kind::kDir || !HasTimestampPrefix(e.name)) continue;
    --limit;
    std::error_code ec;
    if (!fs::is_regular_file(dir / e.name / "migration.sql", ec)) continue;
    if (!need_snapshot || fs::is_regular_file(dir / e.name / "snapshot.json", ec)) return true;
  }
  return false;
}

}  // namespace sse
