#pragma once
/// Suppression comments in SQL migration files:
///
///   -- schema:ignore SCH405                   the next statement (only blank lines and comments
///   CREATE INDEX ix_apps_visibility ...;      between), for these rules
///   DROP TABLE legacy; -- schema:ignore drop-table     at the end of a statement's line
///   -- schema:ignore-file SCH506, SCH501      the whole file
///
/// Rules are named by code or by name, separated by commas and/or spaces; a reason may follow
/// after " -- ". Each rule of a comment that suppresses no finding is reported as SCH018
/// unused-suppression at the comment, and so is a name that is no rule. SCH018 itself cannot be
/// suppressed by a comment.

#include <string>
#include <vector>

#include "core/lint/lint_context.hpp"
#include "core/report/finding.hpp"

namespace sse {

/// One rule named by one suppression comment.
struct Suppression {
  SourceLoc loc;        ///< the rule's name in the comment
  std::string written;  ///< as written ("SCH405", "drop-table")
  std::string code;     ///< the rule's code; "" when `written` names no rule
  bool file_wide = false;
  /// Statement comments: the lines of the statement it applies to (0 = none: no statement
  /// follows the comment).
  uint32_t first_line = 0;
  uint32_t last_line = 0;
  bool no_codes = false;  ///< the comment names no rule at all (loc: the comment)
};

/// The suppressions of one SQL file. `statements` are the file's statements (spans starting at
/// their first token, as the readers record them).
std::vector<Suppression> ParseSuppressions(const SourceFile& file,
                                           const std::vector<Span>& statements);

/// Drops the findings that suppression comments in the sets' SQL migration files cover, then
/// appends SCH018 for every named rule that suppressed nothing or is no rule.
void ApplySuppressions(const std::vector<SetAnalysis>& sets, std::vector<Finding>& findings);

}  // namespace sse
