#include "core/util/glob.hpp"

namespace sse {
namespace {

bool MatchClass(std::string_view p, size_t& pi, char c) {
  // p[pi] == '['
  size_t i = pi + 1;
  bool negate = false;
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < p.size() && (p[i] != ']' || first)) {
    first = false;
    char lo = p[i];
    if (lo == '\\' && i + 1 < p.size()) lo = p[++i];
    char hi = lo;
    if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      hi = p[i + 2];
      i += 2;
    }
    if (c >= lo && c <= hi) matched = true;
    ++i;
  }
  pi = i < p.size() ? i + 1 : i;
  return matched != negate;
}

bool Match(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0;
  size_t star_p = std::string_view::npos, star_s = 0;
  while (si < s.size() || pi < p.size()) {
    if (pi < p.size()) {
      char pc = p[pi];
      if (pc == '*' && pi + 1 < p.size() && p[pi + 1] == '*') {
        // '**': any sequence including '/'. "**/" may also match nothing.
        size_t rest = pi + 2;
        if (rest < p.size() && p[rest] == '/') {
          if (Match(p.substr(rest + 1), s.substr(si))) return true;
        }
        for (size_t k = si; k <= s.size(); ++k) {
          if (Match(p.substr(rest), s.substr(k))) return true;
        }
        return false;
      }
      if (pc == '*') {
        star_p = pi++;
        star_s = si;
        continue;
      }
      if (si < s.size()) {
        if (pc == '?' && s[si] != '/') {
          ++pi;
          ++si;
          continue;
        }
        if (pc == '[' && s[si] != '/') {
          size_t save = pi;
          if (MatchClass(p, pi, s[si])) {
            ++si;
            continue;
          }
          pi = save;
        } else if (pc == '\\' && pi + 1 < p.size() && p[pi + 1] == s[si]) {
          pi += 2;
          ++si;
          continue;
        } else if (pc == s[si] && pc != '?' && pc != '[') {
          ++pi;
          ++si;
          continue;
        }
      }
    }
    // Backtrack to the last '*' (which cannot cross '/').
    if (star_p != std::string_view::npos && star_s < s.size() && s[star_s] != '/') {
      pi = star_p + 1;
      si = ++star_s;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  while (pattern.size() > 1 && pattern.back() == '/') pattern.remove_suffix(1);
  if (pattern.substr(0, 2) == "./") pattern.remove_prefix(2);
  return Match(pattern, path);
}

bool GlobMatchSelfOrParent(std::string_view pattern, std::string_view path) {
  if (GlobMatch(pattern, path)) return true;
  // "dir/**" names everything inside dir; for excludes and ignores it names dir itself too.
  if (pattern.size() > 3 && pattern.substr(pattern.size() - 3) == "/**" &&
      GlobMatchSelfOrParent(pattern.substr(0, pattern.size() - 3), path)) {
    return true;
  }
  for (size_t i = path.size(); i-- > 0;) {
    if (path[i] == '/' && GlobMatch(pattern, path.substr(0, i))) return true;
  }
  return false;
}

}  // namespace sse
