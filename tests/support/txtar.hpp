#pragma once
/// txtar archives (golang.org/x/tools/txtar): a comment, then files introduced by "-- name --"
/// lines. Scenario tests keep their commands in the comment and their tree and goldens as files.

#include <string>
#include <vector>

namespace sse::testing {

struct TxtarFile {
  std::string name;
  std::string data;
};

struct Txtar {
  std::string comment;
  std::vector<TxtarFile> files;

  static Txtar Parse(const std::string& text);
  std::string Format() const;
  const TxtarFile* Find(const std::string& name) const;
  /// Sets (or adds) a file.
  void Set(const std::string& name, const std::string& data);
};

}  // namespace sse::testing
