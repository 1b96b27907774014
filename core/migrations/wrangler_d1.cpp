// STUB: to be replaced by the real D1 reader.
#include "core/migrations/reader.hpp"

namespace sse {
namespace {

class D1ReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kD1; }
  void Probe(const DirView&, DetectContext&, std::vector<Candidate>&) const override {}
  MigrationSet Read(const Candidate& c, const fs::path&) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    return set;
  }
};

}  // namespace

const FormatReader& D1Reader() {
  static const D1ReaderImpl kReader;
  return kReader;
}

}  // namespace sse
