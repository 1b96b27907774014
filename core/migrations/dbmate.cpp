// STUB: to be replaced by the real Dbmate reader.
#include "core/migrations/reader.hpp"

namespace sse {
namespace {

class DbmateReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kDbmate; }
  void Probe(const DirView&, DetectContext&, std::vector<Candidate>&) const override {}
  MigrationSet Read(const Candidate& c, const fs::path&) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    return set;
  }
};

}  // namespace

const FormatReader& DbmateReader() {
  static const DbmateReaderImpl kReader;
  return kReader;
}

}  // namespace sse
