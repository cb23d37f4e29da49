#include "app/kiln/logprob_command.h"

#include <cmath>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "app/kiln/model_loading.h"
#include "core/infer/log_joint.h"
#include "core/infer/model_density.h"
#include "core/io/draws_csv.h"
#include "core/io/values_file.h"
#include "core/util/error.h"
#include "core/util/random.h"

namespace kiln::cli {

namespace {

// JSON has no nan or inf: those are written as the strings "nan", "inf", "-inf".
std::string json_number(double x) {
  const std::string text = io::format_double(x);
  return std::isfinite(x) ? text : "\"" + text + "\"";
}

std::string json_string(const std::string& s) {
  return nlohmann::json(s).dump();
}

// A tensor as nested lists in row-major order; a scalar as a number.
std::string json_values(const at::Tensor& t) {
  if (t.dim() == 0)
    return json_number(t.item<double>());
  std::string out = "[";
  for (int64_t i = 0; i < t.size(0); ++i)
    out += (i ? ", " : "") + json_values(t[i]);
  return out + "]";
}

void print_sites(const infer::PointLogJoint& point, std::ostream& out) {
  out << "  \"log_joint\": " << json_number(point.log_joint) << ",\n  \"sites\": {";
  for (size_t i = 0; i < point.sites.size(); ++i)
    out << (i ? ",\n    " : "\n    ") << json_string(point.sites[i].name) << ": "
        << json_number(point.sites[i].log_prob);
  out << (point.sites.empty() ? "}\n" : "\n  }\n");
}

std::string latent_list(const infer::ModelDensity& density) {
  std::string names;
  for (const auto& site : density.sites())
    names += (names.empty() ? "" : ", ") + site.name;
  return names.empty() ? "it has none" : "they are " + names;
}

// The flat unconstrained point of `density` from each latent site's unconstrained value.
at::Tensor unconstrained_point(const infer::ModelDensity& density, const poutine::ValueMap& values,
                               const std::string& source) {
  at::Tensor flat = at::zeros({density.dim()}, at::kDouble);
  for (const auto& site : density.sites()) {
    auto it = values.find(site.name);
    if (it == values.end())
      throw Error(source + " has no value for the latent site '" + site.name + "'");
    const Shape given = to_shape(it->second.sizes());
    if (given != site.unconstrained_shape)
      throw ShapeError(source + ": '" + site.name + "' has shape " + format_shape(given) +
                       ", but its unconstrained value has shape " +
                       format_shape(site.unconstrained_shape) + " (the site's value has shape " +
                       format_shape(site.shape) + ")");
    flat.narrow(0, site.offset, site.size).copy_(it->second.to(at::kDouble).reshape({-1}));
  }
  for (const auto& [name, value] : values) {
    bool known = false;
    for (const auto& site : density.sites())
      known = known || site.name == name;
    if (!known)
      throw Error(source + ": the model has no latent site '" + name + "' (" +
                  latent_list(density) + ")");
  }
  return flat;
}

int run_unconstrained(const poutine::Model& model, const poutine::ValueMap& values,
                      const std::string& source, std::ostream& out) {
  infer::ModelDensity density(model);
  const at::Tensor flat = unconstrained_point(density, values, source);
  const auto [potential, gradient] = density.potential_and_grad(flat);
  poutine::ValueMap point = density.constrain(flat);
  for (const auto& [name, indices] : density.plate_subsamples())
    point[name] = indices;
  const infer::PointLogJoint joint = infer::log_joint_at(density.model(), point, source);
  out << "{\n  \"potential\": " << json_number(potential) << ",\n  \"gradient\": {";
  const auto& sites = density.sites();
  for (size_t i = 0; i < sites.size(); ++i)
    out << (i ? ",\n    " : "\n    ") << json_string(sites[i].name) << ": "
        << json_values(gradient.narrow(0, sites[i].offset, sites[i].size)
                           .reshape(sites[i].unconstrained_shape));
  out << (sites.empty() ? "},\n" : "\n  },\n");
  print_sites(joint, out);
  out << "}\n";
  return 0;
}

int run_logprob(const ParsedOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.has("values"))
    throw UsageError("kiln logprob: --values FILE is required");
  // Seeded before the file runs: networks it builds at load time start from the same weights,
  // and subsampling plates draw the same indices, run after run.
  manual_seed(static_cast<uint64_t>(options.get_int("seed", 1, 0)));
  auto loaded = load_model(options, err);
  if (!loaded)
    return 1;
  const poutine::Model model = loaded->bind(err);
  const std::string source = options.get("values");
  const poutine::ValueMap values = io::load_site_values(source);
  if (options.has("unconstrained"))
    return run_unconstrained(model, values, source, out);
  const infer::PointLogJoint joint = infer::log_joint_at(model, values, source);
  out << "{\n";
  print_sites(joint, out);
  out << "}\n";
  return 0;
}

} // namespace

Command logprob_command() {
  return {{"logprob",
           {"MODEL.py"},
           "the log joint of the model at given values, site by site (JSON)",
           "Runs the model once with each latent site's value taken from --values (a JSON\n"
           "object: site name -> number or nested list, in the constrained space; param and\n"
           "plate sites may be given too) and prints JSON {\"log_joint\": x, \"sites\": {name:\n"
           "log density}}: every sample site's scaled, masked log density summed over its\n"
           "batch, observed sites included, in the model's order. Discrete sites, enumerated\n"
           "ones too, take their values like any other. With --unconstrained, the values are\n"
           "each latent site's unconstrained value (biject_to's domain), and the output adds\n"
           "the potential energy (minus the log joint minus log |det J|) and its gradient.\n"
           "Numbers have 17 significant digits; nan and infinities are the strings \"nan\",\n"
           "\"inf\", \"-inf\".",
           {data_option(),
            {"values", "FILE", "the values of the latent sites: a JSON object (required)"},
            {"unconstrained", "",
             "the values are unconstrained: print the potential and its "
             "gradient"},
            model_option(),
            {"seed", "S", "seeds subsample indices and networks made at load time (default 1)"}}},
          run_logprob};
}

} // namespace kiln::cli
