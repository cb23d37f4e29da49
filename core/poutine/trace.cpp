#include "core/poutine/trace.h"

#include <algorithm>
#include <optional>

#include <ATen/ATen.h>

#include "core/util/error.h"
#include "core/util/error_context.h"

namespace kiln::poutine {

namespace {

bool is_latent(const Site& s) { return s.type == SiteType::Sample && !s.is_observed; }

// One row of the shapes table: cells in three groups (name | batch sizes | event sizes); the
// first two groups are right-aligned and the last left-aligned, as in Pyro.
using Row = std::vector<std::vector<std::string>>;

Row make_row(std::string name, const std::vector<int64_t>& batch,
             std::optional<std::vector<int64_t>> event) {
  Row row(3);
  row[0].push_back(std::move(name));
  for (int64_t s : batch)
    row[1].push_back(std::to_string(s));
  if (event) {
    row[1].push_back("|");
    for (int64_t s : *event)
      row[2].push_back(std::to_string(s));
  }
  return row;
}

std::pair<std::vector<int64_t>, std::vector<int64_t>> split_shape(const at::Tensor& value,
                                                                  int64_t event_dim) {
  std::vector<int64_t> shape = value.defined() ? value.sizes().vec() : std::vector<int64_t>{};
  const auto cut = static_cast<int64_t>(shape.size()) - std::min<int64_t>(event_dim, shape.size());
  return {std::vector<int64_t>(shape.begin(), shape.begin() + cut),
          std::vector<int64_t>(shape.begin() + cut, shape.end())};
}

std::string format_table(std::vector<Row> rows) {
  size_t widths[3] = {0, 0, 0};
  for (const Row& r : rows)
    for (int j = 0; j < 3; ++j)
      widths[j] = std::max(widths[j], r[j].size());
  std::vector<std::vector<std::string>> cells;
  for (Row& r : rows) {
    std::vector<std::string> line;
    for (int j = 0; j < 3; ++j) {
      std::vector<std::string> pad(widths[j] - r[j].size());
      if (j < 2)
        r[j].insert(r[j].begin(), pad.begin(), pad.end());
      else
        r[j].insert(r[j].end(), pad.begin(), pad.end());
      line.insert(line.end(), r[j].begin(), r[j].end());
    }
    cells.push_back(std::move(line));
  }
  std::vector<size_t> cell_width(cells.empty() ? 0 : cells[0].size(), 0);
  for (const auto& line : cells)
    for (size_t j = 0; j < line.size(); ++j)
      cell_width[j] = std::max(cell_width[j], line[j].size());
  std::string out;
  for (const auto& line : cells) {
    std::string text;
    for (size_t j = 0; j < line.size(); ++j) {
      if (j > 0)
        text += ' ';
      text += std::string(cell_width[j] - line[j].size(), ' ') + line[j];
    }
    text.erase(text.find_last_not_of(' ') + 1);
    out += text + '\n';
  }
  if (!out.empty())
    out.pop_back();
  return out;
}

} // namespace

void Trace::add(Site site) {
  auto it = index_.find(site.name);
  if (it != index_.end()) {
    Site& old = sites_[it->second];
    if (old.type == SiteType::Param && site.type == SiteType::Param) {
      old = std::move(site);
      return;
    }
    throw Error(std::string("multiple ") + site_type_name(site.type) + " sites named '" +
                site.name + "'");
  }
  index_.emplace(site.name, sites_.size());
  sites_.push_back(std::move(site));
}

const Site& Trace::at(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end())
    throw Error("the trace has no site named '" + name + "'");
  return sites_[it->second];
}

Site& Trace::at(const std::string& name) {
  return const_cast<Site&>(static_cast<const Trace&>(*this).at(name));
}

at::Tensor scale_and_mask(const at::Tensor& log_prob, const Scale& scale, const at::Tensor& mask) {
  at::Tensor out = scale.apply(log_prob);
  if (!mask.defined())
    return out;
  return at::where(mask, out, at::zeros({}, out.options()));
}

