// Alembic configuration files (see alembic_config.hpp and FORMATS.md 1.1).

#include "core/migrations/alembic_config.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/lint/catalog.hpp"
#include "core/migrations/alembic_ini.hpp"
#include "core/migrations/detect.hpp"
#include "core/util/strings.hpp"
#include "core/util/utf8.hpp"

namespace sse {
namespace {

constexpr uintmax_t kMaxConfigBytes = 1 << 20;

/// Keys only an Alembic section has: a section with one of them but no script_location is an
/// Alembic section Alembic cannot use.
bool IsAlembicOnlyKey(std::string_view key) {
  static constexpr std::string_view kKeys[] = {"version_locations",
                                               "version_path_separator",
                                               "recursive_version_locations",
                                               "file_template",
                                               "truncate_slug_length",
                                               "revision_environment",
                                               "prepend_sys_path",
                                               "sourceless"};
  for (std::string_view k : kKeys) {
    if (k == key) return true;
  }
  return false;
}

struct Setting {
  bool set = false;
  std::string value;
  SourceLoc loc;
};

struct LocationList {
  bool set = false;
  SourceLoc key_loc;
  std::vector<std::string> items;
  std::vector<SourceLoc> locs;
};

/// The Alembic settings one source (an ini section, [tool.alembic]) provides.
struct RawSettings {
  std::string file;  ///< display path
  std::string section;
  SourceLoc section_loc;
  bool any_key = false;
  Setting script_location;
  LocationList version_locations;
  std::optional<bool> recursive;
  std::optional<bool> sourceless;
  std::string url;
};

std::string ExpandHere(std::string_view v, const std::string& here) {
  std::string out;
  for (size_t i = 0; i < v.size();) {
    if (v.substr(i).starts_with("%(here)s")) {
      out += here;
      i += 8;
    } else if (v.substr(i).starts_with("%%")) {
      out += '%';
      i += 2;
    } else {
      out += v[i++];
    }
  }
  return out;
}

struct Piece {
  std::string text;
  size_t offset = 0;
};

/// Splits version_locations: on `sep` (stripping each part) or, with no separator configured,
/// on Alembic's legacy regex `, *|(?: +)`. Empty parts are dropped.
std::vector<Piece> SplitLocations(std::string_view s, std::optional<char> sep) {
  std::vector<Piece> out;
  auto add = [&](size_t b, size_t e) {
    std::string_view part = s.substr(b, e - b);
    std::string_view t = Trim(part);
    if (!t.empty())
      out.push_back({std::string(t), b + static_cast<size_t>(t.data() - part.data())});
  };
  size_t start = 0;
  for (size_t i = 0; i < s.size();) {
    if (sep ? s[i] == *sep : (s[i] == ',' || s[i] == ' ')) {
      add(start, i);
      size_t j = i + 1;
      if (!sep) {
        while (j < s.size() && s[j] == ' ') ++j;  // ", *" and " +" both eat the spaces after
      }
      start = i = j;
    } else {
      ++i;
    }
  }
  add(start, s.size());
  return out;
}

/// Reads one ini section's Alembic settings (values interpolated as configparser does).
RawSettings FromIniSection(const IniDocument& doc, const IniSection& section,
                           const std::string& display, std::vector<Finding>& findings) {
  RawSettings rs;
  rs.file = display;
  rs.section = section.name;
  rs.section_loc = SourceLoc::Line(display, section.line);
  rs.any_key = !section.options.empty();
  auto get = [&](std::string_view key) -> std::optional<std::pair<IniValue, const IniOption*>> {
    const IniOption* o = doc.Lookup(section, key);
    if (!o) return std::nullopt;
    IniValue v = InterpolateOption(doc, section, *o);
    if (v.error) {
      findings.push_back(MakeFinding(
          "SCH011",
          fmt::format("alembic cannot read {} in [{}]: {}", key, Printable(section.name), *v.error),
          SourceLoc::Line(display, o->line), "write a literal % as %% in alembic.ini"));
      return std::nullopt;
    }
    return std::make_pair(std::move(v), o);
  };
  if (auto v = get("script_location")) {
    rs.script_location = {true, std::string(Trim(v->first.Joined())),
                          SourceLoc::Line(display, v->second->line)};
  }
  if (auto v = get("version_locations")) {
    std::string joined = v->first.Joined();
    if (!Trim(joined).empty()) {
      std::optional<char> sep;
      for (std::string_view key : {"path_separator", "version_path_separator"}) {
        auto s = get(key);
        if (!s) continue;
        std::string name(Trim(s->first.Joined()));
        if (name == "space")
          sep = ' ';
        else if (name == "newline")
          sep = '\n';
        else if (name == "os" || name == ":")
          sep = ':';
        else if (name == ";")
          sep = ';';
        else {
          findings.push_back(MakeFinding(
              "SCH014",
              fmt::format("alembic rejects {} = {}: expected 'space', 'newline', 'os', ':' or ';' "
                          "(ValueError)",
                          key, Quote(name)),
              SourceLoc::Line(display, s->second->line),
              "set it to one of space, newline, os, :, ;"));
        }
        break;
      }
      rs.version_locations.set = true;
      rs.version_locations.key_loc = SourceLoc::Line(display, v->second->line);
      // Map each part back to the physical line it sits on.
      std::vector<size_t> starts;
      size_t off = 0;
      for (const std::string& l : v->first.lines) {
        starts.push_back(off);
        off += l.size() + 1;
      }
      for (Piece& p : SplitLocations(joined, sep)) {
        size_t k = std::upper_bound(starts.begin(), starts.end(), p.offset) - starts.begin();
        uint32_t line = v->first.line_nos[k == 0 ? 0 : k - 1];
        rs.version_locations.items.push_back(std::move(p.text));
        rs.version_locations.locs.push_back(SourceLoc::Line(display, line));
      }
    }
  }
  if (auto v = get("recursive_version_locations")) rs.recursive = Trim(v->first.Joined()) == "true";
  if (auto v = get("sourceless")) rs.sourceless = Trim(v->first.Joined()) == "true";
  if (const IniOption* o = doc.Lookup(section, "sqlalchemy.url"); o && !o->lines.empty()) {
    rs.url = o->lines[0];
  }
  return rs;
}

std::optional<bool> TomlBool(const toml::node_view<const toml::node>& n) {
  if (auto b = n.value<bool>()) return *b;
  if (auto s = n.value<std::string>()) return *s == "true";
  return std::nullopt;
}

std::optional<RawSettings> FromPyproject(std::string_view text, const std::string& display,
                                         const std::string& here, std::vector<Finding>& findings) {
  toml::table tbl;
  try {
    tbl = toml::parse(text, display);
  } catch (const toml::parse_error& e) {
    if (text.find("tool.alembic") != std::string_view::npos) {
      findings.push_back(MakeFinding(
          "SCH011",
          fmt::format("alembic cannot read {}: invalid TOML: {}", display, e.description()),
          SourceLoc::Line(display, e.source().begin.line, e.source().begin.column),
          "fix the TOML syntax"));
    }
    return std::nullopt;
  }
  const toml::table* alembic = tbl["tool"]["alembic"].as_table();
  if (!alembic) return std::nullopt;
  RawSettings rs;
  rs.file = display;
  rs.section = "tool.alembic";
  rs.section_loc = SourceLoc::Line(display, alembic->source().begin.line);
  rs.any_key = !alembic->empty();
  toml::node_view<const toml::node> view(alembic);
  auto line_of = [&](const toml::node* n) {
    return SourceLoc::Line(display, n ? n->source().begin.line : alembic->source().begin.line);
  };
  if (const toml::node* n = alembic->get("script_location")) {
    if (auto s = n->value<std::string>()) {
      rs.script_location = {true, ExpandHere(Trim(*s), here), line_of(n)};
    } else {
      findings.push_back(MakeFinding("SCH014",
                                     "alembic cannot use script_location in [tool.alembic]: it "
                                     "must be a string",
                                     line_of(n), "write script_location = \"%(here)s/alembic\""));
    }
  }
  if (const toml::node* n = alembic->get("version_locations")) {
    if (const toml::array* arr = n->as_array()) {
      rs.version_locations.set = !arr->empty();
      rs.version_locations.key_loc = line_of(n);
      for (const toml::node& el : *arr) {
        if (auto s = el.value<std::string>()) {
          rs.version_locations.items.push_back(ExpandHere(Trim(*s), here));
          rs.version_locations.locs.push_back(line_of(&el));
        } else {
          findings.push_back(MakeFinding("SCH014",
                                         "alembic cannot use an entry of version_locations in "
                                         "[tool.alembic]: entries must be strings",
                                         line_of(&el), "list folder paths as strings"));
        }
      }
    } else {
      findings.push_back(MakeFinding(
          "SCH014",
          "alembic cannot use version_locations in [tool.alembic]: in pyproject.toml it must be "
          "a list of strings (a plain string is read one character at a time)",
          line_of(n), "write version_locations = [\"%(here)s/alembic/versions\"]"));
    }
  }
  rs.recursive = TomlBool(view["recursive_version_locations"]);
  rs.sourceless = TomlBool(view["sourceless"]);
  return rs;
}

/// Settings of `primary` with the gaps filled from `fallback` (Alembic reads the ini first,
/// then pyproject.toml).
RawSettings Merge(RawSettings primary, const RawSettings& fallback) {
  if (!primary.script_location.set) primary.script_location = fallback.script_location;
  if (!primary.version_locations.set) primary.version_locations = fallback.version_locations;
  if (!primary.recursive) primary.recursive = fallback.recursive;
  if (!primary.sourceless) primary.sourceless = fallback.sourceless;
  return primary;
}

/// lexically_normal without the trailing separator it leaves for "dir/." and "dir/".
fs::path Normal(const fs::path& p) {
  fs::path n = p.lexically_normal();
  if (!n.has_filename() && n.has_parent_path() && n != n.root_path()) n = n.parent_path();
  return n;
}

/// Resolves a location the way Alembic does: absolute paths as they are; `pkg:sub` through the
/// package folder `pkg` (found beside the config, under src/, or one folder down); otherwise
/// relative to the config's folder (Alembic uses the working directory, which in practice is
/// the folder of alembic.ini).
fs::path ResolveLocation(std::string_view value, const fs::path& base,
                         const std::vector<DirEntry>& entries) {
  fs::path p(value);
  if (p.is_absolute()) return Normal(p);
  size_t colon = value.find(':');
  if (colon == std::string_view::npos) return Normal(base / p);
  std::string pkg(value.substr(0, colon));
  for (char& ch : pkg) {
    if (ch == '.') ch = '/';
  }
  fs::path sub(std::string(value.substr(colon + 1)));
  std::vector<fs::path> tries = {base / pkg, base / "src" / pkg};
  for (const DirEntry& e : entries) {
    if (e.kind == DirEntry::Kind::kDir && e.name != "src" && !e.name.starts_with(".") &&
        !IsSkippedDirName(e.name)) {
      tries.push_back(base / e.name / pkg);
    }
  }
  std::error_code ec;
  for (const fs::path& t : tries) {
    if (fs::is_directory(t, ec)) return Normal(t / sub);
  }
  return Normal(base / pkg / sub);
}

std::optional<AlembicConfig> Build(const RawSettings& rs, const fs::path& base,
                                   const std::vector<DirEntry>& entries) {
  if (!rs.script_location.set) return std::nullopt;
  AlembicConfig c;
  c.config_display = rs.script_location.loc.path;
  c.section = rs.section;
  c.script_location = rs.script_location.value;
  c.script_loc = rs.script_location.loc;
  c.script_dir = ResolveLocation(c.script_location, base, entries);
  if (rs.version_locations.set && !rs.version_locations.items.empty()) {
    c.version_locations_set = true;
    c.version_locations_loc = rs.version_locations.key_loc;
    for (size_t i = 0; i < rs.version_locations.items.size(); ++i) {
      const std::string& item = rs.version_locations.items[i];
      c.version_dirs.push_back(
          {ResolveLocation(item, base, entries), rs.version_locations.locs[i], item});
    }
  } else {
    c.version_dirs.push_back(
        {c.script_dir / "versions", c.script_loc, c.script_location + "/versions"});
  }
  c.recursive = rs.recursive.value_or(false);
  c.sourceless = rs.sourceless.value_or(false);
  c.dialect = DialectFromUrl(rs.url);
  return c;
}

Finding NoScriptLocation(const RawSettings& rs, std::string_view file_name) {
  return MakeFinding(
      "SCH014",
      fmt::format("[{}] in {} has Alembic settings but no script_location; alembic stops with "
                  "\"No 'script_location' key found in configuration.\"",
                  Printable(rs.section), file_name),
      rs.section_loc, "add script_location = %(here)s/<migrations folder> to the section");
}

std::optional<std::string> ReadSmall(const fs::path& p) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec || size > kMaxConfigBytes) return std::nullopt;
  auto bytes = ReadFileBytes(p);
  if (!bytes.ok()) return std::nullopt;
  return std::move(bytes).value();
}

}  // namespace

