#pragma once
// Validation of distribution parameters and of values passed to log_prob, on by default as in
// Pyro. Switching it off (globally, for every thread) trades the checks for speed.

namespace kiln::dist {

void enable_validation(bool enabled);
bool is_validation_enabled();

} // namespace kiln::dist
