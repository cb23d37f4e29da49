#include "app/kiln/demo.h"

#include <string>
#include <vector>

#include <ATen/ATen.h>

#include "app/kiln/arguments.h"
#include "app/kiln/describe.h"
#include "core/dist/constraints/constraints.h"
#include "core/dist/registry.h"
#include "core/dist/transforms/biject_to.h"
#include "core/util/error.h"
#include "core/util/format.h"
#include "core/util/random.h"

namespace kiln::cli {

namespace {

void heading(std::ostream& out, const std::string& title, const std::string& command) {
  out << "\n== " << title << "\n   $ " << command << "\n\n";
}

void show(std::ostream& out, const std::string& title, const std::string& family,
          const std::vector<std::string>& words) {
  std::string command = "kiln dist " + family;
  for (const auto& w : words)
    command += " " + w;
  heading(out, title, command);
  try {
    describe(out, *dist::make_distribution(family, parse_dist_args(words)), 10000);
  } catch (const Error& e) {
    out << "  error: " << e.what() << "\n";
  }
}

} // namespace

int run_demo(std::ostream& out) {
  manual_seed(1);
  out << "Kiln — a Bayesian modeling workbench. This build has its distributions library.\n";
  const auto names = dist::family_names();
  out << "\n" << names.size() << " distribution families, by their Pyro names:\n";
  std::string line = " ";
  for (const auto& n : names) {
    if (line.size() + n.size() > 96) {
      out << line << "\n";
      line = " ";
    }
    line += " " + n;
  }
  out << line << "\n";

  show(out, "One family: exact moments next to those of 10000 draws", "Gamma",
       {"concentration=2", "rate=3"});
  show(out, "A batch: one family, two parameter sets", "Beta",
       {"concentration1=[2,0.5]", "concentration0=[5,0.5]"});
  show(out, "A multivariate family", "MultivariateNormal",
       {"loc=[0,1]", "covariance_matrix=[[1,0.8],[0.8,2]]"});

  heading(out, "From the real line onto a support: the map inference samples through",
          "biject_to(simplex)");
  auto t = dist::biject_to(dist::constraints::simplex());
  auto x = at::tensor({0.5, -1.0, 2.0}, at::kDouble);
  auto y = t->forward(x);
  out << "  x = " << format_values(x) << "  ->  y = " << format_values(y) << "  (sums to "
      << format_number(y.sum().item<double>()) << ")\n"
      << "  log |det J| = " << format_number(t->log_abs_det_jacobian(x, y).item<double>())
      << ", and back: " << format_values(t->inverse(y)) << "\n";

  heading(out, "Bad input gets a message that says where and what",
          "kiln dist Normal loc=0 scale=[1,2,-1]");
  try {
    dist::make_distribution("Normal", parse_dist_args({"loc=0", "scale=[1,2,-1]"}));
  } catch (const Error& e) {
    out << "  error: " << e.what() << "\n";
  }
  out << "\nTry it: kiln dist FAMILY name=value ...   (kiln --help for more)\n";
  return 0;
}

} // namespace kiln::cli
