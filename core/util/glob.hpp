#pragma once
/// Glob matching of '/'-separated paths: '*' and '?' stay inside one segment, '**' spans
/// segments, '[abc]' / '[!a-z]' classes, '\' escapes. Used by --exclude, schema.toml ignores
/// and .dockerignore.

#include <string_view>

namespace sse {

/// True when the whole `path` matches `pattern`.
bool GlobMatch(std::string_view pattern, std::string_view path);

/// True when `path` or one of its parent folders matches `pattern` (an ignored folder hides
/// everything below it). A pattern "dir/**" also covers the folder "dir" itself.
bool GlobMatchSelfOrParent(std::string_view pattern, std::string_view path);

}  // namespace sse
