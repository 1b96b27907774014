#pragma once
/// The subset of Python's configparser that Alembic uses to read alembic.ini: sections, options
/// split on the first '=' or ':', lower-cased keys, indented continuation lines, full-line '#'
/// and ';' comments, [DEFAULT], strict duplicate checks, and BasicInterpolation (%(name)s, %%).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sse {

/// One option; a multi-line value keeps its lines and their line numbers.
struct IniOption {
  std::string key;                 ///< lower-cased, as configparser's optionxform does
  uint32_t line = 0;               ///< line of the key
  std::vector<std::string> lines;  ///< value lines (first = after the delimiter)
  std::vector<uint32_t> line_nos;  ///< physical line of each value line
};

struct IniSection {
  std::string name;
  uint32_t line = 0;
  std::vector<IniOption> options;
  const IniOption* Find(std::string_view key) const;
};

/// configparser's error for a file it refuses to read.
struct IniError {
  uint32_t line = 0;
  std::string message;
};

struct IniDocument {
  std::vector<IniSection> sections;
  IniSection defaults;  ///< [DEFAULT] plus the parser's own defaults (here, __file__)
  std::optional<IniError> error;

  const IniSection* Find(std::string_view name) const;
  /// Looks `key` up in `section`, then in the defaults (configparser's fallback).
  const IniOption* Lookup(const IniSection& section, std::string_view key) const;
};

/// Parses ini text as configparser.ConfigParser does (strict, empty lines allowed in values).
IniDocument ParseIni(std::string_view text);

/// A value after BasicInterpolation, one entry per value line (lines are interpolated one by
/// one so they keep their line numbers), or the configparser error text.
struct IniValue {
  std::vector<std::string> lines;
  std::vector<uint32_t> line_nos;
  std::optional<std::string> error;
  /// The lines joined with '\n' and right-stripped, as configparser returns the value.
  std::string Joined() const;
};
IniValue InterpolateOption(const IniDocument& doc, const IniSection& section,
                           const IniOption& option);

}  // namespace sse