std::string DialectFromUrl(std::string_view url) {
  url = Trim(url);
  size_t colon = url.find(':');
  if (colon == std::string_view::npos) return "";
  std::string scheme = ToLower(url.substr(0, colon));
  scheme = scheme.substr(0, scheme.find('+'));
  if (scheme == "postgresql" || scheme == "postgres" || scheme.starts_with("postgresql")) {
    return "postgres";
  }
  if (scheme == "sqlite") return "sqlite";
  if (scheme == "mysql" || scheme == "mariadb") return "mysql";
  return "";
}

AlembicConfigScan ScanAlembicConfigs(const fs::path& dir, const std::vector<DirEntry>& entries,
                                     const fs::path& cwd) {
  AlembicConfigScan out;
  fs::path base = Normal(dir.is_absolute() ? dir : cwd / dir);
  std::string here = base.string();
  while (here.size() > 1 && here.back() == '/') here.pop_back();

  std::optional<RawSettings> toml_rs;
  std::string toml_display;
  for (const DirEntry& e : entries) {
    if (e.kind != DirEntry::Kind::kFile || e.name != "pyproject.toml") continue;
    auto text = ReadSmall(base / e.name);
    if (!text || text->find("alembic") == std::string::npos) break;
    toml_display = DisplayPath(cwd, base / e.name);
    toml_rs = FromPyproject(*text, toml_display, here, out.findings);
  }

  bool ini_main_section = false;
  bool has_env_py = std::any_of(entries.begin(), entries.end(), [](const DirEntry& e) {
    return e.kind == DirEntry::Kind::kFile && e.name == "env.py";
  });
  for (const DirEntry& e : entries) {
    if (e.kind != DirEntry::Kind::kFile || !e.name.ends_with(".ini")) continue;
    bool alembic_ini = e.name == "alembic.ini";
    auto text = ReadSmall(base / e.name);
    if (!text) continue;
    if (!alembic_ini && text->find("script_location") == std::string::npos) continue;
    std::string display = DisplayPath(cwd, base / e.name);
    if (HasUtf8Bom(*text)) {
      out.findings.push_back(MakeFinding(
          "SCH011",
          fmt::format("alembic cannot read {}: configparser keeps the UTF-8 byte-order mark, so "
                      "the first line is not a section header (MissingSectionHeaderError)",
                      e.name),
          SourceLoc::Line(display, 1), "save the file as UTF-8 without BOM"));
      continue;
    }
    IniDocument doc = ParseIni(*text);
    if (doc.error) {
      out.findings.push_back(MakeFinding(
          "SCH011", fmt::format("alembic cannot read {}: {}", e.name, doc.error->message),
          SourceLoc::Line(display, doc.error->line), "fix the ini syntax"));
      continue;
    }
    if (!doc.defaults.Find("here")) doc.defaults.options.push_back({"here", 0, {here}, {0}});
    if (!doc.defaults.Find("__file__")) {
      doc.defaults.options.push_back({"__file__", 0, {(base / e.name).string()}, {0}});
    }
    std::vector<AlembicConfig> found;
    for (const IniSection& section : doc.sections) {
      bool has_script = section.Find("script_location") != nullptr;
      bool main = alembic_ini && section.name == "alembic";
      if (main) ini_main_section = true;
      bool alembic_keys = main && !section.options.empty();
      for (const IniOption& o : section.options) alembic_keys |= IsAlembicOnlyKey(o.key);
      if (!has_script && !alembic_keys && !main) continue;
      RawSettings rs = FromIniSection(doc, section, display, out.findings);
      bool with_toml = alembic_ini && toml_rs;
      if (with_toml) rs = Merge(std::move(rs), *toml_rs);
      if (main && !rs.script_location.set && has_env_py) {
        // Flask-Migrate keeps alembic.ini inside the script folder (beside env.py and versions/)
        // and sets script_location in code.
        rs.script_location = {true, ".", rs.section_loc};
      }
      auto config = Build(rs, base, entries);
      if (!config) {
        if (alembic_keys) out.findings.push_back(NoScriptLocation(rs, e.name));
        continue;
      }
      config->files.push_back(display);
      if (with_toml) config->files.push_back(toml_display);
      found.push_back(std::move(*config));
    }
    // A multi-section file often keeps a default [alembic] section that is never used on its own
    // (its versions/ folder does not exist): leave it out rather than report it.
    bool any_explicit = false;
    for (const AlembicConfig& c : found) any_explicit |= c.version_locations_set;
    std::error_code ec;
    for (AlembicConfig& c : found) {
      if (found.size() > 1 && any_explicit && !c.version_locations_set &&
          fs::is_directory(c.script_dir, ec) && !fs::exists(c.version_dirs[0].dir, ec)) {
        continue;
      }
      out.configs.push_back(std::move(c));
    }
  }

  if (toml_rs && !ini_main_section) {
    if (auto config = Build(*toml_rs, base, entries)) {
      config->files.push_back(toml_display);
      out.configs.push_back(std::move(*config));
    } else if (toml_rs->any_key) {
      out.findings.push_back(NoScriptLocation(*toml_rs, "pyproject.toml"));
    }
  }
  return out;
}

