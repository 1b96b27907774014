// configparser emulation for alembic.ini (see alembic_ini.hpp). The messages follow
// configparser's exception texts so users recognise them.

#include "core/migrations/alembic_ini.hpp"

#include <fmt/format.h>

#include "core/util/strings.hpp"

namespace sse {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

/// Splits text into lines the way Python's universal newlines do (\n, \r\n, \r).
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      out.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

constexpr int kMaxInterpolationDepth = 10;

}  // namespace

const IniOption* IniSection::Find(std::string_view key) const {
  for (const IniOption& o : options) {
    if (o.key == key) return &o;
  }
  return nullptr;
}

const IniSection* IniDocument::Find(std::string_view name) const {
  for (const IniSection& s : sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const IniOption* IniDocument::Lookup(const IniSection& section, std::string_view key) const {
  if (const IniOption* o = section.Find(key)) return o;
  return defaults.Find(key);
}

IniDocument ParseIni(std::string_view text) {
  IniDocument doc;
  doc.defaults.name = "DEFAULT";
  IniSection* cur = nullptr;
  long opt = -1;  // index of the current option in *cur
  size_t indent_level = 0;
  auto lines = Lines(text);
  for (size_t n = 0; n < lines.size(); ++n) {
    uint32_t lineno = static_cast<uint32_t>(n + 1);
    std::string_view line = lines[n];
    std::string_view value = Trim(line);
    bool comment = !value.empty() && (value[0] == '#' || value[0] == ';');
    if (comment || value.empty()) {
      // configparser keeps blank lines inside a value (empty_lines_in_values) but not comments.
      if (!comment && cur && opt >= 0) {
        cur->options[static_cast<size_t>(opt)].lines.emplace_back();
        cur->options[static_cast<size_t>(opt)].line_nos.push_back(lineno);
      }
      continue;
    }
    size_t indent = 0;
    while (indent < line.size() && (IsBlank(line[indent]))) ++indent;
    if (cur && opt >= 0 && indent > indent_level) {
      cur->options[static_cast<size_t>(opt)].lines.emplace_back(value);
      cur->options[static_cast<size_t>(opt)].line_nos.push_back(lineno);
      continue;
    }
    indent_level = indent;
    size_t close = value.rfind(']');
    if (value[0] == '[' && close != std::string_view::npos && close >= 2) {
      std::string name(value.substr(1, close - 1));
      opt = -1;
      if (name == "DEFAULT") {
        cur = &doc.defaults;
        continue;
      }
      if (doc.Find(name)) {
        doc.error = IniError{lineno, fmt::format("section '{}' already exists (configparser "
                                                 "DuplicateSectionError)",
                                                 Printable(name))};
        return doc;
      }
      doc.sections.push_back(IniSection{name, lineno, {}});
      cur = &doc.sections.back();
      continue;
    }
    if (!cur) {
      doc.error = IniError{lineno,
                           "file contains no section headers (configparser "
                           "MissingSectionHeaderError)"};
      return doc;
    }
    size_t delim = value.find_first_of("=:");
    std::string_view key =
        delim == std::string_view::npos ? std::string_view{} : TrimRight(value.substr(0, delim));
    if (key.empty()) {
      doc.error = IniError{lineno, fmt::format("line is neither a section header nor `key = value` "
                                               "(configparser ParsingError): {}",
                                               Quote(value.substr(0, 80)))};
      return doc;
    }
    std::string lkey = ToLower(key);
    if (cur->Find(lkey)) {
      doc.error = IniError{lineno, fmt::format("option '{}' in section '{}' already exists "
                                               "(configparser DuplicateOptionError)",
                                               Printable(lkey), Printable(cur->name))};
      return doc;
    }
    IniOption o;
    o.key = std::move(lkey);
    o.line = lineno;
    o.lines.emplace_back(Trim(value.substr(delim + 1)));
    o.line_nos.push_back(lineno);
    cur->options.push_back(std::move(o));
    opt = static_cast<long>(cur->options.size() - 1);
  }
  return doc;
}

namespace {

/// BasicInterpolation._interpolate_some for one line.
bool InterpolateLine(const IniDocument& doc, const IniSection& section, const IniOption& option,
                     std::string_view in, int depth, std::string& out, std::string& error) {
  if (depth > kMaxInterpolationDepth) {
    error = fmt::format(
        "interpolation of '{}' is nested more than {} levels (configparser "
        "InterpolationDepthError)",
        option.key, kMaxInterpolationDepth);
    return false;
  }
  size_t i = 0;
  while (i < in.size()) {
    size_t p = in.find('%', i);
    if (p == std::string_view::npos) {
      out.append(in.substr(i));
      break;
    }
    out.append(in.substr(i, p - i));
    if (p + 1 < in.size() && in[p + 1] == '%') {
      out += '%';
      i = p + 2;
      continue;
    }
    if (p + 1 < in.size() && in[p + 1] == '(') {
      size_t close = in.find(')', p + 2);
      if (close == std::string_view::npos || close == p + 2 || close + 1 >= in.size() ||
          in[close + 1] != 's') {
        error = fmt::format(
            "bad interpolation variable reference {} in '{}' (configparser "
            "InterpolationSyntaxError)",
            Quote(in.substr(p)), option.key);
        return false;
      }
      std::string name = ToLower(in.substr(p + 2, close - p - 2));
      const IniOption* ref = doc.Lookup(section, name);
      if (!ref) {
        error = fmt::format(
            "'{}' refers to %({})s, which is not an option of [{}] (configparser "
            "InterpolationMissingOptionError)",
            option.key, Printable(name), Printable(section.name));
        return false;
      }
      std::string joined;
      for (size_t k = 0; k < ref->lines.size(); ++k) {
        if (k) joined += '\n';
        joined += ref->lines[k];
      }
      if (!InterpolateLine(doc, section, *ref, TrimRight(joined), depth + 1, out, error)) {
        return false;
      }
      i = close + 2;
      continue;
    }
    error = fmt::format(
        "'%' must be followed by '%' or '(' in '{}', found {} (configparser "
        "InterpolationSyntaxError)",
        option.key, Quote(in.substr(p, 10)));
    return false;
  }
  return true;
}

}  // namespace

IniValue InterpolateOption(const IniDocument& doc, const IniSection& section,
                           const IniOption& option) {
  IniValue v;
  for (size_t k = 0; k < option.lines.size(); ++k) {
    std::string out, error;
    if (!InterpolateLine(doc, section, option, option.lines[k], 1, out, error)) {
      v.error = std::move(error);
      return v;
    }
    v.lines.push_back(std::move(out));
    v.line_nos.push_back(option.line_nos[k]);
  }
  return v;
}

std::string IniValue::Joined() const {
  std::string out;
  for (size_t k = 0; k < lines.size(); ++k) {
    if (k) out += '\n';
    out += lines[k];
  }
  return std::string(TrimRight(out));
}

}  // namespace sse
