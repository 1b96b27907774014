// Flyway's name grammar (flyway-core internal/resource/ResourceNameParser.java) and version
// parsing (api/MigrationVersion.java), FORMATS.md section 5.

#include "core/migrations/flyway_names.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "core/util/strings.hpp"

namespace sse::flyway {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// Callback event ids (api/callback/Event.java): files named after them are callbacks, never
/// migrations, and are matched before the one-letter prefixes because they are longer.
const std::vector<std::string_view>& CallbackIds() {
  static const std::vector<std::string_view> kIds = {"beforeClean",
                                                     "afterClean",
                                                     "afterCleanError",
                                                     "beforeMigrate",
                                                     "beforeEachMigrate",
                                                     "beforeEachMigrateStatement",
                                                     "afterEachMigrateStatement",
                                                     "afterEachMigrateStatementError",
                                                     "afterEachMigrate",
                                                     "afterEachMigrateError",
                                                     "beforeRepeatables",
                                                     "afterVersioned",
                                                     "afterMigrate",
                                                     "afterMigrateApplied",
                                                     "afterMigrateError",
                                                     "beforeUndo",
                                                     "beforeEachUndo",
                                                     "beforeEachUndoStatement",
                                                     "afterEachUndoStatement",
                                                     "afterEachUndoStatementError",
                                                     "afterEachUndo",
                                                     "afterEachUndoError",
                                                     "afterUndo",
                                                     "afterUndoError",
                                                     "beforeValidate",
                                                     "afterValidate",
                                                     "afterValidateError",
                                                     "beforeBaseline",
                                                     "afterBaseline",
                                                     "afterBaselineError",
                                                     "beforeRepair",
                                                     "afterRepair",
                                                     "afterRepairError",
                                                     "beforeInfo",
                                                     "afterInfo",
                                                     "afterInfoError",
                                                     "afterMigrateOperationFinish",
                                                     "afterInfoOperationFinish",
                                                     "createSchema",
                                                     "beforeCreateSchema",
                                                     "beforeConnect",
                                                     "afterConnect"};
  return kIds;
}

struct Prefix {
  std::string text;
  NameKind kind;
};

/// The prefixes in the order ResourceNameParser tries them: longest first.
std::vector<Prefix> Prefixes(const NameRules& rules) {
  std::vector<Prefix> out;
  out.push_back({rules.versioned_prefix, NameKind::kVersioned});
  if (!rules.undo_prefix.empty()) out.push_back({rules.undo_prefix, NameKind::kUndo});
  out.push_back({rules.repeatable_prefix, NameKind::kRepeatable});
  for (std::string_view id : CallbackIds()) out.push_back({std::string(id), NameKind::kCallback});
  std::stable_sort(out.begin(), out.end(),
                   [](const Prefix& a, const Prefix& b) { return a.text.size() > b.text.size(); });
  return out;
}

std::string Describe(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

/// "1_init" -> {"1", "init"}: the numeric-looking start of a name that lacks the separator, to
/// suggest a corrected name. Empty when nothing numeric leads.
std::pair<std::string, std::string> SplitGuess(std::string_view rest) {
  size_t i = 0;
  size_t last_digit_end = 0;
  while (i < rest.size() && (IsDigit(rest[i]) || rest[i] == '.' || rest[i] == '_')) {
    if (IsDigit(rest[i])) last_digit_end = i + 1;
    ++i;
  }
  if (last_digit_end == 0) return {};
  std::string_view version = rest.substr(0, last_digit_end);
  std::string_view desc = rest.substr(last_digit_end);
  while (!desc.empty() && (desc.front() == '_' || desc.front() == '.' || desc.front() == '-' ||
                           desc.front() == ' ')) {
    desc.remove_prefix(1);
  }
  return {std::string(version), std::string(desc)};
}

/// Parses the part after a matched prefix; fills out.kind / version / description / problem.
void ParseRest(std::string_view rest, std::string_view suffix, const Prefix& prefix,
               const NameRules& rules, ParsedName& out) {
  size_t sep = rules.separator.empty() ? std::string_view::npos : rest.find(rules.separator);
  std::string_view version_part = sep == std::string_view::npos ? rest : rest.substr(0, sep);
  std::string_view desc_part = sep == std::string_view::npos
                                   ? std::string_view()
                                   : rest.substr(sep + rules.separator.size());
  out.prefix = prefix.text;
  out.raw_version = std::string(version_part);
  out.description = Describe(desc_part);
  std::string example = fmt::format("{}1{}{}{}", prefix.text, rules.separator,
                                    desc_part.empty() ? "description" : desc_part, suffix);
  if (prefix.kind == NameKind::kVersioned || prefix.kind == NameKind::kUndo) {
    if (version_part.empty()) {
      out.kind = NameKind::kInvalid;
      out.problem = "the version between the prefix and the separator is empty";
      out.help = fmt::format("give it a version: {}", example);
      return;
    }
    out.version = ParseVersion(version_part);
    if (out.version) {
      out.kind = prefix.kind;
      return;
    }
    out.kind = NameKind::kInvalid;
    if (sep == std::string_view::npos) {
      out.problem = fmt::format("no '{}' separator after the version", rules.separator);
      auto [v, d] = SplitGuess(rest);
      out.help = v.empty() ? fmt::format("rename it to {}", example)
                           : fmt::format("rename it to {}{}{}{}{}", prefix.text, v, rules.separator,
                                         d.empty() ? "description" : d, suffix);
    } else {
      out.problem =
          fmt::format("version {} is not a number (\"Version may only contain 0..9 and . (dot)\")",
                      Quote(version_part));
      out.help = fmt::format("use only digits and dots in the version: {}", example);
    }
    return;
  }
  // Repeatable migrations and callbacks must not have a version.
  if (!version_part.empty()) {
    out.kind = NameKind::kInvalid;
    std::string fixed = fmt::format("{}{}{}{}", prefix.text, rules.separator,
                                    desc_part.empty() ? version_part : desc_part, suffix);
    if (prefix.kind == NameKind::kCallback) {
      out.problem = fmt::format("a '{}' callback cannot carry text before the '{}' separator",
                                prefix.text, rules.separator);
    } else if (sep == std::string_view::npos) {
      out.problem =
          fmt::format("the name starts with the repeatable prefix '{}' but has no '{}' separator",
                      prefix.text, rules.separator);
    } else {
      out.problem = "a repeatable migration cannot have a version";
    }
    out.help = fmt::format("rename it to {}, or give it a versioned prefix", fixed);
    return;
  }
  out.kind = prefix.kind;
}

}  // namespace

std::string Version::Canonical() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '.';
    if (parts[i].negative) out += '-';
    out += parts[i].digits;
  }
  return out;
}

