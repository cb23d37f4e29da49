#include "core/infer/svi/trace_enum_elbo.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <ATen/ATen.h>

#include "core/infer/enum/contraction.h"
#include "core/infer/svi/particles.h"
#include "core/poutine/handler.h"
#include "core/poutine/handlers/enum_handler.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/plate.h"
#include "core/poutine/trace.h"
#include "core/util/error.h"

namespace kiln::infer::svi {

namespace {

using poutine::Site;
using poutine::SiteType;
using Ordinal = std::set<std::string>;

// The vectorized plates a site sits in, by name: who may depend on whom (Pyro's ordinal).
Ordinal ordinal_of(const Site& site) {
  Ordinal out;
  for (const poutine::CondIndepFrame& frame : site.cond_indep_stack)
    if (frame.vectorized())
      out.insert(frame.name);
  return out;
}

bool is_latent(const Site& site) {
  return site.type == SiteType::Sample && !site.is_observed;
}

bool is_enumerated(const Site& site) {
  return site.infer.count("_enumerate_dim") != 0;
}

// Sequential enumeration (one run per value) is not built: a site marked for it would silently
// be sampled instead.
void check_not_sequential(const Site& site, const char* where) {
  if (poutine::infer_string(site.infer, "enumerate") == "sequential")
    throw NotSupportedError(std::string("TraceEnum_ELBO: site '") + site.name + "' of the " +
                            where +
                            " is marked for sequential enumeration; only parallel enumeration "
                            "is supported (infer={\"enumerate\": \"parallel\"})");
}

// poutine.replay of the guide's values placed inside the model's poutine.enum rather than
// around it: the value is set without marking the site done, so that the enum handler still
// records the model's enumerated sites the site depends on (its markov scope), which Pyro reads
// from the tensors' shapes; the guide's enumeration dims the value carries are merged in.
class GuideReplay : public poutine::Handler {
public:
  explicit GuideReplay(const poutine::Trace& guide) : guide_(guide) {}

  void process_message(poutine::Message& msg) override {
    if ((msg.type != SiteType::Sample && msg.type != SiteType::Plate) || msg.is_observed ||
        !guide_.contains(msg.name))
      return;
    const Site& recorded = guide_.at(msg.name);
    if (recorded.type != msg.type || recorded.is_observed)
      throw Error("TraceEnum_ELBO: site '" + msg.name + "' must be " +
                  (msg.type == SiteType::Plate ? "a plate" : "sampled") +
                  " in the guide, as in the model");
    msg.value = recorded.value;
    if (msg.type == SiteType::Plate) {
      msg.done = true;
      return;
    }
    auto dims = recorded.infer.find("_dim_to_id");
    if (dims != recorded.infer.end())
      msg.infer["_dim_to_id"] = dims->second;
  }

private:
  const poutine::Trace& guide_;
};

// A cost (a log density, or minus one) laid out as the sites' batches are, with its plates.
struct Cost {
  at::Tensor value;
  Ordinal ordinal;
};

// A guide site's DiCE factor: its log probability where it is enumerated (the cost is summed
// against it), log q - stop_gradient(log q) where it is sampled without reparameterization (1
// in value, the score function in gradient).
struct DiceFactor {
  at::Tensor log_weight;
  Ordinal ordinal;
};

// One run of the guide and the model against it, and the terms of its ELBO.
class EnumParticle {
public:
  EnumParticle(const poutine::Model& model, const poutine::Model& guide,
               int64_t first_available_dim)
      : allocator_(std::make_shared<poutine::EnumAllocator>(first_available_dim)) {
    guide_ = poutine::get_trace(poutine::enum_(guide, allocator_));
    poutine::Model replayed = [&model, this] {
      GuideReplay replay(guide_);
      poutine::HandlerScope scope(replay);
      model();
    };
    model_ = poutine::get_trace(poutine::enum_(replayed, allocator_));
    guide_.compute_log_prob();
    model_.compute_log_prob();
  }

  // The ELBO of this particle, differentiable as DiCE makes it.
  at::Tensor elbo() {
    add_guide_terms();
    add_model_terms();
    at::Tensor total;
    for (const Cost& cost : costs_) {
      at::Tensor log_weight;
      for (const DiceFactor& f : dice_)
        if (std::includes(cost.ordinal.begin(), cost.ordinal.end(), f.ordinal.begin(),
                          f.ordinal.end()))
          log_weight = log_weight.defined() ? log_weight + f.log_weight : f.log_weight;
      at::Tensor term;
      if (log_weight.defined()) {
        // Where the guide gives a value probability 0 its cost does not count, even when it
        // is infinite there (Pyro's Dice masks the same way).
        const at::Tensor weight = log_weight.exp();
        term = at::where(weight > 0, weight * cost.value, at::zeros({}, weight.options())).sum();
      } else {
        term = cost.value.sum();
      }
      total = total.defined() ? total + term : term;
    }
    return total.defined() ? total : at::zeros({}, at::kDouble);
  }

