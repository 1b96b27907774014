#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>

#include "cli/run.hpp"

namespace {

/// The process is short-lived and allocation-heavy (a 2,000-table catalog is a few hundred
/// thousand small strings), so the heap is set up for that before anything runs:
///  - the heap grows in 256 MiB steps and is never trimmed (address space, not memory: pages are
///    only backed when touched, and the process exits soon);
///  - that range is madvise'd for transparent huge pages (the kernel's default mode "madvise" backs
///    it with 2 MiB pages): a fault per 2 MiB instead of per 4 KiB.
/// Other threads keep their own arenas (one arena made the threads that parse in parallel wait on
/// its lock). Measured: `schema snapshot` of a 2,000-table SQLite file 125 -> 100 ms
/// (docs/benchmarks.md). SSE_PLAIN_MALLOC=1 keeps glibc's defaults (for comparison).
void PrepareHeap() {
  if (std::getenv("SSE_PLAIN_MALLOC")) return;
  constexpr size_t kStep = size_t{256} << 20;
  constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
  mallopt(M_TOP_PAD, static_cast<int>(kStep));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kStep));
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // big buffers (file texts) from the same heap
  void* probe = std::malloc(1 << 20);   // grows the heap by one step now
  if (!probe) return;
  uintptr_t begin = (reinterpret_cast<uintptr_t>(probe) + kHugePage - 1) & ~(kHugePage - 1);
  uintptr_t end = reinterpret_cast<uintptr_t>(sbrk(0)) & ~(kHugePage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  std::free(probe);
}

}  // namespace

int main(int argc, char** argv) {
  PrepareHeap();
  return sse::cli::Run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr,
                       sse::cli::RunEnv::FromProcess());
}
