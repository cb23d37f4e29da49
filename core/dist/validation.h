#pragma once
// Validation of distribution parameters and of values passed to log_prob, on by default as in
// Pyro. Switching it off trades the checks for speed: globally (every thread), or on one thread
// for a while with ValidationScope (a sampler's potential after its first evaluation).

namespace kiln::dist {

void enable_validation(bool enabled);
// The calling thread's setting: its innermost ValidationScope's, else the global one.
bool is_validation_enabled();

// Sets validation on the calling thread until destroyed, whatever the global setting; the
// previous thread setting comes back afterwards, so scopes nest.
class ValidationScope {
public:
  explicit ValidationScope(bool enabled);
  ~ValidationScope();
  ValidationScope(const ValidationScope&) = delete;
  ValidationScope& operator=(const ValidationScope&) = delete;

private:
  int previous_; // -1: no override
};

} // namespace kiln::dist
