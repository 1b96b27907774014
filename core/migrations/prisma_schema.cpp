// migration_lock.toml and schema.prisma provider reading (see prisma_schema.hpp,
// docs/formats/prisma.md).

#include "core/migrations/prisma_schema.hpp"

#include <toml++/toml.h>

#include "core/util/strings.hpp"

namespace sse {
namespace {

/// Rust's str::lines(): split on '\n', drop one trailing '\r' from each line.
std::vector<std::string_view> RustLines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line =
        text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string_view StripQuotes(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    return v.substr(1, v.size() - 2);
  }
  return v;
}

}  // namespace

PrismaLock ParsePrismaLock(std::string_view text, const std::string& display) {
  PrismaLock lock;
  lock.provider = std::string(kPrismaProviderNotFound);
  std::vector<std::string_view> lines = RustLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.starts_with("provider")) continue;
    // trim_start_matches("provider = ") strips the prefix as often as it repeats.
    while (line.starts_with("provider = ")) line.remove_prefix(11);
    // trim_matches('"') strips every '"' at both ends.
    while (!line.empty() && line.front() == '"') line.remove_prefix(1);
    while (!line.empty() && line.back() == '"') line.remove_suffix(1);
    lock.provider = std::string(line);
    lock.provider_line = static_cast<uint32_t>(i + 1);
    break;
  }
  try {
    toml::table root = toml::parse(text, display);
    if (const toml::node* n = root.get("provider")) {
      if (auto s = n->value<std::string>()) {
        lock.toml_provider = *s;
        lock.toml_provider_line = n->source().begin.line;
      }
    }
  } catch (const toml::parse_error& e) {
    lock.toml_error = std::string(e.description());
    lock.toml_error_line = e.source().begin.line;
    lock.toml_error_column = e.source().begin.column;
  }
  if (lock.toml_provider) {
    lock.intended = *lock.toml_provider;
  } else if (lock.provider_line > 0) {
    std::string_view line = lines[lock.provider_line - 1];
    size_t eq = line.find('=');
    if (eq != std::string_view::npos) {
      std::string_view v = Trim(line.substr(eq + 1));
      size_t hash = v.find('#');
      if (hash != std::string_view::npos && (v.empty() || v.front() != '"')) {
        v = Trim(v.substr(0, hash));
      }
      lock.intended = std::string(StripQuotes(v));
    }
  }
  return lock;
}

std::optional<PrismaDatasource> ParseDatasourceProvider(std::string_view text,
                                                        const std::string& display) {
  std::vector<std::string_view> lines = RustLines(text);
  bool in_datasource = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    size_t comment = line.find("//");
    std::string_view code =
        Trim(comment == std::string_view::npos ? line : line.substr(0, comment));
    if (!in_datasource) {
      if (code.starts_with("datasource") && code.size() > 10 &&
          (code[10] == ' ' || code[10] == '\t') && code.find('{') != std::string_view::npos) {
        in_datasource = true;
      }
      continue;
    }
    if (code.starts_with("}")) {
      in_datasource = false;
      continue;
    }
    if (!code.starts_with("provider")) continue;
    std::string_view rest = TrimLeft(code.substr(8));
    if (rest.empty() || rest.front() != '=') continue;
    rest = Trim(rest.substr(1));
    if (rest.size() < 2 || rest.front() != '"') continue;
    size_t close = rest.find('"', 1);
    if (close == std::string_view::npos) continue;
    PrismaDatasource ds;
    ds.path = display;
    ds.provider = std::string(rest.substr(1, close - 1));
    ds.line = static_cast<uint32_t>(i + 1);
    ds.column = static_cast<uint32_t>(rest.data() - line.data()) + 1;
    return ds;
  }
  return std::nullopt;
}

std::optional<PrismaDatasource> FindPrismaDatasource(const fs::path& migrations_dir,
                                                     const fs::path& cwd) {
  fs::path parent = migrations_dir.lexically_normal();
  if (!parent.has_filename()) parent = parent.parent_path();
  parent = parent.parent_path();
  std::vector<fs::path> files = {parent / "schema.prisma", parent / "prisma" / "schema.prisma"};
  for (const fs::path& dir : {parent, parent / "schema"}) {
    auto entries = ListDir(dir);
    if (!entries.ok()) continue;
    for (const DirEntry& e : *entries) {
      if (e.kind == DirEntry::Kind::kFile && e.name.ends_with(".prisma") &&
          e.name != "schema.prisma") {
        files.push_back(dir / e.name);
      }
    }
  }
  for (const fs::path& p : files) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec) || fs::file_size(p, ec) > (8u << 20)) continue;
    auto bytes = ReadFileBytes(p);
    if (!bytes.ok()) continue;
    if (auto ds = ParseDatasourceProvider(*bytes, DisplayPath(cwd, p))) return ds;
  }
  return std::nullopt;
}

std::string PrismaConnectorType(std::string_view provider) {
  if (provider == "postgres") return "postgresql";
  return std::string(provider);
}

bool IsPrismaConnectorType(std::string_view provider) {
  return provider == "postgresql" || provider == "cockroachdb" || provider == "mysql" ||
         provider == "sqlite" || provider == "sqlserver" || provider == "mongodb";
}

std::string PrismaProviderDialect(std::string_view provider) {
  std::string p = PrismaConnectorType(provider);
  if (p == "postgresql" || p == "cockroachdb") return "postgres";
  if (p == "sqlite") return "sqlite";
  if (p == "mysql") return "mysql";
  return "";
}

}  // namespace sse
