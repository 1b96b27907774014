// Flyway configuration files: flyway.conf (Java properties), flyway.toml, script .conf files.

#include "core/migrations/flyway_config.hpp"
#include "core/util/utf8.hpp"

#include <toml++/toml.h>

#include <cctype>

#include <fmt/format.h>

#include "core/lint/catalog.hpp"
#include "core/util/strings.hpp"

namespace sse::flyway {
namespace {

bool IsPropSpace(char c) { return c == ' ' || c == '\t' || c == '\f'; }

/// Settings copied from the configuration into Config::options, by their Flyway names.
const std::vector<std::string_view>& OptionKeys() {
  static const std::vector<std::string_view> kKeys = {"sqlMigrationPrefix",
                                                      "undoSqlMigrationPrefix",
                                                      "repeatableSqlMigrationPrefix",
                                                      "sqlMigrationSeparator",
                                                      "sqlMigrationSuffixes",
                                                      "mixed",
                                                      "group",
                                                      "executeInTransaction",
                                                      "validateMigrationNaming"};
  return kKeys;
}

bool IsOptionKey(std::string_view key) {
  for (std::string_view k : OptionKeys()) {
    if (k == key) return true;
  }
  return false;
}

/// Splits a comma-separated value, keeping each item's offset in the value.
std::vector<std::pair<std::string, size_t>> SplitList(std::string_view value) {
  std::vector<std::pair<std::string, size_t>> out;
  size_t start = 0;
  for (size_t i = 0; i <= value.size(); ++i) {
    if (i == value.size() || value[i] == ',') {
      std::string_view item = value.substr(start, i - start);
      size_t lead = item.size() - TrimLeft(item).size();
      std::string_view trimmed = Trim(item);
      if (!trimmed.empty()) out.emplace_back(std::string(trimmed), start + lead);
      start = i + 1;
    }
  }
  return out;
}

}  // namespace

std::vector<Property> ParseProperties(std::string_view text) {
  std::vector<Property> out;
  size_t pos = 0;
  // Skip a UTF-8 byte-order mark.
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  // One logical line: characters with their file offsets.
  std::vector<std::pair<char, size_t>> line;
  auto next_natural = [&](size_t& p, size_t& begin, size_t& end) {
    begin = p;
    while (p < text.size() && text[p] != '\n' && text[p] != '\r') ++p;
    end = p;
    if (p < text.size() && text[p] == '\r') {
      ++p;
      if (p < text.size() && text[p] == '\n') ++p;
    } else if (p < text.size() && text[p] == '\n') {
      ++p;
    }
  };
  while (pos < text.size()) {
    size_t b = 0, e = 0;
    next_natural(pos, b, e);
    while (b < e && IsPropSpace(text[b])) ++b;
    if (b == e || text[b] == '#' || text[b] == '!') continue;
    line.clear();
    for (;;) {
      size_t backslashes = 0;
      for (size_t k = e; k > b && text[k - 1] == '\\'; --k) ++backslashes;
      bool cont = backslashes % 2 == 1;
      size_t stop = cont ? e - 1 : e;
      for (size_t k = b; k < stop; ++k) line.emplace_back(text[k], k);
      if (!cont || pos >= text.size()) break;
      next_natural(pos, b, e);
      while (b < e && IsPropSpace(text[b])) ++b;
    }
    // Unescape into key and value.
    Property prop;
    prop.key_offset = line.empty() ? 0 : line.front().second;
    size_t i = 0;
    bool in_value = false;
    bool separator_seen = false;
    std::string* target = &prop.key;
    auto emit = [&](const std::string& bytes, size_t offset) {
      *target += bytes;
      if (in_value) prop.value_offsets.insert(prop.value_offsets.end(), bytes.size(), offset);
    };
    while (i < line.size()) {
      char c = line[i].first;
      size_t off = line[i].second;
      if (!in_value && !separator_seen && (c == '=' || c == ':' || IsPropSpace(c))) {
        // End of key: skip spaces, one '=' or ':', spaces.
        while (i < line.size() && IsPropSpace(line[i].first)) ++i;
        if (i < line.size() && (line[i].first == '=' || line[i].first == ':')) ++i;
        while (i < line.size() && IsPropSpace(line[i].first)) ++i;
        separator_seen = true;
        in_value = true;
        target = &prop.value;
        continue;
      }
      if (c == '\\' && i + 1 < line.size()) {
        char n = line[i + 1].first;
        i += 2;
        std::string bytes;
        switch (n) {
          case 't':
            bytes = "\t";
            break;
          case 'n':
            bytes = "\n";
            break;
          case 'r':
            bytes = "\r";
            break;
          case 'f':
            bytes = "\f";
            break;
          case 'u': {
            uint32_t cp = 0;
            int digits = 0;
            while (digits < 4 && i < line.size() &&
                   std::isxdigit(static_cast<unsigned char>(line[i].first))) {
              char h = line[i].first;
              cp = cp * 16 + static_cast<uint32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
              ++digits;
              ++i;
            }
            AppendUtf8(bytes, cp);
            break;
          }
          default:
            bytes = std::string(1, n);
        }
        emit(bytes, off);
        continue;
      }
      emit(std::string(1, c), off);
      ++i;
    }
    out.push_back(std::move(prop));
  }
  return out;
}

Config ParseConf(const SourceFile& file) {
  Config cfg;
  for (const Property& p : ParseProperties(file.text())) {
    if (p.key.rfind("flyway.", 0) != 0) continue;
    std::string key = p.key.substr(7);
    if (key == "locations") {
      cfg.has_locations = true;
      cfg.locations.clear();
      for (auto& [item, offset] : SplitList(p.value)) {
        size_t begin = offset < p.value_offsets.size() ? p.value_offsets[offset] : p.key_offset;
        size_t last = offset + item.size() - 1;
        size_t end = last < p.value_offsets.size() ? p.value_offsets[last] + 1 : begin;
        cfg.locations.push_back({item, SourceLoc::Span(file, begin, end)});
      }
    } else if (key == "url") {
      cfg.url = std::string(Trim(p.value));
    } else if (IsOptionKey(key)) {
      cfg.options[key] = std::string(Trim(p.value));
    }
  }
  cfg.dialect = DialectFromJdbcUrl(cfg.url);
  return cfg;
}

Config ParseToml(const SourceFile& file, std::vector<Finding>& findings) {
  Config cfg;
  toml::table root;
  try {
    root = toml::parse(file.text(), file.path());
  } catch (const toml::parse_error& e) {
    findings.push_back(MakeFinding(
        "SCH011", fmt::format("flyway cannot read {}: {}", file.path(), e.description()),
        SourceLoc::Line(file.path(), e.source().begin.line, e.source().begin.column),
        "fix the TOML syntax"));
    return cfg;
  }
  auto loc_of = [&](const toml::node& n) {
    return SourceLoc::Line(file.path(), n.source().begin.line, n.source().begin.column);
  };
  const toml::table* flyway = root["flyway"].as_table();
  if (flyway) {
    for (const auto& [k, node] : *flyway) {
      std::string key(k.str());
      if (key == "locations") {
        cfg.has_locations = true;
        if (const toml::array* arr = node.as_array()) {
          for (const toml::node& item : *arr) {
            if (auto s = item.value<std::string>()) {
              for (auto& [text, offset] : SplitList(*s))
                cfg.locations.push_back({text, loc_of(item)});
            }
          }
        } else if (auto s = node.value<std::string>()) {
          for (auto& [text, offset] : SplitList(*s)) cfg.locations.push_back({text, loc_of(node)});
        }
      } else if (key == "url") {
        if (auto s = node.value<std::string>()) cfg.url = *s;
      } else if (IsOptionKey(key)) {
        if (auto b = node.value<bool>(); b && node.is_boolean()) {
          cfg.options[key] = *b ? "true" : "false";
        } else if (auto s = node.value<std::string>()) {
          cfg.options[key] = *s;
        } else if (const toml::array* arr = node.as_array()) {
          std::vector<std::string> items;
          for (const toml::node& item : *arr) {
            if (auto v = item.value<std::string>()) items.push_back(*v);
          }
          cfg.options[key] = Join(items, ",");
        }
      }
    }
  }
  if (const toml::table* envs = root["environments"].as_table()) {
    std::string wanted = "default";
    if (flyway) {
      if (auto e = (*flyway)["environment"].value<std::string>()) wanted = *e;
    }
    std::string first;
    for (const auto& [name, node] : *envs) {
      const toml::table* env = node.as_table();
      if (!env) continue;
      auto url = (*env)["url"].value<std::string>();
      if (!url) continue;
      if (first.empty()) first = *url;
      if (name.str() == wanted) cfg.url = *url;
    }
    if (cfg.url.empty()) cfg.url = first;
  }
  cfg.dialect = DialectFromJdbcUrl(cfg.url);
  return cfg;
}

std::string DialectFromJdbcUrl(std::string_view url) {
  std::string u = ToLower(Trim(url));
  if (u.rfind("jdbc:", 0) != 0) return "";
  u.erase(0, 5);
  if (u.rfind("tc:", 0) == 0) u.erase(0, 3);  // Testcontainers URLs
  if (u.rfind("postgresql:", 0) == 0 || u.rfind("pgsql:", 0) == 0) return "postgres";
  if (u.rfind("sqlite:", 0) == 0) return "sqlite";
  if (u.rfind("mysql:", 0) == 0 || u.rfind("mariadb:", 0) == 0) return "mysql";
  return "";
}

NameRules RulesFromOptions(const std::map<std::string, std::string>& options) {
  NameRules rules;
  auto get = [&](const char* key, std::string& field) {
    auto it = options.find(key);
    if (it != options.end() && !it->second.empty()) field = it->second;
  };
  get("sqlMigrationPrefix", rules.versioned_prefix);
  get("undoSqlMigrationPrefix", rules.undo_prefix);
  get("repeatableSqlMigrationPrefix", rules.repeatable_prefix);
  get("sqlMigrationSeparator", rules.separator);
  if (auto it = options.find("sqlMigrationSuffixes"); it != options.end()) {
    std::vector<std::string> suffixes;
    for (auto& [s, offset] : SplitList(it->second)) suffixes.push_back(s);
    if (!suffixes.empty()) rules.suffixes = std::move(suffixes);
  }
  return rules;
}

}  // namespace sse::flyway
