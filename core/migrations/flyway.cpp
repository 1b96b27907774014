// STUB: to be replaced by the real Flyway reader.
#include "core/migrations/reader.hpp"

namespace sse {
namespace {

class FlywayReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kFlyway; }
  void Probe(const DirView&, DetectContext&, std::vector<Candidate>&) const override {}
  MigrationSet Read(const Candidate& c, const fs::path&) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    return set;
  }
};

}  // namespace

const FormatReader& FlywayReader() {
  static const FlywayReaderImpl kReader;
  return kReader;
}

}  // namespace sse
