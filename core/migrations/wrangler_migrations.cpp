// wrangler >= 4.98 migration file selection and order (workers-utils/src/d1-migrations.ts:
// getD1MigrationFiles, listFilesRelative, compareMigrationPaths, leadingMigrationNumber).

#include "core/migrations/wrangler_migrations.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

namespace sse {
namespace {

constexpr size_t kMaxAlternatives = 256;
constexpr size_t kMaxWalkEntries = 200000;

/// Brace expansion ({a,b} with nesting), as minimatch does before matching.
void ExpandBraces(const std::string& p, std::vector<std::string>& out) {
  if (out.size() >= kMaxAlternatives) return;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
      continue;
    }
    if (p[i] != '{') continue;
    int depth = 0;
    std::vector<size_t> commas;
    size_t close = std::string::npos;
    for (size_t j = i; j < p.size(); ++j) {
      if (p[j] == '\\') {
        ++j;
        continue;
      }
      if (p[j] == '{') {
        ++depth;
      } else if (p[j] == '}') {
        if (--depth == 0) {
          close = j;
          break;
        }
      } else if (p[j] == ',' && depth == 1) {
        commas.push_back(j);
      }
    }
    if (close == std::string::npos || commas.empty()) continue;
    size_t begin = i + 1;
    commas.push_back(close);
    for (size_t c : commas) {
      ExpandBraces(p.substr(0, i) + p.substr(begin, c - begin) + p.substr(close + 1), out);
      begin = c + 1;
    }
    return;
  }
  out.push_back(p);
}

bool IsDotSegment(std::string_view s) { return !s.empty() && s.front() == '.'; }

bool SegmentMatch(std::string_view pattern, std::string_view seg) {
  // dot: false: a segment starting with '.' only matches a pattern that starts with '.'.
  if (IsDotSegment(seg) && (pattern.empty() || pattern.front() != '.')) return false;
  return GlobMatch(pattern, seg);
}

/// minimatch's matchOne over '/'-segments.
bool MatchOne(const std::vector<std::string_view>& file, size_t fi,
              const std::vector<std::string>& pat, size_t pi, bool partial) {
  while (fi < file.size() && pi < pat.size()) {
    if (pat[pi] == "**") {
      if (pi + 1 == pat.size()) {
        for (; fi < file.size(); ++fi) {
          if (IsDotSegment(file[fi])) return false;
        }
        return true;
      }
      size_t fr = fi;
      for (; fr < file.size(); ++fr) {
        if (MatchOne(file, fr, pat, pi + 1, partial)) return true;
        if (IsDotSegment(file[fr])) break;
      }
      return partial && fr == file.size();
    }
    if (!SegmentMatch(pat[pi], file[fi])) return false;
    ++fi;
    ++pi;
  }
  if (fi == file.size() && pi == pat.size()) return true;
  if (fi == file.size()) return partial;
  return fi + 1 == file.size() && file[fi].empty();
}

/// Decodes one code point (invalid bytes as U+FFFD).
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = c & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

