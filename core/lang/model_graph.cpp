#include "core/lang/model_graph.h"

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace kiln::lang {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormat = "kiln-model-graph";
constexpr int kVersion = 1;

const std::pair<NodeKind, const char*> kKindNames[] = {{NodeKind::latent, "latent"},
                                                       {NodeKind::observed, "observed"},
                                                       {NodeKind::deterministic, "deterministic"},
                                                       {NodeKind::param, "param"},
                                                       {NodeKind::module, "module"},
                                                       {NodeKind::factor, "factor"},
                                                       {NodeKind::data, "data"}};

Json optional_int(const std::optional<int64_t>& x) {
  return x ? Json(*x) : Json(nullptr);
}

Json span_json(const std::optional<Span>& span) {
  if (!span)
    return nullptr;
  return Json{{"line", span->line},       {"col", span->col},     {"end_line", span->end_line},
              {"end_col", span->end_col}, {"begin", span->begin}, {"end", span->end}};
}

// Field access with errors that say where: "nodes[2].kind: missing".
const Json& field(const Json& object, const char* name, const std::string& where) {
  if (!object.is_object())
    throw Error("model graph JSON: " + where + " is not an object");
  auto it = object.find(name);
  if (it == object.end())
    throw Error("model graph JSON: " + where + "." + name + " is missing");
  return *it;
}

std::string string_field(const Json& object, const char* name, const std::string& where) {
  const Json& v = field(object, name, where);
  if (!v.is_string())
    throw Error("model graph JSON: " + where + "." + name + " must be a string");
  return v.get<std::string>();
}

std::optional<int64_t> optional_int_field(const Json& object, const char* name,
                                          const std::string& where) {
  const Json& v = field(object, name, where);
  if (v.is_null())
    return std::nullopt;
  if (!v.is_number_integer())
    throw Error("model graph JSON: " + where + "." + name + " must be an integer or null");
  return v.get<int64_t>();
}

const Json& array_field(const Json& object, const char* name, const std::string& where) {
  const Json& v = field(object, name, where);
  if (!v.is_array())
    throw Error("model graph JSON: " + where + "." + name + " must be an array");
  return v;
}

std::vector<std::string> strings_field(const Json& object, const char* name,
                                       const std::string& where) {
  std::vector<std::string> out;
  const Json& a = array_field(object, name, where);
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string())
      throw Error("model graph JSON: " + where + "." + name + "[" + std::to_string(i) +
                  "] must be a string");
    out.push_back(a[i].get<std::string>());
  }
  return out;
}

std::optional<Span> span_field(const Json& object, const std::string& where) {
  const Json& v = field(object, "span", where);
  if (v.is_null())
    return std::nullopt;
  const std::string at = where + ".span";
  auto get = [&](const char* name) -> uint32_t {
    const Json& x = field(v, name, at);
    if (!x.is_number_unsigned())
      throw Error("model graph JSON: " + at + "." + name + " must be a nonnegative integer");
    return x.get<uint32_t>();
  };
  Span s;
  s.line = get("line");
  s.col = get("col");
  s.end_line = get("end_line");
  s.end_col = get("end_col");
  s.begin = get("begin");
  s.end = get("end");
  return s;
}

// A DOT double-quoted string.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out + "\"";
}

const char* dot_attributes(NodeKind kind) {
  switch (kind) {
  case NodeKind::latent:
    return "shape=circle";
  case NodeKind::observed:
    return "shape=circle, style=filled, fillcolor=gray";
  case NodeKind::deterministic:
    return "shape=diamond";
  case NodeKind::data:
    return "shape=square";
  case NodeKind::param:
  case NodeKind::module:
    return "shape=box, width=0.3, height=0.2, fontsize=10";
  case NodeKind::factor:
    return "shape=square, style=filled, fillcolor=black, fontcolor=white";
  }
  return "";
}

} // namespace

const char* node_kind_name(NodeKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind)
      return name;
  return "latent";
}

NodeKind node_kind_from_name(const std::string& name) {
  for (const auto& [k, n] : kKindNames)
    if (name == n)
      return k;
  throw Error("unknown model graph node kind '" + name + "'");
}

const GraphNode* ModelGraph::node(const std::string& name) const {
  for (const auto& n : nodes)
    if (n.name == name)
      return &n;
  return nullptr;
}

const GraphPlate* ModelGraph::plate(const std::string& name) const {
  for (const auto& p : plates)
    if (p.name == name)
      return &p;
  return nullptr;
}

std::string to_json(const ModelGraph& graph) {
  Json plates = Json::array();
  for (const auto& p : graph.plates)
    plates.push_back({{"name", p.name},
                      {"size", optional_int(p.size)},
                      {"size_text", p.size_text},
                      {"dim", optional_int(p.dim)},
                      {"subsample_size", optional_int(p.subsample_size)},
                      {"subsample_text", p.subsample_text},
                      {"parent", p.parent.empty() ? Json(nullptr) : Json(p.parent)},
                      {"vectorized", p.vectorized}});
  Json nodes = Json::array();
  for (const auto& n : graph.nodes) {
    Json args = Json::array();
    for (const auto& a : n.args)
      args.push_back({{"name", a.name}, {"text", a.text}});
    nodes.push_back({{"name", n.name},
                     {"kind", node_kind_name(n.kind)},
                     {"family", n.family},
                     {"args", args},
                     {"expression", n.expression},
                     {"obs", n.obs},
                     {"span", span_json(n.span)},
                     {"plates", n.plates},
                     {"parents", n.parents}});
  }
  Json out{{"format", kFormat},
           {"version", kVersion},
           {"file", graph.file},
           {"model", graph.model},
           {"origin", graph.origin == GraphOrigin::static_pass ? "static" : "traced"},
           {"fallback_reason", graph.fallback_reason},
           {"nodes", nodes},
           {"plates", plates}};
  return out.dump(2) + "\n";
}

