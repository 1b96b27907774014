#pragma once
/// Which files of a D1 migrations folder wrangler applies, and in which order (FORMATS.md section
/// 4.3, wrangler >= 4.98: workers-utils/src/d1-migrations.ts): a recursive walk keeping regular
/// files whose folder-relative path matches `migrations_pattern` (minimatch, dot: false), sorted
/// by compareMigrationPaths.

#include <string>
#include <string_view>
#include <vector>

#include "core/util/fs.hpp"

namespace sse {

/// A glob matched the way wrangler's `new Minimatch(pattern, { dot: false })` matches paths
/// relative to the migrations folder: '*', '?', '[...]' stay inside one segment, a '**' segment
/// spans segments, `{a,b}` alternatives are expanded, and a wildcard never matches a segment
/// that starts with '.'. Extglobs (`+(a|b)`), `{1..3}` ranges, '!' negation and '#' comments
/// are not supported (they are matched literally).
class D1PatternMatcher {
 public:
  explicit D1PatternMatcher(std::string_view dir_relative_pattern);
  /// `rel` is a '/'-separated path. With `partial`, also true when `rel` is a folder that a
  /// longer path could still match (wrangler then walks into it).
  bool Match(std::string_view rel, bool partial = false) const;

 private:
  std::vector<std::vector<std::string>> alternatives_;
};

/// JS `parseInt(segment.split("_")[0], 10)`, wrangler's leadingMigrationNumber: leading white
/// space and one sign are skipped, then the longest run of ASCII digits is the number.
struct D1LeadingNumber {
  bool is_number = false;  ///< false when parseInt gives NaN (no digits)
  bool finite = false;     ///< false for NaN, and for Infinity (digits overflow a double)
  double value = 0;
  std::string
      text;  ///< the number as wrangler prints it: "0003" -> "3", "-0" -> "0"; "" unless finite
};
D1LeadingNumber ParseD1LeadingNumber(std::string_view segment);

/// compareMigrationPaths: per '/'-segment, numbered segments first and by value, then plain
/// JS string order (UTF-16 code units); a shorter path first when one is a prefix of the other.
/// Returns <0, 0 or >0.
int CompareD1MigrationPaths(std::string_view a, std::string_view b);

/// JS `a < b` on strings: UTF-16 code-unit order (invalid UTF-8 bytes count as U+FFFD, as Node
/// decodes file names).
int CompareUtf16(std::string_view a, std::string_view b);

/// What the walk of one migrations folder found.
struct D1FileListing {
  std::vector<std::string> names;  ///< relative '/'-paths wrangler applies, in its order
  /// Symbolic links to files that the pattern matches: readdir's Dirent reports them as links,
  /// neither file nor folder, so wrangler >= 4.98 skips them.
  std::vector<std::string> skipped_links;
  bool truncated = false;  ///< the walk stopped after too many entries
};

/// getD1MigrationFiles for an existing folder and a pattern relative to it.
D1FileListing ListD1MigrationFiles(const fs::path& root, std::string_view dir_relative_pattern);

}  // namespace sse
