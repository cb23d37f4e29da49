#pragma once
// A record of one run of a model: its sites in execution order (Pyro's Trace).

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/poutine/message.h"

namespace kiln::poutine {

// A site as the trace recorded it, with log densities once compute_log_prob has run.
struct Site : Message {
  // scale and mask applied; shape fn.batch_shape.
  at::Tensor log_prob;
  // fn.log_prob(value) as is.
  at::Tensor unscaled_log_prob;
};

using SiteFilter = std::function<bool(const Site&)>;

class Trace {
public:
  // Appends a site; a second sample site of the same name is an error (param sites may repeat:
  // the later record replaces the earlier).
  void add(Site site);

  bool contains(const std::string& name) const { return index_.count(name) != 0; }
  const Site& at(const std::string& name) const;
  Site& at(const std::string& name);
  const std::vector<Site>& sites() const { return sites_; }
  std::vector<Site>& sites() { return sites_; }
  size_t size() const { return sites_.size(); }

  // Fills log_prob and unscaled_log_prob of every sample site passing `filter`. An error at a
  // site is rethrown with the site's name and the shapes table.
  void compute_log_prob(const SiteFilter& filter = nullptr);
  // The scalar sum of the scaled, masked log densities of the sample sites passing `filter`.
  at::Tensor log_prob_sum(const SiteFilter& filter = nullptr) const;

  // Names of sample sites that are latent, observed, or params, in execution order.
  std::vector<std::string> stochastic_nodes() const;
  std::vector<std::string> observation_nodes() const;
  std::vector<std::string> param_nodes() const;
  // Latent sites whose distribution has (or lacks) reparameterized sampling.
  std::vector<std::string> reparameterized_nodes() const;
  std::vector<std::string> nonreparam_stochastic_nodes() const;

  // The table of batch | event shapes of every site, as Pyro's Trace.format_shapes:
  //      Trace Shapes:
  //   Param Sites:
  //  Sample Sites:
  //        mu dist     |
  //          value     |
  //   data plate   10  |
  //       obs dist  10 |
  //          value  10 |
  std::string format_shapes() const;

private:
  std::vector<Site> sites_;
  std::unordered_map<std::string, size_t> index_;
};

// The scaled, masked log density (Pyro's scale_and_mask): where mask is false the result is 0,
// even when the log density there is -inf or nan.
at::Tensor scale_and_mask(const at::Tensor& log_prob, const Scale& scale, const at::Tensor& mask);

} // namespace kiln::poutine
