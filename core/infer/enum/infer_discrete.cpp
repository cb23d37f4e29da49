#include "core/infer/enum/infer_discrete.h"

#include <algorithm>
#include <map>

#include <ATen/ATen.h>

#include "core/infer/enum/contraction.h"
#include "core/poutine/handler.h"
#include "core/poutine/handlers/enum_handler.h"
#include "core/poutine/handlers/infer_config.h"
#include "core/poutine/handlers/substitute.h"
#include "core/poutine/trace.h"
#include "core/util/error.h"

namespace kiln::infer {

namespace {

// Runs the model under enumeration, collecting every sample site's named log density and what
// the site to draw looks like there.
class FactorCollector : public poutine::Handler {
public:
  explicit FactorCollector(std::string target) : target_(std::move(target)) {}

  void postprocess_message(poutine::Message& msg) override {
    if (msg.type != poutine::SiteType::Sample)
      return;
    const std::map<int64_t, int64_t> dim_to_id = poutine::enum_dim_to_id(msg.infer);
    factors.push_back(make_log_factor(
        msg.name, poutine::scale_and_mask(msg.fn->log_prob(msg.value), msg.scale, msg.mask),
        msg.cond_indep_stack, dim_to_id, plate_names, plate_sizes));
    if (msg.name != target_)
      return;
    found = true;
    fn = msg.fn;
    frames = msg.cond_indep_stack;
    id = dim_to_id.at(poutine::infer_int(msg.infer, "_enumerate_dim"));
    site_plates = factors.back().plates;
  }

  std::vector<LogFactor> factors;
  std::vector<std::string> plate_names;
  std::vector<int64_t> plate_sizes;
  bool found = false;
  dist::DistPtr fn;
  std::vector<poutine::CondIndepFrame> frames;
  int64_t id = -1;
  std::set<int64_t> site_plates;

private:
  std::string target_;
};

// The index of the value to take at each element of the site's plates: a tensor over the
// conditional's plate dims, laid out in the plates' batch dims.
at::Tensor choose(const LogFactor& conditional, const FactorCollector& c, int temperature,
                  at::Generator& gen) {
  // Site dim last, then plate dims from the leftmost batch dim to the rightmost.
  std::vector<int64_t> plates;
  for (int64_t name : conditional.dims)
    if (name < 0)
      plates.push_back(name);
  auto batch_dim = [&](int64_t plate) {
    const std::string& name = c.plate_names[static_cast<size_t>(-1 - plate)];
    for (const poutine::CondIndepFrame& f : c.frames)
      if (f.name == name)
        return *f.dim;
    throw Error("infer_discrete: plate '" + name + "' is not among the site's plates");
  };
  std::sort(plates.begin(), plates.end(),
            [&](int64_t a, int64_t b) { return batch_dim(a) < batch_dim(b); });
  std::vector<int64_t> order;
  for (int64_t name : plates)
    order.push_back(std::find(conditional.dims.begin(), conditional.dims.end(), name) -
                    conditional.dims.begin());
  order.push_back(std::find(conditional.dims.begin(), conditional.dims.end(), c.id) -
                  conditional.dims.begin());
  const at::Tensor logits = conditional.log_prob.permute(order);
  const int64_t k = logits.size(-1);
  at::Tensor index;
  if (temperature == 0) {
    index = logits.argmax(-1);
  } else {
    const at::Tensor probs = at::softmax(logits.reshape({-1, k}), -1);
    index = at::multinomial(probs, 1, /*replacement=*/true, gen)
                .reshape(logits.sizes().slice(0, logits.dim() - 1));
  }
  // Into the site's batch layout: size-1 dims where the conditional does not vary.
  int64_t rank = 0;
  for (const poutine::CondIndepFrame& f : c.frames)
    if (f.vectorized())
      rank = std::max(rank, -*f.dim);
  std::vector<int64_t> shape(static_cast<size_t>(rank), 1), full(static_cast<size_t>(rank), 1);
  for (int64_t plate : plates)
    shape[static_cast<size_t>(rank + batch_dim(plate))] =
        c.plate_sizes[static_cast<size_t>(-1 - plate)];
  for (const poutine::CondIndepFrame& f : c.frames)
    if (f.vectorized())
      full[static_cast<size_t>(rank + *f.dim)] = f.size;
  return index.reshape(shape).expand(full);
}

} // namespace

poutine::ValueMap infer_discrete(const ModelDensity& density, const at::Tensor& flat,
                                 int temperature, at::Generator gen) {
  if (temperature != 0 && temperature != 1)
    throw DomainError("infer_discrete: temperature is " + std::to_string(temperature) +
                      ", but must be 1 (draw) or 0 (most probable value)");
  at::NoGradGuard no_grad;
  poutine::ValueMap values = density.constrain(flat);
  for (const auto& [name, value] : density.plate_subsamples())
    values[name] = value;
  poutine::ValueMap draws;
  for (const std::string& name : density.enumerated_names()) {
    const poutine::Model model =
        poutine::enum_(poutine::config_enumerate(poutine::substitute(density.model(), values)),
                       -1 - density.max_plate_nesting());
    FactorCollector collector(name);
    {
      poutine::HandlerScope scope(collector);
      model();
    }
    if (!collector.found)
      throw Error("infer_discrete: the model did not reach enumerated site '" + name + "'");
    const LogFactor conditional = contract_to_site(
        std::move(collector.factors), collector.plate_sizes, collector.id, collector.site_plates);
    const at::Tensor index = choose(conditional, collector, temperature, gen);
    const at::Tensor support = collector.fn->enumerate_support(/*expand=*/false);
    std::vector<int64_t> flat_shape = {support.size(0)};
    for (int64_t s : collector.fn->event_shape())
      flat_shape.push_back(s);
    const at::Tensor value = support.reshape(flat_shape).index({index});
    values[name] = value;
    draws[name] = value;
  }
  return draws;
}

} // namespace kiln::infer
