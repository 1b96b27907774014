#pragma once
/// Small string helpers shared by the readers and renderers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sse {

std::string_view Trim(std::string_view s);
std::string_view TrimLeft(std::string_view s);
std::string_view TrimRight(std::string_view s);
std::vector<std::string_view> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
/// ASCII-only case mapping and classes, inline (SQL keywords and SQLite's own name folding are
/// ASCII; <cctype>'s are out-of-line calls that read the locale, a few percent of an inspection).
constexpr char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
constexpr char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }
constexpr bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }
std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);
bool IEquals(std::string_view a, std::string_view b);
bool IEndsWith(std::string_view s, std::string_view suffix);
bool IStartsWith(std::string_view s, std::string_view prefix);
/// s with every occurrence of `from` replaced by `to`.
std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to);
bool IsDigits(std::string_view s);
/// Leading ASCII digits of s ("0003_x.sql" -> "0003").
std::string_view LeadingDigits(std::string_view s);
/// Parses an unsigned decimal that fits 64 bits.
std::optional<uint64_t> ParseU64(std::string_view s);
/// Compares two digit strings by numeric value, without overflow (leading zeros ignored).
int CompareDigitStrings(std::string_view a, std::string_view b);
/// Quotes a string for messages: 'x' (single quotes, as the tools print ids).
std::string Quote(std::string_view s);
/// Replaces control characters and invalid UTF-8 by escapes so a value is safe to print.
std::string Printable(std::string_view s);

}  // namespace sse
