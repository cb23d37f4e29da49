#pragma once
// Draws as CSV the way CmdStan writes them, so that ArviZ's from_cmdstan, `posterior` and
// `bayesplot` read Kiln's files: one column per entry of each site's value, named `theta.1`,
// `x.1.2` (1-based), multi-index names in column-major order (the first index varies fastest),
// and numbers with 17 significant digits, so that every double reads back bit-identical.
// `kiln prior` writes prior.csv with these; the MCMC writer adds its sampler columns (`lp__`).

#include <ostream>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/poutine/model.h"
#include "core/util/shape.h"

namespace kiln::io {

// The column names of a value of `shape`: `mu` for a scalar, `theta.1` ... `theta.8` for a
// vector, `x.1.1`, `x.2.1`, `x.1.2`, ... for a matrix.
std::vector<std::string> flat_names(const std::string& name, const Shape& shape);

// The entries of `value` as doubles, in flat_names' order.
std::vector<double> flat_values(const at::Tensor& value);

// The columns of a draws file: sites in a fixed order (the model's), each with the shape its
// value had in the first draw. Every later draw must give each site a value of that shape.
class DrawsColumns {
public:
  // `order` lists the sites to write; `first` holds a value for each of them.
  DrawsColumns(const std::vector<std::string>& order, const poutine::ValueMap& first);

  const std::vector<std::string>& names() const { return names_; }
  // `draw`'s values in names()' order. A missing site, or a value whose shape differs from the
  // first draw's, is an Error naming the site.
  std::vector<double> row(const poutine::ValueMap& draw) const;

private:
  std::vector<std::pair<std::string, Shape>> sites_;
  std::vector<std::string> names_;
};

// A number as CSV and JSON files hold it: 17 significant digits (`%.17g`), and `nan`, `inf`,
// `-inf`, as CmdStan writes them.
std::string format_double(double x);

// One CSV line: names quoted where they hold a comma, a quote or a line break (RFC 4180).
void write_csv_line(std::ostream& out, const std::vector<std::string>& cells);
void write_csv_line(std::ostream& out, const std::vector<double>& values);

} // namespace kiln::io
