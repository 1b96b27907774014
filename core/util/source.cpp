#include "core/util/source.hpp"

#include <algorithm>

#include "core/util/utf8.hpp"

namespace sse {

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      starts_.push_back(i + 1);
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
    }
  }
}

uint32_t LineIndex::Line(size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<uint32_t>(it - starts_.begin());
}

uint32_t LineIndex::Column(std::string_view text, size_t offset) const {
  size_t start = starts_[Line(offset) - 1];
  offset = std::min(offset, text.size());
  return static_cast<uint32_t>(CountCodePoints(text.substr(start, offset - start)) + 1);
}

size_t LineIndex::LineStart(uint32_t line) const {
  if (line == 0) return 0;
  return starts_[std::min<size_t>(line, starts_.size()) - 1];
}

size_t LineIndex::LineEnd(std::string_view text, uint32_t line) const {
  size_t i = LineStart(line);
  while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
  return i;
}

const LineIndex& SourceFile::lines() const {
  std::call_once(once_, [this] { lines_ = std::make_unique<LineIndex>(content_); });
  return *lines_;
}

SourceLoc SourceLoc::File(std::string path) {
  SourceLoc loc;
  loc.path = std::move(path);
  return loc;
}

SourceLoc SourceLoc::Line(std::string path, uint32_t line, uint32_t column) {
  SourceLoc loc;
  loc.path = std::move(path);
  loc.line = line;
  loc.column = line ? column : 0;
  return loc;
}

SourceLoc SourceLoc::Span(const SourceFile& file, size_t begin, size_t end) {
  const LineIndex& idx = file.lines();
  SourceLoc loc;
  loc.path = file.path();
  loc.line = idx.Line(begin);
  loc.column = idx.Column(file.text(), begin);
  if (end > begin) {
    loc.end_line = idx.Line(end);
    loc.end_column = idx.Column(file.text(), end);
  }
  return loc;
}

}  // namespace sse