namespace {

std::string EncodeLoc(const SourceLoc& loc) { return fmt::format("{}\t{}", loc.path, loc.line); }

SourceLoc DecodeLoc(std::string_view s) {
  size_t tab = s.rfind('\t');
  if (tab == std::string_view::npos) return SourceLoc::File(std::string(s));
  auto line = ParseU64(s.substr(tab + 1));
  std::string path(s.substr(0, tab));
  if (!line || *line == 0) return SourceLoc::File(path);
  return SourceLoc::Line(path, static_cast<uint32_t>(*line));
}

}  // namespace

Candidate AlembicCandidate(const AlembicConfig& config, const fs::path& cwd) {
  Candidate c;
  c.tool = Tool::kAlembic;
  c.dir = config.version_dirs.front().dir;
  c.display = DisplayPath(cwd, c.dir);
  for (size_t i = 1; i < config.version_dirs.size(); ++i) {
    c.extra_dirs.push_back(config.version_dirs[i].dir);
  }
  c.evidence = Evidence::kConfig;
  c.config_path = config.config_display;
  c.config_loc = config.version_locations_set ? config.version_locations_loc : config.script_loc;
  c.dialect = config.dialect;
  c.options["section"] = config.section;
  c.options["script_location"] = config.script_location;
  c.options["script_dir"] = config.script_dir.string();
  c.options["script_loc"] = EncodeLoc(config.script_loc);
  c.options["version_locations"] = config.version_locations_set ? "true" : "false";
  std::vector<std::string> locs;
  for (const AlembicVersionDir& d : config.version_dirs)
    locs.push_back(EncodeLoc(d.loc) + "\t" + d.raw);
  c.options["dir_locs"] = Join(locs, "\n");
  c.options["recursive_version_locations"] = config.recursive ? "true" : "false";
  c.options["sourceless"] = config.sourceless ? "true" : "false";
  c.options["config_files"] = Join(config.files, "\n");
  return c;
}

