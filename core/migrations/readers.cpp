#include "core/migrations/reader.hpp"

#include <algorithm>

namespace sse {

const DirEntry* DirView::Find(std::string_view name) const {
  if (!entries) return nullptr;
  auto it = std::lower_bound(entries->begin(), entries->end(), name,
                             [](const DirEntry& e, std::string_view n) { return e.name < n; });
  if (it != entries->end() && it->name == name) return &*it;
  return nullptr;
}

bool DirView::HasFile(std::string_view name) const {
  const DirEntry* e = Find(name);
  return e && e->kind == DirEntry::Kind::kFile;
}

bool DirView::HasDir(std::string_view name) const {
  const DirEntry* e = Find(name);
  return e && e->kind == DirEntry::Kind::kDir;
}

Candidate FolderCandidate(Tool tool, const DirView& dir, Evidence evidence) {
  Candidate c;
  c.tool = tool;
  c.dir = dir.path;
  c.display = dir.display;
  c.evidence = evidence;
  return c;
}

const std::vector<const FormatReader*>& AllReaders() {
  static const std::vector<const FormatReader*> kReaders = {
      &AlembicReader(), &DrizzleReader(),       &PrismaReader(), &D1Reader(),
      &FlywayReader(),  &GolangMigrateReader(), &DbmateReader(), &PlainSqlReader()};
  return kReaders;
}

const FormatReader& ReaderFor(Tool tool) {
  for (const FormatReader* r : AllReaders()) {
    if (r->tool() == tool) return *r;
  }
  SSE_ASSERT(false);
  return *AllReaders().front();
}

}  // namespace sse
