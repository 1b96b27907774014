#include "tests/support/temp_dir.hpp"

#include <stdlib.h>

#include <fstream>
#include <stdexcept>

namespace sse::testing {

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "sse-test-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

fs::path TempDir::Write(std::string_view rel, std::string_view content) const {
  fs::path p = path_ / fs::path(rel);
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
  return p;
}

fs::path TempDir::Mkdir(std::string_view rel) const {
  fs::path p = path_ / fs::path(rel);
  fs::create_directories(p);
  return p;
}

fs::path CorporaDir() { return fs::path(SSE_CORPORA_DIR); }
fs::path SourceDir() { return fs::path(SSE_SOURCE_DIR); }

}  // namespace sse::testing
