#include "core/lint/docker.hpp"

#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

namespace sse {

std::string CleanContextPath(std::string_view p) {
  std::vector<std::string> parts;
  for (std::string_view seg : Split(p, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.emplace_back(seg);
  }
  if (parts.empty()) return ".";
  return Join(parts, "/");
}

bool Dockerfile::copies_whole_context() const {
  for (const DockerCopy& c : copies) {
    for (const std::string& s : c.sources) {
      if (s == "." || s == "*") return true;
    }
  }
  return false;
}

namespace {

/// Splits an instruction's arguments: JSON array form or whitespace-separated words.
std::vector<std::string> Arguments(std::string_view rest) {
  std::vector<std::string> out;
  rest = Trim(rest);
  if (!rest.empty() && rest.front() == '[') {
    std::string cur;
    bool in_str = false;
    for (size_t i = 1; i < rest.size(); ++i) {
      char c = rest[i];
      if (in_str) {
        if (c == '\\' && i + 1 < rest.size()) {
          cur += rest[++i];
        } else if (c == '"') {
          out.push_back(cur);
          cur.clear();
          in_str = false;
        } else {
          cur += c;
        }
      } else if (c == '"') {
        in_str = true;
      }
    }
    return out;
  }
  std::string cur;
  for (char c : rest) {
    if (c == ' ' || c == '\t') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

Dockerfile ParseDockerfile(const SourceFile& file) {
  Dockerfile df;
  std::string_view text = file.text();
  size_t pos = 0;
  uint32_t line_no = 0;
  int stage = -1;
  while (pos < text.size()) {
    // Join continuation lines ending in '\'.
    uint32_t start_line = line_no + 1;
    std::string logical;
    for (;;) {
      size_t nl = text.find('\n', pos);
      std::string_view l =
          text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
      ++line_no;
      std::string_view t = TrimRight(l);
      if (TrimLeft(t).substr(0, 1) == "#" && !logical.empty())
        continue;  // comment inside continuation
      if (!t.empty() && t.back() == '\\') {
        logical.append(t.substr(0, t.size() - 1));
        logical += ' ';
        if (pos >= text.size()) break;
        continue;
      }
      logical.append(t);
      break;
    }
    std::string_view ins = Trim(logical);
    if (ins.empty() || ins[0] == '#') continue;
    size_t sp = ins.find_first_of(" \t");
    std::string keyword = ToLower(ins.substr(0, sp));
    std::string_view rest = sp == std::string_view::npos ? std::string_view() : ins.substr(sp + 1);
    if (keyword == "from") {
      ++stage;
      df.stage_lines.push_back(start_line);
      continue;
    }
    if (keyword != "copy" && keyword != "add") continue;
    std::vector<std::string> args = Arguments(rest);
    bool from_other = false;
    std::vector<std::string> paths;
    for (const std::string& a : args) {
      if (a.rfind("--", 0) == 0) {
        if (a.rfind("--from", 0) == 0) from_other = true;
        continue;
      }
      if (a.rfind("<<", 0) == 0) from_other = true;  // heredoc
      paths.push_back(a);
    }
    if (from_other || paths.size() < 2) continue;
    paths.pop_back();  // destination
    DockerCopy copy;
    copy.line = start_line;
    copy.stage = std::max(stage, 0);
    for (const std::string& p : paths) {
      if (p.find("://") != std::string::npos) continue;  // ADD from a URL
      copy.sources.push_back(CleanContextPath(p));
    }
    if (!copy.sources.empty()) df.copies.push_back(std::move(copy));
  }
  return df;
}

std::vector<DockerIgnorePattern> ParseDockerIgnore(const SourceFile& file) {
  std::vector<DockerIgnorePattern> out;
  uint32_t line_no = 0;
  for (std::string_view raw : Split(file.text(), '\n')) {
    ++line_no;
    std::string_view l = Trim(raw);
    if (line_no == 1 && l.size() >= 3 && static_cast<unsigned char>(l[0]) == 0xEF)
      l.remove_prefix(3);
    if (l.empty() || l[0] == '#') continue;
    DockerIgnorePattern p;
    p.line = line_no;
    if (l[0] == '!') {
      p.exclude = false;
      l = Trim(l.substr(1));
    }
    while (!l.empty() && l[0] == '/') l.remove_prefix(1);
    p.pattern = CleanContextPath(l);
    if (p.pattern == ".") continue;
    out.push_back(std::move(p));
  }
  return out;
}

const DockerIgnorePattern* DockerIgnoreExcludes(const std::vector<DockerIgnorePattern>& patterns,
                                                const std::string& path) {
  const DockerIgnorePattern* decided = nullptr;
  for (const DockerIgnorePattern& p : patterns) {
    if (GlobMatchSelfOrParent(p.pattern, path)) decided = p.exclude ? &p : nullptr;
  }
  return decided;
}

}  // namespace sse