ModelGraph graph_from_json(const std::string& text) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw Error(std::string("model graph JSON: ") + e.what());
  }
  if (string_field(j, "format", "the graph") != kFormat)
    throw Error("model graph JSON: format must be \"" + std::string(kFormat) + "\"");
  const Json& version = field(j, "version", "the graph");
  if (!version.is_number_integer() || version.get<int64_t>() < 1 ||
      version.get<int64_t>() > kVersion)
    throw Error("model graph JSON: version must be 1 (the newest this Kiln reads)");
  ModelGraph g;
  g.file = string_field(j, "file", "the graph");
  g.model = string_field(j, "model", "the graph");
  const std::string origin = string_field(j, "origin", "the graph");
  if (origin != "static" && origin != "traced")
    throw Error("model graph JSON: origin must be \"static\" or \"traced\"");
  g.origin = origin == "static" ? GraphOrigin::static_pass : GraphOrigin::traced;
  g.fallback_reason = string_field(j, "fallback_reason", "the graph");
  const Json& nodes = array_field(j, "nodes", "the graph");
  for (size_t i = 0; i < nodes.size(); ++i) {
    const std::string where = "nodes[" + std::to_string(i) + "]";
    GraphNode n;
    n.name = string_field(nodes[i], "name", where);
    try {
      n.kind = node_kind_from_name(string_field(nodes[i], "kind", where));
    } catch (const Error& e) {
      throw Error("model graph JSON: " + where + ".kind: " + e.what());
    }
    n.family = string_field(nodes[i], "family", where);
    const Json& args = array_field(nodes[i], "args", where);
    for (size_t k = 0; k < args.size(); ++k) {
      const std::string at = where + ".args[" + std::to_string(k) + "]";
      n.args.push_back({string_field(args[k], "name", at), string_field(args[k], "text", at)});
    }
    n.expression = string_field(nodes[i], "expression", where);
    n.obs = string_field(nodes[i], "obs", where);
    n.span = span_field(nodes[i], where);
    n.plates = strings_field(nodes[i], "plates", where);
    n.parents = strings_field(nodes[i], "parents", where);
    g.nodes.push_back(std::move(n));
  }
  const Json& plates = array_field(j, "plates", "the graph");
  for (size_t i = 0; i < plates.size(); ++i) {
    const std::string where = "plates[" + std::to_string(i) + "]";
    GraphPlate p;
    p.name = string_field(plates[i], "name", where);
    p.size = optional_int_field(plates[i], "size", where);
    p.size_text = string_field(plates[i], "size_text", where);
    p.dim = optional_int_field(plates[i], "dim", where);
    p.subsample_size = optional_int_field(plates[i], "subsample_size", where);
    p.subsample_text = string_field(plates[i], "subsample_text", where);
    const Json& parent = field(plates[i], "parent", where);
    if (!parent.is_null() && !parent.is_string())
      throw Error("model graph JSON: " + where + ".parent must be a string or null");
    p.parent = parent.is_null() ? "" : parent.get<std::string>();
    const Json& vectorized = field(plates[i], "vectorized", where);
    if (!vectorized.is_boolean())
      throw Error("model graph JSON: " + where + ".vectorized must be true or false");
    p.vectorized = vectorized.get<bool>();
    g.plates.push_back(std::move(p));
  }
  return g;
}

std::string to_dot(const ModelGraph& graph) {
  std::ostringstream out;
  out << "digraph " << quoted(graph.model) << " {\n";
  if (!graph.fallback_reason.empty()) {
    std::string reason = graph.fallback_reason; // a comment ends at a line break
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    out << "  // traced: " << reason << "\n";
  }
  // Nodes go into the cluster of their innermost plate; clusters nest by parent.
  std::map<std::string, std::vector<const GraphNode*>> in_plate;
  std::vector<const GraphNode*> top;
  for (const auto& n : graph.nodes)
    (n.plates.empty() || !graph.plate(n.plates.back()) ? top : in_plate[n.plates.back()])
        .push_back(&n);
  auto write_node = [&](const GraphNode& n, const std::string& indent) {
    out << indent << quoted(n.name) << " [" << dot_attributes(n.kind) << "];\n";
  };
  std::vector<bool> written(graph.plates.size(), false);
  std::function<void(size_t, const std::string&)> write_plate = [&](size_t i,
                                                                    const std::string& indent) {
    written[i] = true;
    const GraphPlate& p = graph.plates[i];
    const std::string size = p.size ? std::to_string(*p.size) : p.size_text;
    out << indent << "subgraph cluster_" << i << " {\n";
    out << indent << "  label=" << quoted(p.name + " (" + size + ")") << ";\n";
    for (const GraphNode* n : in_plate[p.name])
      write_node(*n, indent + "  ");
    for (size_t k = 0; k < graph.plates.size(); ++k)
      if (!written[k] && graph.plates[k].parent == p.name)
        write_plate(k, indent + "  ");
    out << indent << "}\n";
  };
  for (const GraphNode* n : top)
    write_node(*n, "  ");
  for (size_t i = 0; i < graph.plates.size(); ++i)
    if (!written[i] && (graph.plates[i].parent.empty() || !graph.plate(graph.plates[i].parent)))
      write_plate(i, "  ");
  for (size_t i = 0; i < graph.plates.size(); ++i) // parents that form a cycle
    if (!written[i])
      write_plate(i, "  ");
  for (const auto& n : graph.nodes)
    for (const auto& parent : n.parents)
      out << "  " << quoted(parent) << " -> " << quoted(n.name) << ";\n";
  out << "}\n";
  return out.str();
}

} // namespace kiln::lang
