#pragma once
// The summary as text (what `kiln run` prints) and as CSV (summary.csv).

#include <string>

#include "core/diagnostics/summary.h"

namespace kiln::diagnostics {

// Aligned columns under a header, rounded as az.summary rounds: 3 decimals, 2 for r_hat,
// whole numbers for the ESS; nan where a value is missing.
std::string format_summary_text(const Summary& summary);

// A header row (an empty first field, then the columns, as pandas writes az.summary) and one
// row per scalar, values at full precision (shortest round-trip form), NaN / Inf / -Inf for
// non-finite values, names quoted where they hold a comma. pandas.read_csv(path, index_col=0)
// reads it back as ArviZ's table.
std::string format_summary_csv(const Summary& summary);

} // namespace kiln::diagnostics
