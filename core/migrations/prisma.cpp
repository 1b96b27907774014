// STUB: to be replaced by the real Prisma reader.
#include "core/migrations/reader.hpp"

namespace sse {
namespace {

class PrismaReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kPrisma; }
  void Probe(const DirView&, DetectContext&, std::vector<Candidate>&) const override {}
  MigrationSet Read(const Candidate& c, const fs::path&) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    return set;
  }
};

}  // namespace

const FormatReader& PrismaReader() {
  static const PrismaReaderImpl kReader;
  return kReader;
}

}  // namespace sse
