// SCH013 checksum-mismatch: a file edited (or removed) after it was locked in schema.sum.

#include <fmt/format.h>

#include "core/lint/rules/rule_util.hpp"
#include "core/migrations/sum_file.hpp"

namespace sse {

void CheckChecksumMismatch(const LintContext& ctx, std::vector<Finding>& out) {
  for (const fs::path& sum_path : ctx.sum_files) {
    std::string display = DisplayPath(ctx.cwd, sum_path);
    auto file = ReadSourceFile(sum_path, display);
    if (!file.ok()) {
      out.push_back(MakeFinding("SCH013", file.error().message, SourceLoc::File(display),
                                "run schema lock to write it again"));
      continue;
    }
    auto sum = ParseSumFile(**file);
    if (!sum.ok()) {
      out.push_back(MakeFinding("SCH013", "schema.sum is malformed: " + sum.error().message,
                                sum.error().loc, "run schema lock to write it again"));
      continue;
    }
    if (!sum->header_matches) {
      out.push_back(MakeFinding(
          "SCH013", "schema.sum was edited by hand: its sum line does not match its entries",
          SourceLoc::Line(display, 1), "run schema lock to write it again"));
    }
    fs::path dir = sum_path.parent_path();
    std::string prev;
    for (const SumEntry& e : sum->entries) {
      SourceLoc sum_loc = SourceLoc::Line(display, e.line);
      std::string file_display = DisplayPath(ctx.cwd, dir / e.path);
      auto bytes = ReadFileBytes(dir / e.path);
      if (!bytes.ok()) {
        out.push_back(MakeFinding(
            "SCH013",
            fmt::format(
                "{} is locked in schema.sum but is gone (deleted or renamed after it was locked)",
                file_display),
            sum_loc, "restore the file; if it was never applied anywhere, run schema lock again"));
      } else if (SumChainHash(prev, e.path, *bytes) != e.hash) {
        out.push_back(MakeFinding(
            "SCH013",
            fmt::format("{} was edited after it was locked; databases that already applied it will "
                        "not run the new text",
                        file_display),
            SourceLoc::Line(file_display, 1),
            "revert the edit and put the change in a new migration (or run schema lock if it was "
            "never applied)",
            {{sum_loc, "locked hash"}}));
      }
      prev = e.hash;
    }
  }
}

}  // namespace sse
