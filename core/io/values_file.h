#pragma once
// Values of a model's sites, as `kiln logprob --values V.json` reads them: a JSON object whose
// names are site names and whose values are numbers or (nested, rectangular) lists of numbers.
// A number becomes a scalar tensor, a list a tensor as torch.tensor makes it (int64 when every
// entry is an integer, else float64).

#include <string>

#include "core/poutine/model.h"

namespace kiln::io {

// An unreadable file, malformed JSON, or an entry that is not a number or a list of numbers is
// a kiln::Error naming the file and the entry.
poutine::ValueMap load_site_values(const std::string& path);

} // namespace kiln::io
