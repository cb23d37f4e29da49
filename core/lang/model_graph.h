#pragma once
// The model graph: what the graph editor draws and the inspector shows. Nodes are the model's
// sites (sample, deterministic, param, factor, module) and the data arguments that feed them;
// plates group nodes. The graph comes from a static pass over the code (static_graph.h) or,
// when the model is too dynamic for it, from one traced run (traced_graph.h); model_graph()
// picks. Both give the same structure, so the editor never needs to know which it got, but
// only the static graph has source text and spans for every node.
//
// The JSON form (to_json / graph_from_json) is documented in docs/cli.md; its field names and
// order are stable, and a graph read back writes the same text.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/lang/source.h"

namespace kiln::lang {

enum class NodeKind {
  latent,        // pyro.sample without obs
  observed,      // pyro.sample(..., obs=...)
  deterministic, // pyro.deterministic
  param,         // pyro.param
  module,        // pyro.module: a network's parameters, as one node
  factor,        // pyro.factor
  data,          // an argument of the model that feeds a site
};

// "latent", "observed", ...: the names the JSON form uses.
const char* node_kind_name(NodeKind kind);
// The inverse; throws kiln::Error on an unknown name.
NodeKind node_kind_from_name(const std::string& name);

// One argument of a site's distribution: its parameter name in the family's order ("loc"),
// and the expression as written ("mu + 1.") or, in a traced graph, the value it had.
struct NodeArg {
  std::string name;
  std::string text;
};

struct GraphNode {
  std::string name;
  NodeKind kind = NodeKind::latent;
  // Sample sites: the distribution's family ("Normal"); empty when it could not be told.
  std::string family;
  std::vector<NodeArg> args;
  // The source text of the whole distribution (with .expand/.to_event/.mask), of the
  // deterministic value, of the param's initial value or the factor's log density.
  std::string expression;
  // Observed sites: the source text of obs=.
  std::string obs;
  // The call (or, for data, the parameter) in the source; absent where the graph was traced
  // and the site could not be found in the code.
  std::optional<Span> span;
  // Names of the plates the node is in, outermost first.
  std::vector<std::string> plates;
  // Names of the nodes (sites and data) its distribution or value depends on, in node order.
  std::vector<std::string> parents;
};

struct GraphPlate {
  std::string name;
  // The full size when known: a literal, a module constant, data bound to an argument (its
  // len() or shape too), or the size a traced run saw.
  std::optional<int64_t> size;
  // The size as written ("J", "len(data)"), or the number for traced plates.
  std::string size_text;
  // The batch dim it broadcasts along: given, or allocated (the rightmost dim the plates
  // around it leave free, where it is first entered); absent for sequential plates.
  std::optional<int64_t> dim;
  // The subsample size when the plate subsamples (as written, and its value when known).
  std::string subsample_text;
  std::optional<int64_t> subsample_size;
  // The plate this one is nested in where it is first entered; empty at the top.
  std::string parent;
  // False for `for i in pyro.plate(...)`.
  bool vectorized = true;
};

enum class GraphOrigin { static_pass, traced };

struct ModelGraph {
  std::string file;  // as the ModelFile names it
  std::string model; // the function
  GraphOrigin origin = GraphOrigin::static_pass;
  // Why the static pass could not give the graph (traced graphs only), with its line.
  std::string fallback_reason;
  // Data arguments first (in parameter order), then sites in the order they are reached.
  std::vector<GraphNode> nodes;
  // In the order they are first entered (plates made but never entered are left out).
  std::vector<GraphPlate> plates;

  const GraphNode* node(const std::string& name) const;
  const GraphPlate* plate(const std::string& name) const;
};

// The JSON text, two-space indented, fields in a fixed order.
std::string to_json(const ModelGraph& graph);
// Reads what to_json wrote; throws kiln::Error naming the field that is missing or wrong.
ModelGraph graph_from_json(const std::string& text);

// Graphviz DOT: latent sites as circles, observed ones shaded, deterministic sites as
// diamonds, data as squares, params and modules as small boxes, factors as filled black
// squares; plates as nested `subgraph cluster_N` labelled "name (size)".
std::string to_dot(const ModelGraph& graph);

} // namespace kiln::lang