  // "site 'x' of the guide" for the first site whose log density is not finite, for SVI's
  // error when the ELBO is not.
  std::string nonfinite() const { return nonfinite_site(Particle{model_, guide_}); }

  // The params both runs read, the model's first, added to `names` once each.
  void collect_params(std::vector<std::string>& names) const {
    for (const std::string& name : read_params(Particle{model_, guide_}))
      if (std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
  }

private:
  void add_guide_terms() {
    for (const Site& site : guide_.sites()) {
      if (!is_latent(site))
        continue;
      check_not_sequential(site, "guide");
      const at::Tensor& unscaled = site.unscaled_log_prob;
      const Ordinal ordinal = ordinal_of(site);
      costs_.push_back({-site.log_prob, ordinal});
      if (is_enumerated(site)) {
        const auto dims = poutine::enum_dim_to_id(site.infer);
        const int64_t dim = poutine::infer_int(site.infer, "_enumerate_dim");
        const int64_t id = dims.at(dim);
        if (guide_dims_.count(dim))
          throw NotSupportedError("TraceEnum_ELBO: guide sites '" + guide_dims_[dim].name +
                                  "' and '" + site.name + "' are enumerated along the same dim " +
                                  std::to_string(dim) +
                                  " (markov in the guide); guide enumeration needs a dim per site");
        guide_dims_[dim] = {site.name, id};
        guide_ids_[id] = {dim, ordinal};
        dice_.push_back({unscaled, ordinal});
      } else if (!site.fn->has_rsample()) {
        dice_.push_back({unscaled - unscaled.detach(), ordinal});
      }
    }
  }

  void add_model_terms() {
    std::vector<LogFactor> factors;
    std::vector<std::string> plate_names;
    std::vector<int64_t> plate_sizes;
    std::map<std::string, int64_t> plate_dims;
    std::vector<std::string> scaled_sites; // the enumerated factors' sites, for errors
    std::optional<double> scale;
    for (const Site& site : model_.sites()) {
      if (site.type != SiteType::Sample)
        continue;
      if (is_latent(site) && !guide_.contains(site.name)) {
        check_not_sequential(site, "model");
        if (!is_enumerated(site))
          throw Error("TraceEnum_ELBO: latent site '" + site.name +
                      "' of the model is neither in the guide nor enumerated; add it to the "
                      "guide or mark it infer={\"enumerate\": \"parallel\"} "
                      "(config_enumerate)");
      }
      const at::Tensor& unscaled = site.unscaled_log_prob;
      for (const poutine::CondIndepFrame& frame : site.cond_indep_stack)
        if (frame.vectorized())
          plate_dims[frame.name] = *frame.dim;
      const at::Tensor masked = poutine::scale_and_mask(unscaled, poutine::Scale{}, site.mask);
      LogFactor factor =
          make_log_factor(site.name, masked, site.cond_indep_stack,
                          poutine::enum_dim_to_id(site.infer), plate_names, plate_sizes);
      const bool summed = std::any_of(factor.dims.begin(), factor.dims.end(),
                                      [&](int64_t d) { return d >= 0 && !guide_ids_.count(d); });
      if (!summed) {
        costs_.push_back({site.log_prob, ordinal_of(site)});
        continue;
      }
      if (site.scale.tensor.defined())
        throw NotSupportedError("TraceEnum_ELBO: site '" + site.name +
                                "' depends on an enumerated site and has a tensor "
                                "poutine.scale; enumeration supports only a scalar scale");
      if (scale && *scale != site.scale.factor)
        throw NotSupportedError("TraceEnum_ELBO: the sites that depend on enumerated sites must "
                                "share one poutine.scale, but '" +
                                scaled_sites.front() + "' has " + std::to_string(*scale) +
                                " and '" + site.name + "' has " +
                                std::to_string(site.scale.factor));
      scale = site.scale.factor;
      scaled_sites.push_back(site.name);
      factors.push_back(std::move(factor));
    }
    if (factors.empty())
      return;
    // The guide's enumerated sites stay as dims, with their plates by the factors' symbols.
    std::map<int64_t, std::set<int64_t>> kept;
    for (const auto& [id, where] : guide_ids_) {
      std::set<int64_t>& plates = kept[id];
      for (const std::string& name : where.second) {
        auto it = std::find(plate_names.begin(), plate_names.end(), name);
        if (it != plate_names.end())
          plates.insert(-1 - (it - plate_names.begin()));
      }
    }
    for (LogFactor& term : contract_log_factor_tree(std::move(factors), plate_sizes, kept)) {
      Ordinal ordinal;
      for (int64_t plate : term.plates)
        ordinal.insert(plate_names[-1 - plate]);
      std::vector<int64_t> positions;
      for (int64_t name : term.dims)
        positions.push_back(name >= 0 ? guide_ids_.at(name).first
                                      : plate_dims.at(plate_names[-1 - name]));
      costs_.push_back({laid_out(term.log_prob, positions) * *scale, ordinal});
    }
  }

  // `t`, whose dim i stands for batch dim positions[i] (negative), with its dims at those
  // positions and size-1 dims elsewhere.
  static at::Tensor laid_out(const at::Tensor& t, const std::vector<int64_t>& positions) {
    if (positions.empty())
      return t;
    std::vector<int64_t> order(positions.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = static_cast<int64_t>(i);
    std::sort(order.begin(), order.end(),
              [&](int64_t a, int64_t b) { return positions[a] < positions[b]; });
    const int64_t rank = -*std::min_element(positions.begin(), positions.end());
    std::vector<int64_t> shape(static_cast<size_t>(rank), 1);
    for (size_t i = 0; i < positions.size(); ++i)
      shape[rank + positions[i]] = t.size(static_cast<int64_t>(i));
    return t.permute(order).reshape(shape);
  }

  struct GuideDim {
    std::string name;
    int64_t id = 0;
  };

  std::shared_ptr<poutine::EnumAllocator> allocator_;
  poutine::Trace guide_;
  poutine::Trace model_;
  std::vector<Cost> costs_;
  std::vector<DiceFactor> dice_;
  // The guide's enumerated sites: by dim, and by id (their dim and plates).
  std::map<int64_t, GuideDim> guide_dims_;
  std::map<int64_t, std::pair<int64_t, Ordinal>> guide_ids_;
};

} // namespace

TraceEnum_ELBO::TraceEnum_ELBO(ElboConfig config)
    : ELBO(config), max_plate_nesting_(config.max_plate_nesting) {
  if (config.num_particles < 1)
    throw DomainError("TraceEnum_ELBO: num_particles is " + std::to_string(config.num_particles) +
                      ", but must be at least 1");
}

at::Tensor TraceEnum_ELBO::differentiable_loss(const poutine::Model& model,
                                               const poutine::Model& guide) {
  if (max_plate_nesting_ < 0)
    max_plate_nesting_ = find_max_plate_nesting(model, guide);
  return -EnumParticle(model, guide, -1 - max_plate_nesting_).elbo();
}

ElboEstimate TraceEnum_ELBO::estimate(const poutine::Model& model, const poutine::Model& guide) {
  if (max_plate_nesting_ < 0)
    max_plate_nesting_ = find_max_plate_nesting(model, guide);
  const int64_t n = config_.num_particles;
  ElboEstimate out;
  at::Tensor elbo;
  if (config_.vectorize_particles) {
    // One run with the particles along a plate left of the model's.
    const poutine::PlateOptions at_dim{0, {}, -1 - max_plate_nesting_};
    auto in_particles = [n, at_dim](const poutine::Model& m) -> poutine::Model {
      return [&m, n, at_dim] {
        poutine::Plate particles(kParticlesPlate, n, at_dim);
        m();
      };
    };
    EnumParticle particle(in_particles(model), in_particles(guide), -2 - max_plate_nesting_);
    elbo = particle.elbo() / static_cast<double>(n);
    particle.collect_params(out.params);
    if (!std::isfinite(elbo.item<double>()))
      out.nonfinite_site = particle.nonfinite();
  } else {
    for (int64_t i = 0; i < n; ++i) {
      EnumParticle particle(model, guide, -1 - max_plate_nesting_);
      at::Tensor e = particle.elbo() / static_cast<double>(n);
      elbo = elbo.defined() ? elbo + e : e;
      particle.collect_params(out.params);
      if (out.nonfinite_site.empty() && !std::isfinite(e.item<double>()))
        out.nonfinite_site = particle.nonfinite();
    }
  }
  out.surrogate = -elbo;
  out.loss = out.surrogate.item<double>();
  return out;
}

} // namespace kiln::infer::svi
