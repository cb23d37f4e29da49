#include "core/lang/traced_graph.h"

#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/accumulate_grad.h>

#include "core/dist/meta/independent.h"
#include "core/dist/meta/masked.h"
#include "core/dist/meta/mixture_same_family.h"
#include "core/dist/meta/transformed_distribution.h"
#include "core/lang/static_graph.h"
#include "core/poutine/handler.h"
#include "core/poutine/handlers/seed.h"
#include "core/poutine/handlers/trace_handler.h"
#include "core/poutine/param_store.h"
#include "core/poutine/runtime.h"
#include "core/util/format.h"

namespace kiln::lang {

namespace {

// Module parameters are registered as "net$$$weight" (Pyro's naming); the graph shows the
// module as one node.
std::string module_of(const std::string& param) {
  const size_t at = param.find("$$$");
  return at == std::string::npos ? "" : param.substr(0, at);
}

// The family a person wrote: Independent and Masked are what .to_event and .mask made.
const dist::Distribution& written_family(const dist::Distribution& d) {
  if (auto i = dynamic_cast<const dist::Independent*>(&d))
    return written_family(*i->base_dist());
  if (auto m = dynamic_cast<const dist::Masked*>(&d))
    return written_family(*m->base_dist());
  return d;
}

void distribution_tensors(const dist::Distribution& d, std::vector<at::Tensor>& out) {
  for (const auto& p : d.params())
    out.push_back(p.value);
  if (auto i = dynamic_cast<const dist::Independent*>(&d))
    distribution_tensors(*i->base_dist(), out);
  if (auto m = dynamic_cast<const dist::Masked*>(&d))
    distribution_tensors(*m->base_dist(), out);
  if (auto t = dynamic_cast<const dist::TransformedDistribution*>(&d))
    distribution_tensors(*t->base_dist(), out);
  if (auto x = dynamic_cast<const dist::MixtureSameFamily*>(&d)) {
    distribution_tensors(*x->mixture_distribution(), out);
    distribution_tensors(*x->component_distribution(), out);
  }
}

// Hands the model a fresh autograd leaf for every floating site value, and finds the leaves
// each site's inputs reach.
class DependencyHandler : public poutine::Handler {
public:
  // A clone of a new leaf standing for `value` under `name`: the model may change it in place,
  // which torch forbids on a leaf that requires grad.
  at::Tensor stand_in(const at::Tensor& value, const std::string& name) {
    if (!value.defined() || !value.is_floating_point())
      return value;
    at::Tensor leaf = value.detach().requires_grad_(true);
    names_[leaf.unsafeGetTensorImpl()] = name;
    leaves_.push_back(leaf);
    return leaf.clone();
  }

  void postprocess_message(poutine::Message& msg) override {
    using poutine::SiteType;
    if (msg.type == SiteType::Plate || msg.type == SiteType::Subsample)
      return;
    std::string name = msg.name;
    if (msg.type == SiteType::Param && !module_of(name).empty())
      name = module_of(name);
    std::vector<at::Tensor> inputs;
    if (msg.type == SiteType::Sample && msg.fn)
      distribution_tensors(*msg.fn, inputs);
    if (msg.type == SiteType::Deterministic)
      inputs.push_back(msg.value);
    std::set<std::string>& deps = parents_[name];
    for (const auto& t : inputs)
      reach(t, deps);
    deps.erase(name);
    msg.value = stand_in(msg.value, name);
  }

  const std::set<std::string>& parents(const std::string& name) { return parents_[name]; }

private:
  void reach(const at::Tensor& t, std::set<std::string>& out) const {
    if (!t.defined() || !t.requires_grad())
      return;
    if (!t.grad_fn()) {
      auto it = names_.find(t.unsafeGetTensorImpl());
      if (it != names_.end())
        out.insert(it->second);
      return;
    }
    std::vector<torch::autograd::Node*> stack{t.grad_fn().get()};
    std::unordered_set<torch::autograd::Node*> seen{stack.back()};
    while (!stack.empty()) {
      torch::autograd::Node* node = stack.back();
      stack.pop_back();
      if (auto acc = dynamic_cast<torch::autograd::AccumulateGrad*>(node)) {
        auto it = names_.find(acc->variable.unsafeGetTensorImpl());
        if (it != names_.end())
          out.insert(it->second);
        continue;
      }
      for (const auto& edge : node->next_edges())
        if (edge.function && seen.insert(edge.function.get()).second)
          stack.push_back(edge.function.get());
    }
  }

