// Runs the workloads of ../shared/BENCHMARKS.md (M1, M2: ESS/s; S1, S2, S3, S3-seq, B1: SVI
// steps/s) and prints their results; the same as
// `kiln bench`. See bench/bench_suite.h.
//
//   kiln_bench [--only M1,S1,...] [--json] [--data-dir DIR] [--no-compile] [--quick]

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

#include "bench/bench_suite.h"
#include "core/util/allocator.h"

int main(int argc, char** argv) {
  kiln::keep_large_allocations();
  kiln::bench::BenchOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") {
      options.json = true;
    } else if (arg == "--quick") {
      options.quick = true;
    } else if (arg == "--no-compile") {
      options.compile = false;
    } else if ((arg == "--only" || arg == "--data-dir") && i + 1 < argc) {
      const std::string value = argv[++i];
      if (arg == "--data-dir") {
        options.data_dir = value;
        continue;
      }
      size_t start = 0;
      while (start <= value.size()) {
        const size_t comma = std::min(value.find(',', start), value.size());
        if (comma > start)
          options.only.push_back(value.substr(start, comma - start));
        start = comma + 1;
      }
    } else {
      std::fprintf(stderr, "usage: kiln_bench [--only M1,S1,...] [--json] [--data-dir DIR] "
                           "[--no-compile] [--quick]\n");
      return 2;
    }
  }
  try {
    return kiln::bench::run_bench(options, std::cout);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