std::u16string ToUtf16(std::string_view s) {
  std::u16string out;
  size_t i = 0;
  while (i < s.size()) {
    uint32_t cp = NextCodePoint(s, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

/// JS StrWhiteSpaceChar: WhiteSpace and LineTerminator.
bool IsJsSpace(uint32_t cp) {
  switch (cp) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

int CompareSegments(std::string_view a, std::string_view b) {
  D1LeadingNumber na = ParseD1LeadingNumber(a);
  D1LeadingNumber nb = ParseD1LeadingNumber(b);
  bool equal = na.is_number && nb.is_number && na.value == nb.value;  // NaN !== NaN
  if (!equal) {
    if (na.finite && nb.finite) return na.value < nb.value ? -1 : 1;
    if (na.finite) return -1;
    if (nb.finite) return 1;
  }
  return CompareUtf16(a, b);
}

}  // namespace

D1PatternMatcher::D1PatternMatcher(std::string_view dir_relative_pattern) {
  std::vector<std::string> expanded;
  ExpandBraces(std::string(dir_relative_pattern), expanded);
  for (const std::string& p : expanded) {
    std::vector<std::string> segs;
    for (std::string_view s : Split(p, '/')) segs.emplace_back(s);
    // Consecutive '**' segments mean the same as one.
    segs.erase(std::unique(segs.begin(), segs.end(),
                           [](const std::string& x, const std::string& y) {
                             return x == "**" && y == "**";
                           }),
               segs.end());
    alternatives_.push_back(std::move(segs));
  }
}

bool D1PatternMatcher::Match(std::string_view rel, bool partial) const {
  std::vector<std::string_view> file = Split(rel, '/');
  for (const auto& pat : alternatives_) {
    if (MatchOne(file, 0, pat, 0, partial)) return true;
  }
  return false;
}

D1LeadingNumber ParseD1LeadingNumber(std::string_view segment) {
  D1LeadingNumber out;
  std::string_view s = segment.substr(0, std::min(segment.find('_'), segment.size()));
  size_t i = 0;
  while (i < s.size()) {
    size_t next = i;
    if (!IsJsSpace(NextCodePoint(s, next))) break;
    i = next;
  }
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  size_t start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == start) return out;
  std::string digits(s.substr(start, i - start));
  out.is_number = true;
  out.value = std::strtod(digits.c_str(), nullptr);
  if (negative) out.value = -out.value;
  out.finite = std::isfinite(out.value);
  if (out.finite) {
    size_t nz = digits.find_first_not_of('0');
    out.text = nz == std::string::npos ? "0" : digits.substr(nz);
    if (negative && out.text != "0") out.text = "-" + out.text;
  }
  return out;
}

int CompareUtf16(std::string_view a, std::string_view b) {
  std::u16string ua = ToUtf16(a);
  std::u16string ub = ToUtf16(b);
  int c = ua.compare(ub);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int CompareD1MigrationPaths(std::string_view a, std::string_view b) {
  std::vector<std::string_view> as = Split(a, '/');
  std::vector<std::string_view> bs = Split(b, '/');
  size_t shared = std::min(as.size(), bs.size());
  for (size_t i = 0; i < shared; ++i) {
    int c = CompareSegments(as[i], bs[i]);
    if (c != 0) return c;
  }
  if (as.size() == bs.size()) return 0;
  return as.size() < bs.size() ? -1 : 1;
}

D1FileListing ListD1MigrationFiles(const fs::path& root, std::string_view dir_relative_pattern) {
  D1FileListing out;
  D1PatternMatcher matcher(dir_relative_pattern);
  struct Item {
    fs::path abs;
    std::string rel;
  };
  std::vector<Item> stack = {{root, ""}};
  size_t seen = 0;
  while (!stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    std::error_code ec;
    fs::directory_iterator it(item.abs, ec);
    if (ec) continue;  // wrangler: try { readdirSync } catch { continue }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (++seen > kMaxWalkEntries) {
        out.truncated = true;
        stack.clear();
        break;
      }
      std::string name = it->path().filename().string();
      std::string rel = item.rel.empty() ? name : item.rel + "/" + name;
      std::error_code sec;
      fs::file_status st = it->symlink_status(sec);
      if (sec) continue;
      if (fs::is_directory(st)) {
        if (matcher.Match(rel, true)) stack.push_back({it->path(), rel});
      } else if (fs::is_regular_file(st)) {
        if (matcher.Match(rel)) out.names.push_back(rel);
      } else if (fs::is_symlink(st)) {
        if (fs::is_regular_file(it->path(), sec) && matcher.Match(rel)) {
          out.skipped_links.push_back(rel);
        }
      }
    }
  }
  auto less = [](const std::string& x, const std::string& y) {
    return CompareD1MigrationPaths(x, y) < 0;
  };
  std::sort(out.names.begin(), out.names.end(), less);
  std::sort(out.skipped_links.begin(), out.skipped_links.end(), less);
  return out;
}

}  // namespace sse
