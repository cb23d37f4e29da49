#pragma once
// poutine.lift: turns param sites into sample sites drawn from a prior: by name from a map,
// or from one distribution for every param not in the map.

#include <map>
#include <string>

#include "core/dist/distribution.h"
#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

class LiftHandler : public Handler {
public:
  explicit LiftHandler(std::map<std::string, dist::DistPtr> priors,
                       dist::DistPtr default_prior = nullptr)
      : priors_(std::move(priors)), default_(std::move(default_prior)) {}
  void process_message(Message& msg) override;

private:
  std::map<std::string, dist::DistPtr> priors_;
  dist::DistPtr default_;
};

Model lift(Model model, std::map<std::string, dist::DistPtr> priors,
           dist::DistPtr default_prior = nullptr);

} // namespace kiln::poutine
