#include "tests/support/txtar.hpp"

namespace sse::testing {

namespace {
/// "-- name --" marker: returns the name, or "" when the line is not a marker.
std::string MarkerName(const std::string& line) {
  if (line.size() < 7 || line.compare(0, 3, "-- ") != 0 ||
      line.compare(line.size() - 3, 3, " --") != 0) {
    return "";
  }
  return line.substr(3, line.size() - 6);
}
}  // namespace

Txtar Txtar::Parse(const std::string& text) {
  Txtar t;
  std::string* current = &t.comment;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    size_t next = nl == std::string::npos ? text.size() : nl + 1;
    std::string name = MarkerName(line);
    if (!name.empty()) {
      t.files.push_back({name, ""});
      current = &t.files.back().data;
    } else {
      current->append(text, pos, next - pos);
    }
    pos = next;
  }
  return t;
}

std::string Txtar::Format() const {
  std::string out = comment;
  for (const TxtarFile& f : files) {
    out += "-- " + f.name + " --\n";
    out += f.data;
    if (!f.data.empty() && f.data.back() != '\n') out += '\n';
  }
  return out;
}

const TxtarFile* Txtar::Find(const std::string& name) const {
  for (const TxtarFile& f : files) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

void Txtar::Set(const std::string& name, const std::string& data) {
  for (TxtarFile& f : files) {
    if (f.name == name) {
      f.data = data;
      return;
    }
  }
  files.push_back({name, data});
}

}  // namespace sse::testing
