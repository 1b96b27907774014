#pragma once
/// dbmate's migration-file grammar (pkg/dbmate/migration.go): `-- migrate:up` / `-- migrate:down`
/// markers at line starts, one or more up/down sections per file, `key:value` options after a
/// marker. Works on byte offsets so the reader can point findings at lines.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sse::dbmate {

/// True when a marker of `kind` ("up" or "down") matches at `pos`, which must be a line start:
/// the regex `^--\s*migrate:<kind>(\s*$|\s+\S+)` with Go's `\s` = [\t\n\f\r ].
bool MarkerAt(std::string_view text, size_t pos, std::string_view kind);

/// Offsets of every marker of `kind`, in order (FindAllStringIndex with (?m)).
std::vector<size_t> FindMarkers(std::string_view text, std::string_view kind);

/// One up/down section: the up block runs from its marker to the down marker (markers are
/// comments and are sent with the block).
struct Section {
  size_t up = 0;                 ///< offset of the up marker
  size_t up_end = 0;             ///< end of the up block (the down marker, or section end)
  std::optional<size_t> down;    ///< offset of the (first) down marker of the section
  size_t end = 0;                ///< end of the section (next up marker or end of file)
  bool transaction = true;       ///< up options: transaction:false -> false
  bool down_transaction = true;  ///< down options
};

/// A grammar error, with dbmate's own message, at a byte offset (nullopt: the file as a whole).
struct ParseProblem {
  std::optional<size_t> offset;
  std::string message;
  std::string help;
  std::optional<size_t> related;  ///< the other side (the up marker, the first down marker)
  std::string related_message;
  bool warning = false;  ///< accepted by current dbmate, refused by older versions
};

struct Parsed {
  std::vector<Section> sections;  ///< one per up marker, in file order
  std::vector<ParseProblem> problems;
  /// False when dbmate fails on the file (any problem that is not a warning).
  bool ok() const;
};

/// Parses a migration file's text as dbmate does (getMigrationSectionSubstrings,
/// parseMigrationSection, parseMigrationOptions), reporting every problem instead of the first.
Parsed Parse(std::string_view text);

/// Options of the marker line at `marker` ("transaction:false foo:bar" -> pairs).
std::vector<std::pair<std::string, std::string>> MarkerOptions(std::string_view text,
                                                               size_t marker);

/// Probe helper: true when the text holds an up marker at a line start (a leading byte-order
/// mark is tolerated so the reader can report it).
bool HasUpMarker(std::string_view text);

}  // namespace sse::dbmate
