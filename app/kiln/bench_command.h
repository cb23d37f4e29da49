#pragma once
// `kiln bench [--only M1,M2] [--json] [--data-dir DIR]`: the MCMC workloads of the benchmark
// suite, through bench/bench_suite.h (the same code as the kiln_bench program).

#include "app/kiln/command.h"

namespace kiln::cli {

Command bench_command();

} // namespace kiln::cli
