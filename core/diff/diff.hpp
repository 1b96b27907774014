#pragma once
/// The differ: two catalogs (expected, actual) -> the ordered list of their differences, at the
/// finest level that means something to a user: a missing column, a changed default, an extra
/// enum value. Drift (SCH801 missing, SCH802 unexpected, SCH803 changed) and `schema diff` are
/// built on it; the equivalence tests use it to hold the static replay to a real database.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/catalog.hpp"

namespace sse::diff {

enum class DifferenceKind {
  kMissing,     ///< in the expected catalog only
  kUnexpected,  ///< in the actual catalog only
  kChanged,     ///< in both, with a different property
};

struct Difference {
  DifferenceKind kind = DifferenceKind::kChanged;
  std::string object_kind;  ///< "table", "column", "index", "constraint", "enum value", ...
  std::string path;         ///< "public.users", "public.users.email", "public.mood"
  std::string property;     ///< kChanged: "type", "nullable", "default", "definition", ...
  std::string expected;     ///< kChanged: the expected value, rendered
  std::string actual;       ///< kChanged: the actual value, rendered

  /// "column public.users.email: type is text, expected character varying(255)".
  std::string Describe() const;
};

struct CompareOptions {
  /// Glob patterns of object paths to leave out ("public.audit_*", "*.tmp_*").
  std::vector<std::string> exclude;
  /// Compare comments (off for sources that cannot have them).
  bool comments = true;
  /// Compare extension versions (a replay cannot know the installed version).
  bool extension_versions = false;
};

/// Differences between `expected` and `actual`, ordered by path, then kind, then property.
std::vector<Difference> Compare(const model::Catalog& expected, const model::Catalog& actual,
                                const CompareOptions& options = {});

nlohmann::ordered_json DifferenceJson(const Difference& d);
std::string_view DifferenceKindName(DifferenceKind k);

}  // namespace sse::diff