AlembicPlan AlembicPlanFor(const Candidate& c) {
  AlembicPlan plan;
  auto opt = [&](const char* key) -> std::string {
    auto it = c.options.find(key);
    return it == c.options.end() ? std::string() : it->second;
  };
  std::vector<fs::path> dirs = {c.dir};
  dirs.insert(dirs.end(), c.extra_dirs.begin(), c.extra_dirs.end());
  std::vector<std::string_view> locs;
  std::string dir_locs = opt("dir_locs");
  if (!dir_locs.empty()) locs = Split(dir_locs, '\n');
  for (size_t i = 0; i < dirs.size(); ++i) {
    AlembicVersionDir d;
    d.dir = dirs[i];
    if (i < locs.size()) {
      // "path\tline\traw"
      std::string_view l = locs[i];
      size_t t2 = l.rfind('\t');
      d.raw = std::string(l.substr(t2 + 1));
      d.loc = DecodeLoc(l.substr(0, t2));
    } else {
      d.loc = c.config_path.empty() ? SourceLoc::File(c.display) : c.config_loc;
      d.raw = d.dir.string();
    }
    plan.dirs.push_back(std::move(d));
  }
  if (std::string s = opt("script_dir"); !s.empty()) plan.script_dir = s;
  plan.script_loc = DecodeLoc(opt("script_loc"));
  plan.script_location = opt("script_location");
  plan.version_locations_set = opt("version_locations") == "true";
  plan.recursive = opt("recursive_version_locations") == "true";
  plan.sourceless = opt("sourceless") == "true";
  std::string files = opt("config_files");
  if (!files.empty()) {
    for (std::string_view f : Split(files, '\n')) plan.config_files.emplace_back(f);
  }
  return plan;
}

}  // namespace sse
