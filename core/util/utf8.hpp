#pragma once
/// UTF-8 helpers: validation with the offset of the first bad byte, BOM detection, code points.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sse {

/// Byte offset of the first invalid UTF-8 sequence, or nullopt when the text is valid UTF-8.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

/// True when the text starts with the UTF-8 byte-order mark EF BB BF.
inline bool HasUtf8Bom(std::string_view text) {
  return text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
         static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF;
}

/// Appends the UTF-8 encoding of a code point (values past U+10FFFF become U+FFFD).
void AppendUtf8(std::string& out, uint32_t cp);

/// Number of code points (continuation bytes are not counted; invalid bytes count as one each).
size_t CountCodePoints(std::string_view text);

}  // namespace sse
