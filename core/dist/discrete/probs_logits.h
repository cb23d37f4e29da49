#pragma once
// What the discrete families share about their probs/logits parameterizations: which of the two
// a caller gave, and torch's conversions between them (torch.distributions.utils).

#include <string>

#include "core/dist/distribution.h"
#include "core/dist/registry.h"

namespace kiln::dist {

// The zero-inflated families' gate (the probability of an extra zero), given as a probability
// or as logits: ZeroInflatedPoisson(rate, Gate{0.2}).
struct Gate {
  TensorArg value;
};
struct GateLogits {
  TensorArg value;
};

// One of probs or logits, as given (Probs{...} or Logits{...}, Gate{...} or GateLogits{...}, or
// a registry call).
struct ProbsOrLogits {
  ProbsOrLogits(Probs p) : value(std::move(p.value)), is_logits(false) {}     // NOLINT: by design
  ProbsOrLogits(Logits l) : value(std::move(l.value)), is_logits(true) {}     // NOLINT
  ProbsOrLogits(Gate g) : value(std::move(g.value)), is_logits(false) {}      // NOLINT
  ProbsOrLogits(GateLogits g) : value(std::move(g.value)), is_logits(true) {} // NOLINT
  TensorArg value;
  bool is_logits;
};

// Picks `probs_name` or `logits_name` from a registry call; throws Error unless exactly one of
// them is present ("Bernoulli: exactly one of probs or logits must be given").
ProbsOrLogits probs_or_logits(const DistArgs& args, const std::string& probs_name = "probs",
                              const std::string& logits_name = "logits");

// probs divided by their sum over the last dim. torch normalizes Categorical, OneHotCategorical
// and Multinomial probs before validating them, so weights that do not sum to 1
// (Categorical(torch.ones(3))) are accepted and a negative weight is still an error.
TensorArg normalized_probs(const TensorArg& probs);

// Clamps probabilities into [eps, 1 - eps] so that their logits stay finite (torch's
// clamp_probs).
at::Tensor clamp_probs(const at::Tensor& probs);
// log(p) - log1p(-p) of the clamped probability: the logit of a binary event.
at::Tensor binary_probs_to_logits(const at::Tensor& probs);
// log(p) of the clamped probabilities of a categorical event.
at::Tensor probs_to_logits(const at::Tensor& probs);

} // namespace kiln::dist
