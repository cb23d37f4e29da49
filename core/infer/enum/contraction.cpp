#include "core/infer/enum/contraction.h"

#include <algorithm>
#include <map>

#include <ATen/ATen.h>

#include "core/infer/enum/log_sum_product.h"
#include "core/util/error.h"

namespace kiln::infer {

namespace {

using Ordinal = std::set<int64_t>;

// `t` with its dims laid out as `target` names them: missing ones become size-1 dims.
at::Tensor align(const LogFactor& f, const std::vector<int64_t>& target) {
  std::vector<int64_t> order, shape;
  for (int64_t name : target) {
    auto it = std::find(f.dims.begin(), f.dims.end(), name);
    if (it == f.dims.end()) {
      shape.push_back(1);
    } else {
      const int64_t i = it - f.dims.begin();
      order.push_back(i);
      shape.push_back(f.log_prob.size(i));
    }
  }
  return f.log_prob.permute(order).reshape(shape);
}

// The terms aligned to the union of their dims, which `out` gets (with the first term's plates).
std::vector<at::Tensor> align_all(const std::vector<LogFactor>& terms, LogFactor& out) {
  out.plates = terms.front().plates;
  for (const LogFactor& t : terms)
    for (int64_t name : t.dims)
      if (std::find(out.dims.begin(), out.dims.end(), name) == out.dims.end())
        out.dims.push_back(name);
  std::vector<at::Tensor> aligned;
  for (const LogFactor& t : terms)
    aligned.push_back(align(t, out.dims));
  return aligned;
}

// The product of `terms` (the sum of their logs), over the union of their dims.
LogFactor product(const std::vector<LogFactor>& terms) {
  LogFactor out;
  for (const at::Tensor& aligned : align_all(terms, out))
    out.log_prob = out.log_prob.defined() ? out.log_prob + aligned : aligned;
  return out;
}

// How many entries the product of the terms that carry `name` would have.
int64_t product_size(const std::vector<LogFactor>& terms, int64_t name) {
  std::map<int64_t, int64_t> sizes;
  for (const LogFactor& t : terms)
    if (std::find(t.dims.begin(), t.dims.end(), name) != t.dims.end())
      for (size_t i = 0; i < t.dims.size(); ++i)
        sizes[t.dims[i]] = t.log_prob.size(static_cast<int64_t>(i));
  int64_t n = 1;
  for (const auto& entry : sizes)
    n *= entry.second;
  return n;
}

// Multiplies out plate dim `name` of `f` (a sum of logs).
void sum_plate(LogFactor& f, int64_t name) {
  auto it = std::find(f.dims.begin(), f.dims.end(), name);
  f.log_prob = f.log_prob.sum(it - f.dims.begin());
  f.dims.erase(it);
}

// Sums out enumerated site `name` from the terms that carry it.
void eliminate(std::vector<LogFactor>& terms, int64_t name) {
  std::vector<LogFactor> with, without;
  for (LogFactor& t : terms)
    (std::find(t.dims.begin(), t.dims.end(), name) != t.dims.end() ? with : without)
        .push_back(std::move(t));
  LogFactor joined;
  const std::vector<at::Tensor> aligned = align_all(with, joined);
  auto it = std::find(joined.dims.begin(), joined.dims.end(), name);
  joined.log_prob = log_sum_product(aligned, it - joined.dims.begin());
  joined.dims.erase(it);
  without.push_back(std::move(joined));
  terms = std::move(without);
}

// The product of the terms that carry `target`, once every other site in its plates is summed
// out: the log of its conditional density, up to a constant, per element of its plates.
LogFactor target_term(std::vector<LogFactor>& terms, int64_t target) {
  std::vector<LogFactor> with;
  for (LogFactor& t : terms)
    if (std::find(t.dims.begin(), t.dims.end(), target) != t.dims.end())
      with.push_back(std::move(t));
  LogFactor out = product(with);
  for (int64_t name : out.dims)
    if (name >= 0 && name != target)
      throw NotSupportedError("enumeration: an enumerated site depends on one in outer plates "
                              "that comes after it; it cannot be drawn plate element by element");
  return out;
}

} // namespace

LogFactor make_log_factor(const std::string& site, const at::Tensor& log_prob,
                          const std::vector<poutine::CondIndepFrame>& frames,
                          const std::map<int64_t, int64_t>& dim_to_id,
                          std::vector<std::string>& plate_names,
                          std::vector<int64_t>& plate_sizes) {
  LogFactor f;
  std::map<int64_t, int64_t> plate_of_dim; // batch dim -> plate symbol
  for (const poutine::CondIndepFrame& frame : frames) {
    if (!frame.vectorized())
      continue;
    auto it = std::find(plate_names.begin(), plate_names.end(), frame.name);
    int64_t index = it - plate_names.begin();
    if (it == plate_names.end()) {
      plate_names.push_back(frame.name);
      plate_sizes.push_back(frame.size);
    }
    f.plates.insert(-1 - index);
    plate_of_dim[*frame.dim] = -1 - index;
  }
  const int64_t rank = log_prob.dim();
  std::vector<int64_t> local;
  for (int64_t i = 0; i < rank; ++i) {
    const int64_t dim = i - rank;
    if (log_prob.size(i) == 1)
      continue;
    if (auto e = dim_to_id.find(dim); e != dim_to_id.end()) {
      f.dims.push_back(e->second);
    } else if (auto p = plate_of_dim.find(dim); p != plate_of_dim.end()) {
      f.dims.push_back(p->second);
    } else {
      local.push_back(i);
    }
  }
  at::Tensor lp = local.empty() ? log_prob : log_prob.sum(local, /*keepdim=*/true);
  std::vector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    if (lp.size(i) != 1)
      shape.push_back(lp.size(i));
  f.log_prob = lp.reshape(shape);
  return f;
}

namespace {

// The contraction of contract_log_factors; with a target (>= 0), the contraction stops in the
// target's plates and returns the product of the terms carrying it (contract_to_site). With
// `tree`, each term is appended to it where its last summed site is eliminated, and the ids in
// `kept` are not summed (contract_log_factor_tree).
LogFactor contract(std::vector<LogFactor> factors, const std::vector<int64_t>& plate_sizes,
                   int64_t target, const std::set<int64_t>& target_plates,
                   const std::map<int64_t, std::set<int64_t>>& kept = {},
                   std::vector<LogFactor>* tree_terms = nullptr) {
  // Each enumerated site is summed out in the plates every factor that uses it shares.
  std::map<int64_t, Ordinal> site_ordinal;
  for (const LogFactor& f : factors)
    for (int64_t name : f.dims) {
      if (name < 0 || kept.count(name))
        continue;
      auto [it, fresh] = site_ordinal.emplace(name, f.plates);
      if (!fresh) {
        Ordinal shared;
        std::set_intersection(it->second.begin(), it->second.end(), f.plates.begin(),
                              f.plates.end(), std::inserter(shared, shared.begin()));
        it->second = std::move(shared);
      }
    }
  std::map<Ordinal, std::vector<LogFactor>> tree;
  for (LogFactor& f : factors)
    tree[f.plates].push_back(std::move(f));

  at::Tensor total;
  while (!tree.empty()) {
    // The most deeply nested plate context left: nothing below it is pending.
    auto leaf_it = std::max_element(tree.begin(), tree.end(), [](const auto& a, const auto& b) {
      return a.first.size() < b.first.size();
    });
    const Ordinal leaf = leaf_it->first;
    std::vector<LogFactor> terms = std::move(leaf_it->second);
    tree.erase(leaf_it);

    std::set<int64_t> local;
    for (const auto& [name, ordinal] : site_ordinal)
      if (ordinal == leaf && name != target)
        local.insert(name);
    while (!local.empty()) {
      int64_t best = *local.begin();
      int64_t best_size = product_size(terms, best);
      for (int64_t name : local) {
        const int64_t size = product_size(terms, name);
        if (size < best_size) {
          best = name;
          best_size = size;
        }
      }
      eliminate(terms, best);
      local.erase(best);
    }
    if (target >= 0 && site_ordinal[target] == leaf)
      return target_term(terms, target);

    for (LogFactor& t : terms) {
      Ordinal parent;
      bool summed_later = false;
      for (int64_t name : t.dims)
        if (name >= 0 && !kept.count(name)) {
          parent.insert(site_ordinal[name].begin(), site_ordinal[name].end());
          summed_later = true;
        }
      if (tree_terms && !summed_later) {
        t.plates = leaf;
        tree_terms->push_back(std::move(t));
        continue;
      }
      for (int64_t name : t.dims)
        if (auto k = kept.find(name); k != kept.end())
          for (int64_t plate : leaf)
            if (!parent.count(plate) && k->second.count(plate))
              throw NotSupportedError(
                  "TraceEnum_ELBO: a site enumerated in the model outside a plate depends on a "
                  "site enumerated in the guide inside it; model enumeration must be no more "
                  "global than guide enumeration (enumerate that site in the guide instead)");
      if (parent == leaf && !leaf.empty())
        throw NotSupportedError(
            "enumeration: an enumerated site is shared by sites in plates that do not nest; "
            "the sum over it cannot be taken plate by plate");
      for (int64_t plate : leaf) {
        if (parent.count(plate))
          continue;
        if (std::find(t.dims.begin(), t.dims.end(), plate) != t.dims.end())
          sum_plate(t, plate);
        else
          t.log_prob = t.log_prob * static_cast<double>(plate_sizes[-1 - plate]);
      }
      if (parent.empty() && leaf.empty()) {
        at::Tensor s = t.log_prob.sum();
        total = total.defined() ? total + s : s;
      } else {
        t.plates = parent;
        tree[parent].push_back(std::move(t));
      }
    }
  }
  LogFactor out;
  out.log_prob = total.defined() ? total : at::zeros({}, at::kDouble);
  return out;
}

} // namespace

at::Tensor contract_log_factors(std::vector<LogFactor> factors,
                                const std::vector<int64_t>& plate_sizes) {
  return contract(std::move(factors), plate_sizes, -1, {}).log_prob;
}

std::vector<LogFactor> contract_log_factor_tree(std::vector<LogFactor> factors,
                                                const std::vector<int64_t>& plate_sizes,
                                                const std::map<int64_t, std::set<int64_t>>& kept) {
  std::vector<LogFactor> terms;
  contract(std::move(factors), plate_sizes, -1, {}, kept, &terms);
  return terms;
}

LogFactor contract_to_site(std::vector<LogFactor> factors, const std::vector<int64_t>& plate_sizes,
                           int64_t site, const std::set<int64_t>& site_plates) {
  if (std::none_of(factors.begin(), factors.end(), [&](const LogFactor& f) {
        return std::find(f.dims.begin(), f.dims.end(), site) != f.dims.end();
      }))
    throw Error("enumeration: no factor varies along enumerated site " + std::to_string(site));
  for (const LogFactor& f : factors)
    if (std::find(f.dims.begin(), f.dims.end(), site) != f.dims.end() &&
        !std::includes(f.plates.begin(), f.plates.end(), site_plates.begin(), site_plates.end()))
      throw NotSupportedError("enumeration: a site outside the plates of an enumerated site "
                              "depends on it, so its values in those plates are not "
                              "independent given the others");
  return contract(std::move(factors), plate_sizes, site, site_plates);
}

} // namespace kiln::infer
