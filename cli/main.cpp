#include <iostream>

#include "cli/run.hpp"

int main(int argc, char** argv) {
  return sse::cli::Run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr,
                       sse::cli::RunEnv::FromProcess());
}
