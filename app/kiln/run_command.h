#pragma once
// `kiln run MODEL.py --data D --algo nuts|hmc --chains 4 --warmup 1000 --draws 1000 --seed 1
// --out DIR`: MCMC on the model's posterior with live progress on stderr, the summary table and
// warnings in plain words on stdout, one CmdStan CSV per chain and summary.csv in DIR, and with
// --json one JSON object instead of the table. Ctrl-C stops between iterations and still writes
// what was drawn (exit status 130).

#include "app/kiln/command.h"

namespace kiln::cli {

Command run_command();

} // namespace kiln::cli
