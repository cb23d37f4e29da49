#pragma once
// The sum-product contraction behind enumeration under MCMC (Pyro's contract_tensor_tree and
// TraceEinsumEvaluator, written afresh). A model run under poutine.enum leaves one log-density
// tensor per sample site whose dims are named: enumeration dims by the id of the enumerated
// site they stand for (a dim recycled by markov names different sites at different places),
// plate dims by their plate. The marginal log joint sums each enumerated site out (logsumexp)
// and takes the product over each plate (a sum of logs), each where the tree of plates says:
// a site's dim is summed out in the innermost plate context shared by every factor that uses
// it, after the plates only some of them sit in have been multiplied out. Within one plate
// context the dims are eliminated one at a time, smallest intermediate first, so a markov chain
// is contracted step by step rather than as one K^T table.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/poutine/message.h"

namespace kiln::infer {

// One log-density factor with its dims named. `dims[i]` names tensor dim i: an enumerated
// site's id (>= 0) or a plate (-1 - its index in the plate list the contraction is given).
struct LogFactor {
  at::Tensor log_prob;
  std::vector<int64_t> dims;
  // The plates the factor sits in (plate symbols, negative): its place in the tree.
  std::set<int64_t> plates;
};

// The named factor of a site's log density `log_prob` (already scaled and masked): batch dims
// listed in `dim_to_id` (poutine::enum_dim_to_id of the site's infer dict) are enumeration
// dims, the dims of the site's vectorized plates are plate dims (their names are appended to
// `plate_names` when new, and their sizes to `plate_sizes`), other dims of size > 1 belong to
// the site alone (a batch its density does not share with any enumerated site) and are summed
// over at once; size-1 dims are dropped.
LogFactor make_log_factor(const std::string& site, const at::Tensor& log_prob,
                          const std::vector<poutine::CondIndepFrame>& frames,
                          const std::map<int64_t, int64_t>& dim_to_id,
                          std::vector<std::string>& plate_names, std::vector<int64_t>& plate_sizes);

// The log of the sum over every enumerated value of the product of the factors' densities
// over every plate: a scalar tensor, differentiable by autograd. `plate_sizes[k]` is the size
// of plate -1 - k, for a factor that sits in a plate without carrying its dim. Enumerated
// sites whose factors sit in plates that do not nest (a dim shared by factors in two crossing
// plates) are a NotSupportedError.
at::Tensor contract_log_factors(std::vector<LogFactor> factors,
                                const std::vector<int64_t>& plate_sizes);

// The contraction as a tree (Pyro's contract_tensor_tree), for TraceEnum_ELBO: each term is
// left in the plate context where its last enumerated site is summed out, as one term per
// element of those plates (its `plates` say which, and its dims keep the plates it varies
// along), instead of being multiplied out to one scalar. The ids in `kept` (the guide's
// enumerated sites, mapped to the plates they sit in) are not summed: the terms keep their
// dims, for the ELBO to weigh by the guide's probabilities. A kept site inside a plate that a
// model-enumerated site outside it would have to be summed across is a NotSupportedError (model
// enumeration must be no more global than guide enumeration).
std::vector<LogFactor> contract_log_factor_tree(std::vector<LogFactor> factors,
                                                const std::vector<int64_t>& plate_sizes,
                                                const std::map<int64_t, std::set<int64_t>>& kept);

// The log of the conditional density of enumerated site `site` (an id) given the values of
// every site not in `factors`' enumeration dims, up to a constant: a factor over the site's dim
// and the plates in `site_plates` (the plates it sits in) that it varies along, each plate
// element independent of the others. The sites enumerated besides it are summed out. A site
// coupled to it outside its plates (an outer site that depends on it, or a later outer site
// it depends on) is a NotSupportedError: its elements would have to be drawn jointly.
LogFactor contract_to_site(std::vector<LogFactor> factors, const std::vector<int64_t>& plate_sizes,
                           int64_t site, const std::set<int64_t>& site_plates);

} // namespace kiln::infer