  std::unordered_map<const c10::TensorImpl*, std::string> names_;
  std::vector<at::Tensor> leaves_; // keeps names_' keys alive
  std::map<std::string, std::set<std::string>> parents_;
};

const FunctionDef* find_def(const ModelFile& file, const std::string& function) {
  const Function& fn = file.function(function);
  for (const auto& s : file.program().module().body)
    if (auto def = s->if_kind<FunctionDef>())
      if (&def->body == fn.body)
        return def;
  return nullptr;
}

void add_plates(ModelGraph& g, GraphNode& node, const std::vector<poutine::CondIndepFrame>& stack) {
  std::string parent;
  for (const auto& frame : stack) {
    if (!g.plate(frame.name)) {
      GraphPlate p;
      p.name = frame.name;
      p.size = frame.full_size;
      p.size_text = std::to_string(frame.full_size);
      p.dim = frame.dim;
      if (frame.size != frame.full_size) {
        p.subsample_size = frame.size;
        p.subsample_text = std::to_string(frame.size);
      }
      p.parent = parent;
      p.vectorized = frame.vectorized();
      g.plates.push_back(std::move(p));
    }
    if (std::find(node.plates.begin(), node.plates.end(), frame.name) == node.plates.end())
      node.plates.push_back(frame.name);
    parent = frame.name;
  }
}

} // namespace

ModelGraph traced_graph(const ModelFile& file, const std::string& function, const DataMap& data,
                        const std::string& data_source, uint64_t seed) {
  const FunctionDef* def = find_def(file, function);
  auto deps = std::make_shared<DependencyHandler>();
  DataMap leaves = data;
  for (auto& [name, value] : leaves)
    if (auto t = value.get_if<at::Tensor>())
      value = deps->stand_in(*t, name);
  const poutine::Model model = file.bind(leaves, data_source, function);
  at::AutoGradMode grad(true);
  poutine::ParamStoreScope store(std::make_shared<poutine::ParamStore>());
  const poutine::Trace trace = poutine::get_trace(poutine::seed(
      [&] {
        poutine::HandlerScope scope(*deps);
        model();
      },
      seed));

  ModelGraph g;
  g.file = file.source().name();
  g.model = function;
  g.origin = GraphOrigin::traced;
  std::vector<GraphNode> sites;
  std::set<std::string> used;
  for (const auto& site : trace.sites()) {
    using poutine::SiteType;
    if (site.type == SiteType::Plate || site.type == SiteType::Subsample)
      continue;
    GraphNode node;
    node.name = site.name;
    if (site.type == SiteType::Param) {
      node.kind = NodeKind::param;
      if (!module_of(site.name).empty()) {
        node.name = module_of(site.name);
        node.kind = NodeKind::module;
      }
    } else if (site.type == SiteType::Deterministic) {
      node.kind = NodeKind::deterministic;
    } else if (site.fn) {
      const dist::Distribution& family = written_family(*site.fn);
      node.family = family.name();
      node.kind = node.family == "Unit" && site.is_observed ? NodeKind::factor
                  : site.is_observed                        ? NodeKind::observed
                                                            : NodeKind::latent;
      if (node.kind == NodeKind::factor)
        node.family.clear();
      else
        for (const auto& p : family.params())
          if (p.value.defined())
            node.args.push_back({p.name, format_values(p.value.detach(), 4)});
    }
    if (std::any_of(sites.begin(), sites.end(),
                    [&](const GraphNode& n) { return n.name == node.name; }))
      continue; // a module's further parameters
    add_plates(g, node, site.cond_indep_stack);
    for (const auto& p : deps->parents(node.name))
      node.parents.push_back(p);
    used.insert(node.parents.begin(), node.parents.end());
    sites.push_back(std::move(node));
  }

  // Spans: the call whose (pattern of a) name matches, preferring calls in the model itself.
  const std::vector<SiteCall> calls = site_calls(file.program().module(), file.source(), function);
  for (auto& node : sites)
    for (const auto& call : calls)
      if (name_matches(call.pattern, node.name)) {
        node.span = call.span;
        break;
      }

  if (def)
    for (const Parameter& p : def->params)
      if (used.count(p.name) && !std::any_of(sites.begin(), sites.end(), [&](const GraphNode& n) {
            return n.name == p.name;
          })) {
        GraphNode n;
        n.name = p.name;
        n.kind = NodeKind::data;
        n.span = p.span;
        g.nodes.push_back(std::move(n));
      }
  for (auto& n : sites)
    g.nodes.push_back(std::move(n));
  std::map<std::string, size_t> order;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    order.emplace(g.nodes[i].name, i);
  for (auto& n : g.nodes) {
    auto& ps = n.parents;
    ps.erase(std::remove_if(ps.begin(), ps.end(), [&](const auto& p) { return !order.count(p); }),
             ps.end());
    std::sort(ps.begin(), ps.end(),
              [&](const std::string& a, const std::string& b) { return order[a] < order[b]; });
  }
  return g;
}

} // namespace kiln::lang
