#pragma once
/// Source files held in memory and locations inside them. A location is a byte span; line and
/// column are derived from a LineIndex, built lazily and only for files that have findings.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sse {

/// Byte offsets of line starts; maps an offset to a 1-based line and column.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  /// 1-based line of a byte offset (offsets past the end map to the last line).
  uint32_t Line(size_t offset) const;
  /// 1-based column in Unicode code points of a byte offset on its line.
  uint32_t Column(std::string_view text, size_t offset) const;
  /// Byte offset of the start of a 1-based line (clamped).
  size_t LineStart(uint32_t line) const;
  /// Byte offset just past the end of a 1-based line's text (before its terminator).
  size_t LineEnd(std::string_view text, uint32_t line) const;
  uint32_t LineCount() const { return static_cast<uint32_t>(starts_.size()); }

 private:
  std::vector<size_t> starts_;
};

/// A file read into memory. `path` is the display path (relative to the working directory when
/// the file is under it), usable to open the file from the working directory.
class SourceFile {
 public:
  SourceFile(std::string path, std::string content)
      : path_(std::move(path)), content_(std::move(content)) {}
  const std::string& path() const { return path_; }
  const std::string& content() const { return content_; }
  std::string_view text() const { return content_; }
  /// Built on first use; thread-safe.
  const LineIndex& lines() const;

 private:
  std::string path_;
  std::string content_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<LineIndex> lines_;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

/// A place in a file. line == 0 means "the file as a whole" (no line known).
struct SourceLoc {
  std::string path;
  uint32_t line = 0;    ///< 1-based, 0 = unknown
  uint32_t column = 0;  ///< 1-based code points, 0 = unknown
  uint32_t end_line = 0;
  uint32_t end_column = 0;

  /// The whole file, no line.
  static SourceLoc File(std::string path);
  /// A line (and optional column) given directly, e.g. from a TOML parser.
  static SourceLoc Line(std::string path, uint32_t line, uint32_t column = 1);
  /// A byte span of a file, converted to line/column through the file's LineIndex.
  static SourceLoc Span(const SourceFile& file, size_t begin, size_t end);
  static SourceLoc At(const SourceFile& file, size_t offset) { return Span(file, offset, offset); }

  bool operator==(const SourceLoc&) const = default;
};

}  // namespace sse
