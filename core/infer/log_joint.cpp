#include "core/infer/log_joint.h"

#include <set>

#include <ATen/ATen.h>

#include "core/dist/checks.h"
#include "core/poutine/handler.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/util/error.h"

namespace kiln::infer {

namespace {

using poutine::Message;
using poutine::SiteType;

// The dtype of the values a site draws: its parameters' floating dtype for a continuous family;
// for a discrete one, that of a draw (int64 for Categorical, floating for Bernoulli).
at::ScalarType value_dtype(const dist::Distribution& fn) {
  if (fn.is_discrete()) {
    try {
      return fn.sample().scalar_type();
    } catch (const Error&) {
      return at::kDouble;
    }
  }
  for (const auto& p : fn.params())
    if (p.value.defined() && at::isFloatingType(p.value.scalar_type()))
      return p.value.scalar_type();
  return at::kDouble;
}

// Puts the point's values in place: latent sample sites must have one; params and plates may.
class PointHandler : public poutine::Handler {
public:
  PointHandler(const poutine::ValueMap& values, const std::string& source)
      : values_(values), source_(source) {}

  void process_message(Message& msg) override {
    const bool latent = msg.type == SiteType::Sample && !msg.is_observed;
    if (!latent && msg.type != SiteType::Param && msg.type != SiteType::Plate)
      return;
    auto it = values_.find(msg.name);
    if (it == values_.end()) {
      if (latent)
        throw Error(source_ + " has no value for the latent site '" + msg.name + "'");
      return;
    }
    const at::Tensor& value = it->second;
    if (latent)
      msg.value = checked(msg, value);
    else if (msg.type == SiteType::Param && !at::isFloatingType(value.scalar_type()))
      msg.value = value.to(at::kDouble); // [0, 1] in a JSON file is an int64 tensor
    else
      msg.value = value;
    msg.done = true;
    used_.insert(msg.name);
  }

  const std::set<std::string>& used() const { return used_; }

private:
  at::Tensor checked(const Message& msg, const at::Tensor& value) const {
    const dist::Distribution& fn = *msg.fn;
    const Shape expected = concat(fn.batch_shape(), fn.event_shape());
    const Shape given = to_shape(value.sizes());
    if (given != expected)
      throw ShapeError(source_ + ": '" + msg.name + "' has shape " + format_shape(given) +
                       ", but the site's value has shape " + format_shape(expected) +
                       " (batch shape " + format_shape(fn.batch_shape()) + ", event shape " +
                       format_shape(fn.event_shape()) + ")");
    dist::check_constraint(source_, msg.name, value, *fn.support());
    return value.to(value_dtype(fn));
  }

  const poutine::ValueMap& values_;
  const std::string& source_;
  std::set<std::string> used_;
};

std::string latent_names(const poutine::Trace& trace) {
  std::string names;
  for (const auto& name : trace.stochastic_nodes())
    names += (names.empty() ? "" : ", ") + name;
  return names.empty() ? "it has none" : "they are " + names;
}

} // namespace

PointLogJoint log_joint_at(const poutine::Model& model, const poutine::ValueMap& values,
                           const std::string& source) {
  PointHandler point(values, source);
  poutine::Trace trace = poutine::get_trace([&] {
    poutine::HandlerScope scope(point);
    model();
  });
  for (const auto& [name, value] : values) {
    if (point.used().count(name))
      continue;
    if (trace.contains(name) && trace.at(name).type == SiteType::Deterministic)
      throw Error(source + ": '" + name + "' is a deterministic site; the model computes it");
    if (trace.contains(name) && trace.at(name).type == SiteType::Sample)
      throw Error(source + ": '" + name + "' is observed; its value comes from the data");
    throw Error(source + ": the model has no latent site '" + name + "' (" + latent_names(trace) +
                ")");
  }
  trace.compute_log_prob();
  PointLogJoint result;
  for (const auto& site : trace.sites()) {
    if (site.type != SiteType::Sample)
      continue;
    const double lp = site.log_prob.sum().item<double>();
    result.sites.push_back({site.name, site.is_observed, lp});
    result.log_joint += lp;
  }
  return result;
}

} // namespace kiln::infer
