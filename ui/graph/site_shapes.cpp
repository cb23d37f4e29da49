#include "ui/graph/site_shapes.h"

#include <exception>
#include <memory>

#include <c10/util/Exception.h>

#include "core/infer/initialization.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/runtime.h"
#include "core/util/random.h"

namespace kiln::ui {

namespace {

std::vector<int64_t> dims(at::IntArrayRef sizes) {
  return {sizes.begin(), sizes.end()};
}

SiteShape shape_of(const poutine::Site& site) {
  SiteShape shape;
  if (site.value.defined())
    shape.value_shape = dims(site.value.sizes());
  if (site.type == poutine::SiteType::Sample && site.fn) {
    shape.has_distribution = true;
    shape.batch_shape = dims(site.fn->batch_shape());
    shape.event_shape = dims(site.fn->event_shape());
    shape.support = site.fn->support()->repr();
  } else if (site.type == poutine::SiteType::Param && site.constraint) {
    shape.support = site.constraint->repr();
  }
  return shape;
}

} // namespace

SiteShapes site_shapes(const poutine::Model& model, uint64_t seed) {
  SiteShapes result;
  poutine::ParamStoreScope params(std::make_shared<poutine::ParamStore>());
  manual_seed(seed);
  poutine::TraceHandler tracer;
  try {
    poutine::HandlerScope scope(tracer);
    infer::init_to(model, infer::init_to_sample_or_uniform())();
  } catch (const std::exception& e) {
    const auto* c10 = dynamic_cast<const c10::Error*>(&e);
    result.error = c10 ? c10->what_without_backtrace() : e.what();
    return result;
  }
  for (const poutine::Site& site : tracer.trace().sites())
    if (site.type == poutine::SiteType::Sample || site.type == poutine::SiteType::Param ||
        site.type == poutine::SiteType::Deterministic)
      result.sites[site.name] = shape_of(site);
  return result;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

} // namespace kiln::ui
