// STUB: to be replaced by the real Drizzle reader.
#include "core/migrations/reader.hpp"

namespace sse {
namespace {

class DrizzleReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kDrizzle; }
  void Probe(const DirView&, DetectContext&, std::vector<Candidate>&) const override {}
  MigrationSet Read(const Candidate& c, const fs::path&) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    return set;
  }
};

}  // namespace

const FormatReader& DrizzleReader() {
  static const DrizzleReaderImpl kReader;
  return kReader;
}

}  // namespace sse