std::optional<Version> ParseVersion(std::string_view text) {
  std::string normalized(text);
  std::replace(normalized.begin(), normalized.end(), '_', '.');
  // Split on "\.(?=\d)": a dot followed by a digit.
  std::vector<std::string_view> pieces;
  std::string_view s = normalized;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.' && i + 1 < s.size() && IsDigit(s[i + 1])) {
      pieces.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  pieces.push_back(s.substr(start));
  Version v;
  for (std::string_view piece : pieces) {
    // new BigInteger(piece): an optional sign, then at least one digit, nothing else.
    Version::Part part;
    if (!piece.empty() && (piece.front() == '-' || piece.front() == '+')) {
      part.negative = piece.front() == '-';
      piece.remove_prefix(1);
    }
    if (!IsDigits(piece)) return std::nullopt;
    while (piece.size() > 1 && piece.front() == '0') piece.remove_prefix(1);
    part.digits = std::string(piece);
    if (part.digits == "0") part.negative = false;
    v.parts.push_back(std::move(part));
  }
  while (v.parts.size() > 1 && v.parts.back().digits == "0") v.parts.pop_back();
  return v;
}

int CompareVersions(const Version& a, const Version& b) {
  static const Version::Part kZero{false, "0"};
  size_t n = std::max(a.parts.size(), b.parts.size());
  for (size_t i = 0; i < n; ++i) {
    const Version::Part& x = i < a.parts.size() ? a.parts[i] : kZero;
    const Version::Part& y = i < b.parts.size() ? b.parts[i] : kZero;
    int c = 0;
    if (x.negative != y.negative) {
      c = x.negative ? -1 : 1;
    } else {
      c = CompareDigitStrings(x.digits, y.digits);
      if (x.negative) c = -c;
    }
    if (c != 0) return c;
  }
  return 0;
}

ParsedName ParseName(std::string_view file_name, const NameRules& rules) {
  ParsedName out;
  std::string_view stem;
  std::string_view suffix;
  for (const std::string& s : rules.suffixes) {
    if (!s.empty() && IEndsWith(file_name, s)) {
      stem = file_name.substr(0, file_name.size() - s.size());
      suffix = file_name.substr(file_name.size() - s.size());
      break;
    }
  }
  if (suffix.empty()) {
    out.kind = NameKind::kNotSql;
    return out;
  }
  for (const Prefix& p : Prefixes(rules)) {
    if (!p.text.empty() && stem.substr(0, p.text.size()) == p.text) {
      ParseRest(stem.substr(p.text.size()), suffix, p, rules, out);
      return out;
    }
  }
  // No prefix matched: explain the likely intent.
  out.kind = NameKind::kInvalid;
  for (const Prefix& p : Prefixes(rules)) {
    if (p.kind == NameKind::kCallback || p.text.empty()) continue;
    std::string lower = ToLower(p.text);
    if (lower != p.text && stem.substr(0, lower.size()) == lower) {
      ParsedName probe;
      ParseRest(stem.substr(lower.size()), suffix, p, rules, probe);
      if (probe.kind != NameKind::kInvalid) {
        out.problem = fmt::format("prefixes are case-sensitive and '{}' is not the {} prefix '{}'",
                                  stem.substr(0, lower.size()),
                                  p.kind == NameKind::kRepeatable ? "repeatable"
                                  : p.kind == NameKind::kUndo     ? "undo"
                                                                  : "versioned",
                                  p.text);
        out.help = fmt::format("rename it to {}{}", p.text, file_name.substr(lower.size()));
        return out;
      }
    }
  }
  if (stem.size() > 1 && stem[0] == 'B' && IsDigit(stem[1]) &&
      stem.find(rules.separator) != std::string_view::npos) {
    out.problem =
        "baseline migrations (prefix 'B') are a Flyway Teams feature; Community skips the file";
    out.help = fmt::format("rename it to {}{} if it is an ordinary versioned migration",
                           rules.versioned_prefix, file_name.substr(1));
    return out;
  }
  out.problem = fmt::format(
      "the name does not start with the versioned prefix '{}' or the repeatable prefix '{}'",
      rules.versioned_prefix, rules.repeatable_prefix);
  out.help = fmt::format("rename it to {}<version>{}<description>{}, or move it out of the folder",
                         rules.versioned_prefix, rules.separator, suffix);
  return out;
}

bool LooksLikeFlywayMigration(std::string_view file_name) {
  static const NameRules kDefaults;
  if (file_name.empty() || (file_name[0] != 'V' && file_name[0] != 'R') ||
      !IEndsWith(file_name, ".sql")) {
    return false;
  }
  NameKind k = ParseName(file_name, kDefaults).kind;
  return k == NameKind::kVersioned || k == NameKind::kRepeatable;
}

}  // namespace sse::flyway
