#pragma once
// infer_discrete (Pyro's pyro.infer.discrete): draws of the enumerated discrete sites of a
// density given its continuous sites, so that MCMC, which samples only the continuous ones,
// can record the discrete ones too. The sites are drawn one at a time in the model's order,
// each from its conditional given the continuous values and the sites drawn before it, with
// the sites after it summed out (contract_to_site): an exact draw from the joint conditional.
// Each site costs one run of the model, so a chain of T sites costs T runs (Pyro's
// forward-filter backward-sample takes one).

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include "core/infer/model_density.h"
#include "core/poutine/model.h"

namespace kiln::infer {

// The value of each of density.enumerated_names() given the continuous point `flat`, shaped as
// the site's batch and event shape in its plates. temperature 1 draws from the conditional
// (with `gen`), temperature 0 takes its most probable value site by site (the mode of each
// conditional, not the joint MAP). Other temperatures are a DomainError; sites whose elements
// are coupled outside their plates a NotSupportedError.
poutine::ValueMap infer_discrete(const ModelDensity& density, const at::Tensor& flat,
                                 int temperature, at::Generator gen);

} // namespace kiln::infer
