#include "core/poutine/handlers/lift.h"

namespace kiln::poutine {

void LiftHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Param)
    return;
  auto it = priors_.find(msg.name);
  dist::DistPtr prior = it != priors_.end() ? it->second : default_;
  if (!prior)
    return;
  msg.type = SiteType::Sample;
  msg.fn = prior;
  msg.is_observed = false;
  msg.init = nullptr;
  msg.constraint = nullptr;
  msg.event_dim.reset();
}

Model lift(Model model, std::map<std::string, dist::DistPtr> priors, dist::DistPtr default_prior) {
  return with_handler<LiftHandler>(std::move(model), priors, default_prior);
}

} // namespace kiln::poutine
