#include "core/lint/config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <toml++/toml.h>

#include "core/lint/catalog.hpp"
#include "core/util/glob.hpp"

namespace sse {

std::optional<fs::path> FindConfig(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (;;) {
    fs::path candidate = dir / "schema.toml";
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (dir == dir.parent_path() || dir.empty()) return std::nullopt;
    dir = dir.parent_path();
  }
}

namespace {

SourceLoc Loc(const std::string& display, const toml::node& n) {
  const auto& src = n.source();
  return SourceLoc::Line(display, src.begin.line, src.begin.column);
}

Error ConfigError(const std::string& message, SourceLoc loc) {
  return Error(ErrorCode::kConfig, message, std::move(loc));
}

Result<std::vector<std::string>> StringList(const std::string& display, const toml::node& n,
                                            std::string_view key) {
  std::vector<std::string> out;
  const toml::array* arr = n.as_array();
  if (!arr) return ConfigError(fmt::format("'{}' must be a list of strings", key), Loc(display, n));
  for (const toml::node& item : *arr) {
    auto s = item.value<std::string>();
    if (!s)
      return ConfigError(fmt::format("'{}' must be a list of strings", key), Loc(display, item));
    out.push_back(*s);
  }
  return out;
}

}  // namespace

Result<LintConfig> LoadConfig(const fs::path& file, const fs::path& cwd) {
  LintConfig cfg;
  cfg.path = DisplayPath(cwd, file);
  cfg.dir = (file.is_absolute() ? file : cwd / file).lexically_normal().parent_path();
  auto bytes = ReadFileBytes(file);
  if (!bytes.ok()) return Error(ErrorCode::kConfig, bytes.error().message);
  toml::table root;
  try {
    root = toml::parse(*bytes, cfg.path);
  } catch (const toml::parse_error& e) {
    return ConfigError(std::string(e.description()),
                       SourceLoc::Line(cfg.path, e.source().begin.line, e.source().begin.column));
  }
  for (const auto& [key, node] : root) {
    std::string k(key.str());
    if (k == "fail-on" || k == "fail_on") {
      auto v = node.value<std::string>();
      auto sev = v ? ParseSeverity(*v) : std::nullopt;
      if (!sev)
        return ConfigError("fail-on must be \"error\", \"warning\" or \"info\"",
                           Loc(cfg.path, node));
      cfg.fail_on = sev;
    } else if (k == "exclude") {
      SSE_TRY(cfg.exclude, StringList(cfg.path, node, "exclude"));
    } else if (k == "rules") {
      const toml::table* t = node.as_table();
      if (!t) return ConfigError("[rules] must be a table", Loc(cfg.path, node));
      for (const auto& [rk, rv] : *t) {
        std::string name(rk.str());
        const RuleInfo* rule = FindRule(name);
        if (!rule) return ConfigError(fmt::format("unknown rule '{}'", name), Loc(cfg.path, rv));
        auto v = rv.value<std::string>();
        RuleSetting setting;
        setting.loc = Loc(cfg.path, rv);
        if (v && *v == "off") {
          setting.off = true;
        } else if (auto sev = v ? ParseSeverity(*v) : std::nullopt) {
          setting.severity = sev;
        } else {
          return ConfigError(
              fmt::format("rule '{}' must be \"error\", \"warning\", \"info\" or \"off\"", name),
              Loc(cfg.path, rv));
        }
        cfg.rules[std::string(rule->code)] = setting;
      }
    } else if (k == "ignore") {
      const toml::array* arr = node.as_array();
      if (!arr)
        return ConfigError("ignore must be an array of tables ([[ignore]])", Loc(cfg.path, node));
      for (const toml::node& item : *arr) {
        const toml::table* t = item.as_table();
        if (!t) return ConfigError("each [[ignore]] must be a table", Loc(cfg.path, item));
        PathIgnore ig;
        ig.loc = Loc(cfg.path, item);
        for (const auto& [ik, iv] : *t) {
          std::string ikey(ik.str());
          if (ikey == "path") {
            auto v = iv.value<std::string>();
            if (!v) return ConfigError("ignore path must be a string", Loc(cfg.path, iv));
            ig.pattern = *v;
            ig.loc = Loc(cfg.path, iv);
          } else if (ikey == "rules") {
            SSE_TRY(auto names, StringList(cfg.path, iv, "rules"));
            for (const std::string& n : names) {
              const RuleInfo* rule = FindRule(n);
              if (!rule) return ConfigError(fmt::format("unknown rule '{}'", n), Loc(cfg.path, iv));
              ig.codes.emplace_back(rule->code);
            }
          } else {
            return ConfigError(
                fmt::format("unknown key '{}' in [[ignore]] (expected path, rules)", ikey),
                Loc(cfg.path, iv));
          }
        }
        if (ig.pattern.empty()) return ConfigError("[[ignore]] needs a path", ig.loc);
        cfg.ignores.push_back(std::move(ig));
      }
    } else {
      return ConfigError(
          fmt::format("unknown key '{}' (expected fail-on, exclude, [rules], [[ignore]])", k),
          Loc(cfg.path, node));
    }
  }
  return cfg;
}

void ApplyConfig(const LintConfig& config, const fs::path& cwd, std::vector<Finding>& findings) {
  std::vector<bool> used(config.ignores.size(), false);
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (Finding& f : findings) {
    auto setting = config.rules.find(f.code);
    if (setting != config.rules.end()) {
      if (setting->second.off) continue;
      if (setting->second.severity) f.severity = *setting->second.severity;
    }
    bool ignored = false;
    if (f.loc && !f.loc->path.empty()) {
      fs::path abs = (cwd / f.loc->path).lexically_normal();
      std::string rel = abs.lexically_relative(config.dir).generic_string();
      for (size_t i = 0; i < config.ignores.size(); ++i) {
        const PathIgnore& ig = config.ignores[i];
        bool code_ok = ig.codes.empty();
        for (const std::string& c : ig.codes) code_ok = code_ok || c == f.code;
        if (code_ok && GlobMatchSelfOrParent(ig.pattern, rel)) {
          used[i] = true;
          ignored = true;
        }
      }
    }
    if (!ignored) kept.push_back(std::move(f));
  }
  auto unused_setting = config.rules.find("SCH018");
  bool report_unused = unused_setting == config.rules.end() || !unused_setting->second.off;
  for (size_t i = 0; i < config.ignores.size() && report_unused; ++i) {
    if (used[i]) continue;
    const PathIgnore& ig = config.ignores[i];
    kept.push_back(MakeFinding(
        "SCH018",
        fmt::format(
            "ignore of '{}'{} suppresses nothing", ig.pattern,
            ig.codes.empty() ? std::string() : fmt::format(" for {}", fmt::join(ig.codes, ", "))),
        ig.loc, "remove the stale [[ignore]] entry"));
    if (unused_setting != config.rules.end() && unused_setting->second.severity) {
      kept.back().severity = *unused_setting->second.severity;
    }
  }
  findings = std::move(kept);
}

}  // namespace sse
