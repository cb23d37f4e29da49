#pragma once
// A model run once from its prior, to find what a static check cannot: shapes that do not
// broadcast, parameters outside their domain, data of the wrong kind. `kiln check --data` runs it
// after binding the data.

#include <cstdint>
#include <optional>

#include "core/lang/diagnostic.h"
#include "core/lang/source.h"
#include "core/poutine/model.h"

namespace kiln::lang {

// Runs `model` (a model of the file `source`, with its data bound) once under a trace, with the
// thread's random stream seeded by `seed` and a parameter store of its own; a latent site with an
// improper density takes a uniform initial value (infer::init_to_sample_or_uniform). An error
// becomes an error Diagnostic at the innermost line of that file in the model's traceback; its
// message is the error's, with the traceback and, for a ShapeError, the table of site shapes so
// far. nullopt when the run succeeds.
std::optional<Diagnostic> trial_run(const Source& source, const poutine::Model& model,
                                    uint64_t seed = 1);

} // namespace kiln::lang
