// STUB: to be replaced by the real PlainSql reader.
#include "core/migrations/reader.hpp"

namespace sse {
namespace {

class PlainSqlReaderImpl final : public FormatReader {
 public:
  Tool tool() const override { return Tool::kSql; }
  void Probe(const DirView&, DetectContext&, std::vector<Candidate>&) const override {}
  MigrationSet Read(const Candidate& c, const fs::path&) const override {
    MigrationSet set;
    set.tool = tool();
    set.root = c.display;
    return set;
  }
};

}  // namespace

const FormatReader& PlainSqlReader() {
  static const PlainSqlReaderImpl kReader;
  return kReader;
}

}  // namespace sse
