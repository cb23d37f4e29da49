#include "core/dist/discrete/probs_logits.h"

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/tensor_util.h"

namespace kiln::dist {

ProbsOrLogits probs_or_logits(const DistArgs& args, const std::string& probs_name,
                              const std::string& logits_name) {
  const bool has_probs = args.has(probs_name), has_logits = args.has(logits_name);
  if (has_probs == has_logits)
    throw Error(args.family + ": exactly one of " + probs_name + " or " + logits_name +
                " must be given");
  if (has_probs)
    return Probs{args.tensor(probs_name)};
  return Logits{args.tensor(logits_name)};
}

at::Tensor clamp_probs(const at::Tensor& probs) {
  const double eps = finfo_eps(probs);
  return probs.clamp(eps, 1 - eps);
}

at::Tensor binary_probs_to_logits(const at::Tensor& probs) {
  auto p = clamp_probs(probs);
  return p.log() - (-p).log1p();
}

at::Tensor probs_to_logits(const at::Tensor& probs) {
  return clamp_probs(probs).log();
}

TensorArg normalized_probs(const TensorArg& probs) {
  const at::Tensor& t = probs.tensor();
  if (!t.defined() || t.dim() == 0)
    return probs; // init_params reports the missing event dim
  const at::Tensor p = t.is_floating_point() ? t : t.to(at::kDouble);
  return TensorArg(p / p.sum(-1, /*keepdim=*/true));
}

} // namespace kiln::dist