void Trace::compute_log_prob(const SiteFilter& filter) {
  for (Site& s : sites_) {
    if (s.type != SiteType::Sample || (filter && !filter(s)) || s.log_prob.defined())
      continue;
    try {
      s.unscaled_log_prob = s.fn->log_prob(s.value);
      s.log_prob = scale_and_mask(s.unscaled_log_prob, s.scale, s.mask);
    } catch (...) {
      rethrow_with_context("", "\n  while computing log_prob at site '" + s.name + "'\n" +
                                   format_shapes());
    }
  }
}

at::Tensor Trace::log_prob_sum(const SiteFilter& filter) const {
  at::Tensor total;
  for (const Site& s : sites_) {
    if (s.type != SiteType::Sample || (filter && !filter(s)))
      continue;
    at::Tensor lp;
    try {
      lp = s.log_prob.defined() ? s.log_prob
                                : scale_and_mask(s.fn->log_prob(s.value), s.scale, s.mask);
    } catch (...) {
      rethrow_with_context("", "\n  while computing log_prob at site '" + s.name + "'\n" +
                                   format_shapes());
    }
    total = total.defined() ? total + lp.sum() : lp.sum();
  }
  return total.defined() ? total : at::zeros({}, at::kDouble);
}

std::vector<std::string> Trace::stochastic_nodes() const {
  std::vector<std::string> names;
  for (const Site& s : sites_)
    if (is_latent(s))
      names.push_back(s.name);
  return names;
}

std::vector<std::string> Trace::observation_nodes() const {
  std::vector<std::string> names;
  for (const Site& s : sites_)
    if (s.type == SiteType::Sample && s.is_observed)
      names.push_back(s.name);
  return names;
}

std::vector<std::string> Trace::param_nodes() const {
  std::vector<std::string> names;
  for (const Site& s : sites_)
    if (s.type == SiteType::Param)
      names.push_back(s.name);
  return names;
}

std::vector<std::string> Trace::reparameterized_nodes() const {
  std::vector<std::string> names;
  for (const Site& s : sites_)
    if (is_latent(s) && s.fn->has_rsample())
      names.push_back(s.name);
  return names;
}

std::vector<std::string> Trace::nonreparam_stochastic_nodes() const {
  std::vector<std::string> names;
  for (const Site& s : sites_)
    if (is_latent(s) && !s.fn->has_rsample())
      names.push_back(s.name);
  return names;
}

std::string Trace::format_shapes() const {
  std::vector<Row> rows;
  rows.push_back(make_row("Trace Shapes:", {}, std::nullopt));
  rows.push_back(make_row("Param Sites:", {}, std::nullopt));
  for (const Site& s : sites_)
    if (s.type == SiteType::Param)
      rows.push_back(make_row(s.name, s.value.defined() ? s.value.sizes().vec() : Shape{},
                              std::nullopt));
  rows.push_back(make_row("Sample Sites:", {}, std::nullopt));
  for (const Site& s : sites_) {
    if (s.type == SiteType::Plate) {
      rows.push_back(make_row(s.name + " plate", {s.subsample_size}, std::vector<int64_t>{}));
    } else if (s.type == SiteType::Sample) {
      rows.push_back(make_row(s.name + " dist", s.fn->batch_shape(), s.fn->event_shape()));
      auto [batch, event] = split_shape(s.value, s.fn->event_dim());
      rows.push_back(make_row("value", batch, event));
      if (s.log_prob.defined())
        rows.push_back(make_row("log_prob", s.log_prob.sizes().vec(), std::vector<int64_t>{}));
    } else if (s.type == SiteType::Deterministic) {
      auto [batch, event] = split_shape(s.value, s.event_dim.value_or(0));
      rows.push_back(make_row(s.name + " value", batch, event));
    }
  }
  return format_table(std::move(rows));
}

} // namespace kiln::poutine
