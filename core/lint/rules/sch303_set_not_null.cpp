// SCH303 set-not-null: SET NOT NULL on a column of an existing table. Not reported when an
// earlier statement added a valid CHECK (col IS NOT NULL) constraint on the table that is still
// there: PostgreSQL 12+ then skips the scan.

#include <cctype>
#include <map>

#include <fmt/format.h>

#include "core/lint/rules/sch40x_statements.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

/// Lower case, quotes removed, runs of blanks as one space: "CHECK (\"Email\"  IS NOT NULL)" ->
/// "check (email is not null)".
std::string Normalize(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '"') continue;
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool ProvesNotNull(const std::string& normalized, const std::string& column) {
  std::string col = Normalize(column);
  for (const std::string& form : {col + " is not null", "(" + col + ") is not null"}) {
    for (size_t pos = normalized.find(form); pos != std::string::npos;
         pos = normalized.find(form, pos + 1)) {
      char before = pos == 0 ? ' ' : normalized[pos - 1];  // "(col", " col", "t.col"
      if (!std::isalnum(static_cast<unsigned char>(before)) && before != '_') return true;
    }
  }
  return false;
}

struct NotNullCheck {
  std::string text;  ///< normalized statement text that added it
  bool valid = false;
};

}  // namespace

void CheckSetNotNull(const LintContext& ctx, std::vector<Finding>& out) {
  // CHECK constraints per set and table, in replay order.
  std::map<std::pair<const SetAnalysis*, model::QualifiedName>, std::map<std::string, NotNullCheck>>
      checks;
  rules::ForEachStatement(ctx, [&](const rules::StatementRef& r) {
    if (rules::HasProblem(*r.st)) return;
    for (const model::Change& c : r.st->changes) {
      auto key = std::make_pair(r.analysis, c.object.name);
      if (c.object.kind == model::ObjectKind::kConstraint) {
        if (c.op == model::ChangeOp::kCreate && c.constraint_kind == "CHECK") {
          checks[key][c.object.member] = {Normalize(rules::StatementText(*r.m, *r.st)),
                                          !c.not_valid};
        } else if (c.op == model::ChangeOp::kAlter) {
          auto t = checks.find(key);
          if (t != checks.end() && t->second.count(c.object.member))
            t->second[c.object.member].valid = true;
        } else if (c.op == model::ChangeOp::kDrop) {
          auto t = checks.find(key);
          if (t != checks.end()) t->second.erase(c.object.member);
        }
        continue;
      }
      if (c.op == model::ChangeOp::kDrop && c.object.kind == model::ObjectKind::kTable)
        checks.erase(key);
      if (c.op != model::ChangeOp::kAlter || c.object.kind != model::ObjectKind::kColumn) continue;
      if (!c.not_null || c.new_type || !c.on_existing) continue;
      bool proven = false;
      auto t = checks.find(key);
      if (t != checks.end()) {
        for (const auto& [name, check] : t->second) {
          proven = proven || (check.valid && ProvesNotNull(check.text, c.object.member));
        }
      }
      if (proven) continue;
      out.push_back(MakeFinding(
          "SCH303",
          fmt::format(
              "sets column {} of existing table {} NOT NULL: the whole table is scanned under "
              "an exclusive lock, and a NULL in any row makes the statement fail: column {} "
              "of relation {} contains null values",
              Quote(c.object.member), rules::QuotedName(c.object.name),
              rules::PgQuoted(c.object.member), rules::PgQuoted(c.object.name.name)),
          rules::StatementLoc(*r.m, *r.st),
          "backfill the NULLs in an earlier migration; on PostgreSQL 12+ add CHECK (col IS NOT "
          "NULL) "
          "NOT VALID, VALIDATE it, then SET NOT NULL skips the scan"));
    }
  });
}

}  // namespace sse
