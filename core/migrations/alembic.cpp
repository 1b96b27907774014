// STUB: to be replaced by the real Alembic reader.
#include "core/migrations/reader.hpp"

namespace sse {
namespace {

class AlembicReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kAlembic; }
  void Probe(const DirView&, DetectContext&, std::vector<Candidate>&) const override {}
  MigrationSet Read(const Candidate& c, const fs::path&) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    return set;
  }
};

}  // namespace

const FormatReader& AlembicReader() {
  static const AlembicReaderImpl kReader;
  return kReader;
}

}  // namespace sse
