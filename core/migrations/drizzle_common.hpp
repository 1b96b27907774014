#pragma once
/// Pieces shared by the two Drizzle layouts (the v0 journal folder in drizzle.cpp and the v1
/// folder-per-migration layout in drizzle_v1.cpp): JSON loading as drizzle does it, snapshot
/// envelopes, and the SQL file of one migration.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/migrations/reader.hpp"
#include "core/util/json_text.hpp"

namespace sse {

/// The literal drizzle-orm's migrator splits a migration file on (migrator.ts: query.split(...)).
inline constexpr std::string_view kDrizzleBreakpoint = "--> statement-breakpoint";

/// A JSON file loaded and parsed, with the file kept for locations.
struct DrizzleJson {
  SourceFilePtr file;
  JsonDocument doc;
};

/// Loads a JSON file the way drizzle reads it (readFileSync().toString() then JSON.parse): an
/// unreadable file, a byte-order mark (JSON.parse rejects U+FEFF) or a syntax error is an SCH011
/// error naming the line and column, and the result is nullopt. `what` names the file's role in
/// messages ("journal", "snapshot"); `consequence` says what fails ("drizzle's migrator stops").
std::optional<DrizzleJson> LoadDrizzleJson(const fs::path& path, const std::string& display,
                                           int record_depth, std::string_view consequence,
                                           std::vector<Finding>& findings);

/// Reads a snapshot's envelope (`id`, and `prevId` or, for v1, the first of `prevIds`) into a
/// SnapshotInfo. A malformed file or a missing or non-string `id` is SCH011 and gives nullopt.
/// `dialect`, when given, receives the snapshot's `dialect` value.
std::optional<SnapshotInfo> ReadDrizzleSnapshot(const fs::path& path, const std::string& display,
                                                std::string prefix, bool v1,
                                                std::vector<Finding>& findings,
                                                std::string* dialect = nullptr);

/// Loads a migration's SQL file and splits it into the chunks drizzle sends (one per
/// `--> statement-breakpoint`); sets tx = kWholeRun.
void LoadDrizzleSql(Migration& m, const fs::path& path, std::vector<Finding>& findings);

/// Fills statements for every migration once the dialect is known; links them in order.
void FinishDrizzleSet(MigrationSet& set, const Candidate& c, std::string_view journal_dialect);

/// Reads a v1 folder (<YYYYMMDDHHMMSS>_<name>/migration.sql + snapshot.json) into `set`.
/// `journal` is the display path of a meta/_journal.json found beside it ("" if none).
void ReadDrizzleV1(const Candidate& c, const std::vector<DirEntry>& entries,
                   const std::string& journal, MigrationSet& set);

/// True when `dir` holds `<14 digits>_<name>/` folders with a migration.sql (the v1 layout).
/// `entries` is dir's listing. Checks at most `limit` folders.
bool LooksLikeDrizzleV1(const fs::path& dir, const std::vector<DirEntry>& entries,
                        bool need_snapshot, int limit);

/// True for "<14 digits>_<something>".
bool HasTimestampPrefix(std::string_view name);

}  // namespace sse
