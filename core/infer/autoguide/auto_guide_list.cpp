#include "core/infer/autoguide/auto_guide_list.h"

#include "core/util/error.h"

namespace kiln::infer::autoguide {

AutoGuideList::AutoGuideList(poutine::Model model)
    : AutoGuide(std::move(model), "AutoGuideList", init_to_sample()) {}

void AutoGuideList::append(AutoGuidePtr part) {
  if (!part)
    throw Error(name() + ".append: no guide given");
  if (part.get() == this)
    throw Error(name() + ".append: a list cannot be its own part");
  if (part->master_)
    throw Error(name() + ".append: " + part->name() + " is already a part of a list");
  if (part->is_setup())
    throw Error(name() + ".append: " + part->name() +
                " has already been called; append guides before their first call");
  part->master_ = this;
  part->name_ = name() + "." + std::to_string(parts_.size());
  parts_.push_back(std::move(part));
}

void AutoGuideList::check_part(const AutoGuide& part) {
  setup();
  for (const auto& site : part.prototype_sites()) {
    const PrototypeSite* mine = nullptr;
    for (const auto& s : prototype_sites())
      if (s.name == site.name)
        mine = &s;
    if (!mine)
      throw Error(part.name() + ": site '" + site.name + "' is not a latent site of " + name() +
                  "'s model");
    if (site.fn->batch_shape() != mine->fn->batch_shape() ||
        site.fn->event_shape() != mine->fn->event_shape() ||
        site.value.sizes() != mine->value.sizes())
      throw ShapeError(part.name() + ": site '" + site.name + "' has value shape " +
                       format_shape(to_shape(site.value.sizes())) + " in the part's model but " +
                       format_shape(to_shape(mine->value.sizes())) + " in " + name() + "'s");
    auto it = covered_by_.find(site.name);
    if (it != covered_by_.end() && it->second != part.name())
      throw Error(name() + ": site '" + site.name + "' is covered by both " + it->second + " and " +
                  part.name() + "; block it out of one of them");
    covered_by_[site.name] = part.name();
  }
}

poutine::ValueMap AutoGuideList::sample_sites() {
  poutine::ValueMap result;
  for (const auto& part : parts_)
    for (auto& [name, value] : (*part)())
      result[name] = value;
  return result;
}

poutine::ValueMap AutoGuideList::median() {
  poutine::ValueMap result;
  for (const auto& part : parts_)
    for (auto& [name, value] : part->median())
      result[name] = value;
  return result;
}

poutine::ValueMap AutoGuideList::quantiles(const std::vector<double>& qs) {
  poutine::ValueMap result;
  for (const auto& part : parts_)
    for (auto& [name, value] : part->quantiles(qs))
      result[name] = value;
  return result;
}

} // namespace kiln::infer::autoguide
