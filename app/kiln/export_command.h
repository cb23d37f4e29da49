#pragma once
// `kiln export RUN --format cmdstan-csv|json|summary-csv|long-csv --out DIR`: a stored run in
// the files other tools read (CmdStan's chain CSVs, ArviZ's from_dict JSON, the summary CSV,
// one long CSV of all chains).

#include "app/kiln/command.h"

namespace kiln::cli {

Command export_command();

} // namespace kiln::cli
