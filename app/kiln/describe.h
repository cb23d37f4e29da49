#pragma once
// A distribution described for a person: its shapes and support, closed-form moments next to
// those of a sample, quantiles, and a text histogram.

#include <cstdint>
#include <ostream>

#include "core/dist/distribution.h"

namespace kiln::cli {

void describe(std::ostream& out, const dist::Distribution& d, int64_t num_samples);

} // namespace kiln::cli
