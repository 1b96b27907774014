#include "core/migrations/sum_file.hpp"

#include <fmt/format.h>

#include "core/util/hash.hpp"
#include "core/util/strings.hpp"

namespace sse {

std::string SumChainHash(std::string_view previous_hash, std::string_view path,
                         std::string_view bytes) {
  Sha256Hasher h;
  h.Update(previous_hash);
  h.Update("\n");
  h.Update(path);
  h.Update("\n");
  // CRLF counts as LF: hash the runs between '\r\n' pairs with a '\n' for each pair.
  size_t start = 0;
  for (size_t i = bytes.find("\r\n"); i != std::string_view::npos; i = bytes.find("\r\n", start)) {
    h.Update(bytes.substr(start, i - start));
    h.Update("\n");
    start = i + 2;
  }
  h.Update(bytes.substr(start));
  return "h1:" + Base64(h.Final());
}

std::string RenderSumFile(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string body;
  std::string prev;
  for (const auto& [path, bytes] : files) {
    std::string hash = SumChainHash(prev, path, bytes);
    body += path;
    body += ' ';
    body += hash;
    body += '\n';
    prev = hash;
  }
  return "h1:" + Base64(Sha256(body)) + "\n" + body;
}

Result<SumFile> ParseSumFile(const SourceFile& file) {
  SumFile out;
  std::string_view text = file.text();
  size_t first_nl = text.find('\n');
  std::string_view header = Trim(text.substr(0, first_nl));
  if (header.rfind("h1:", 0) != 0) {
    return Error(ErrorCode::kParse, "schema.sum must start with an h1: sum line",
                 SourceLoc::Line(file.path(), 1));
  }
  out.header = std::string(header);
  std::string body;
  uint32_t line = 1;
  size_t pos = first_nl == std::string_view::npos ? text.size() : first_nl + 1;
  while (pos < text.size()) {
    ++line;
    size_t nl = text.find('\n', pos);
    std::string_view raw =
        text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view l = TrimRight(raw);  // tolerate CRLF checkouts
    if (l.empty()) continue;
    size_t sp = l.rfind(' ');
    if (sp == std::string_view::npos || l.substr(sp + 1).rfind("h1:", 0) != 0) {
      return Error(ErrorCode::kParse, "expected '<path> h1:<hash>'",
                   SourceLoc::Line(file.path(), line));
    }
    out.entries.push_back({std::string(l.substr(0, sp)), std::string(l.substr(sp + 1)), line});
    body += l;
    body += '\n';
  }
  out.header_matches = out.header == "h1:" + Base64(Sha256(body));
  return out;
}

}  // namespace sse
