#include "ui/graph/graph_layout.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include <graphviz/gvc.h>

#include "core/util/error.h"

namespace kiln::ui {

namespace {

// Graphviz keeps global state (its error handler, the context's plugins): one call at a time.
std::mutex& graphviz_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Graphviz's messages of the call in progress, guarded by graphviz_mutex().
std::string& graphviz_messages() {
  static std::string messages;
  return messages;
}

int collect_message(char* message) {
  graphviz_messages() += message;
  return 0;
}

// One context for the process: creating it loads Graphviz's plugin configuration.
GVC_t* graphviz_context() {
  struct Context {
    GVC_t* gvc = gvContext();
    ~Context() { gvFreeContext(gvc); }
  };
  static Context context;
  return context.gvc;
}

char* c_text(const char* text) {
  return const_cast<char*>(text);
}

void set(void* object, const char* name, const std::string& value) {
  agsafeset(object, c_text(name), c_text(value.c_str()), c_text(""));
}

// Graphviz reads backslash escapes (\N, \n, \l) in labels; the view draws the text as it is.
std::string plain_label(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

void set_shape(Agnode_t* node, lang::NodeKind kind) {
  switch (kind) {
  case lang::NodeKind::latent:
  case lang::NodeKind::observed:
    set(node, "shape", "circle");
    return;
  case lang::NodeKind::deterministic:
    set(node, "shape", "diamond");
    return;
  case lang::NodeKind::data:
    set(node, "shape", "square");
    return;
  case lang::NodeKind::param:
  case lang::NodeKind::module:
    set(node, "shape", "box");
    set(node, "fontsize", std::to_string(kSmallFontSize));
    set(node, "width", "0.3");
    set(node, "height", "0.25");
    set(node, "margin", "0.06,0.02");
    return;
  case lang::NodeKind::factor:
    set(node, "shape", "square");
    set(node, "fontsize", std::to_string(kSmallFontSize));
    set(node, "margin", "0.04,0.02");
    return;
  }
}

// dot routes an edge through one virtual node per rank it crosses, and its time grows fast with
// them: a chain of sites that all depend on the first (a traced time series) is quadratic. The
// size estimated with each node on the longest path from a root: nodes plus ranks crossed.
size_t layout_size(const lang::ModelGraph& graph) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < graph.nodes.size(); ++i)
    index.emplace(graph.nodes[i].name, i);
  std::vector<size_t> rank(graph.nodes.size(), 0);
  size_t size = graph.nodes.size();
  for (size_t i = 0; i < graph.nodes.size(); ++i)
    for (const auto& parent : graph.nodes[i].parents)
      if (auto p = index.find(parent); p != index.end() && p->second < i)
        rank[i] = std::max(rank[i], rank[p->second] + 1);
  for (size_t i = 0; i < graph.nodes.size(); ++i)
    for (const auto& parent : graph.nodes[i].parents)
      if (auto p = index.find(parent); p != index.end())
        size += rank[i] > rank[p->second] ? rank[i] - rank[p->second] : rank[p->second] - rank[i];
  return size;
}

// Above this size dot's iterations are capped (the layout is a little less tidy, and seconds
// faster); above the second, the graph is not laid out at all: it would take minutes.
constexpr size_t kLargeLayout = 400;
constexpr size_t kMaxLayout = 4000;

std::string plate_label(const lang::GraphPlate& plate) {
  const std::string size = plate.size ? std::to_string(*plate.size) : plate.size_text;
  return size.empty() ? plate.name : plate.name + " (" + size + ")";
}

struct GraphDeleter {
  GVC_t* gvc;
  bool laid_out = false;
  void operator()(Agraph_t* g) const {
    if (laid_out)
      gvFreeLayout(gvc, g);
    agclose(g);
  }
};

// Builds the Graphviz graph and reads its layout back, under graphviz_mutex().
class Builder {
public:
  explicit Builder(const lang::ModelGraph& graph) : graph_(graph) {}

  GraphLayout run() {
    const size_t size = layout_size(graph_);
    if (size > kMaxLayout)
      throw Error("the graph of " + graph_.model + " has " + std::to_string(graph_.nodes.size()) +
                  " nodes whose edges cross " + std::to_string(size - graph_.nodes.size()) +
                  " ranks: too large to draw here (`kiln graph --format dot` writes it for "
                  "Graphviz)");
    GVC_t* gvc = graphviz_context();
    std::unique_ptr<Agraph_t, GraphDeleter> g(agopen(c_text("model"), Agdirected, nullptr),
                                              GraphDeleter{gvc});
    root_ = g.get();
    set(root_, "rankdir", "TB");
    set(root_, "nodesep", "0.3");
    set(root_, "ranksep", "0.45");
    set(root_, "fontname", kLayoutFont);
    set(root_, "fontsize", std::to_string(kPlateFontSize));
    if (size > kLargeLayout) {
      set(root_, "mclimit", "0.1");
      set(root_, "nslimit", "1");
      set(root_, "nslimit1", "1");
    }
    // Plate notation puts the size in the bottom right corner.
    set(root_, "labelloc", "b");
    set(root_, "labeljust", "r");
    agattr(root_, AGNODE, c_text("fontname"), c_text(kLayoutFont));
    agattr(root_, AGNODE, c_text("fontsize"), c_text(std::to_string(kNodeFontSize).c_str()));
    agattr(root_, AGNODE, c_text("margin"), c_text("0.04,0.02"));

    for (size_t i = 0; i < graph_.plates.size(); ++i)
      plate_graph(i);
    for (size_t i = 0; i < graph_.nodes.size(); ++i)
      add_node(i);
    add_edges();

    if (gvLayout(gvc, root_, "dot") != 0)
      throw Error("the graph of " + graph_.model + " could not be laid out: " +
                  (graphviz_messages().empty() ? "Graphviz gave no reason" : graphviz_messages()));
    g.get_deleter().laid_out = true;
    return read_layout();
  }

private:
  // The cluster of plate `i`, made inside its parent's cluster (parents first).
  Agraph_t* plate_graph(size_t i) {
    if (auto found = clusters_.find(i); found != clusters_.end())
      return found->second;
    const lang::GraphPlate& plate = graph_.plates[i];
    Agraph_t* parent = root_;
    if (!plate.parent.empty() && visiting_.insert(i).second) {
      for (size_t k = 0; k < graph_.plates.size(); ++k)
        if (graph_.plates[k].name == plate.parent && k != i) {
          parent = plate_graph(k);
          break;
        }
      visiting_.erase(i);
    }
    if (auto found = clusters_.find(i); found != clusters_.end()) // made while we recursed
      return found->second;
    const std::string id = "cluster_" + std::to_string(i);
    Agraph_t* cluster = agsubg(parent, c_text(id.c_str()), 1);
    set(cluster, "label", plain_label(plate_label(plate)));
    set(cluster, "margin", "10");
    clusters_[i] = cluster;
    return cluster;
  }

  void add_node(size_t i) {
    const lang::GraphNode& n = graph_.nodes[i];
    Agraph_t* home = root_;
    if (!n.plates.empty())
      for (size_t k = 0; k < graph_.plates.size(); ++k)
        if (graph_.plates[k].name == n.plates.back()) {
          home = clusters_.at(k);
          break;
        }
    const std::string id = "n" + std::to_string(i);
    Agnode_t* node = agnode(home, c_text(id.c_str()), 1);
    set(node, "label", plain_label(n.name));
    set_shape(node, n.kind);
    nodes_.push_back(node);
    index_.emplace(n.name, i);
  }

  void add_edges() {
    for (size_t i = 0; i < graph_.nodes.size(); ++i) {
      std::set<size_t> seen;
      for (const std::string& parent : graph_.nodes[i].parents) {
        auto p = index_.find(parent);
        if (p == index_.end() || p->second == i || !seen.insert(p->second).second)
          continue;
        edges_.push_back({agedge(root_, nodes_[p->second], nodes_[i], nullptr, 1), p->second, i});
      }
    }
  }

  QPointF point(pointf p) const { return {p.x - bb_.LL.x, bb_.UR.y - p.y}; }
  QRectF rect(boxf b) const { return QRectF(point(b.LL), point(b.UR)).normalized(); }

  GraphLayout read_layout() {
    bb_ = GD_bb(root_);
    GraphLayout layout;
    layout.bounds = rect(bb_);
    for (size_t i = 0; i < nodes_.size(); ++i) {
      Agnode_t* node = nodes_[i];
      const double width = ND_width(node) * 72.0;
      const double height = ND_height(node) * 72.0;
      const QPointF centre = point(ND_coord(node));
      layout.nodes.push_back(
          {graph_.nodes[i].name, graph_.nodes[i].kind,
           QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)});
    }
    for (const Edge& e : edges_) {
      EdgeGeometry edge{graph_.nodes[e.from].name, graph_.nodes[e.to].name, {}, {}};
      const splines* spl = ED_spl(e.edge);
      if (spl && spl->size > 0) {
        const bezier& bz = spl->list[0];
        for (int k = 0; k < bz.size; ++k)
          edge.spline.push_back(point(bz.list[k]));
        edge.head = bz.eflag ? point(bz.ep) : edge.spline.back();
      }
      layout.edges.push_back(std::move(edge));
    }
    add_plates(root_, 0, layout);
    return layout;
  }

  // Plates in the order of a walk from the outside in, skipping plates with nothing inside.
  void add_plates(Agraph_t* g, int depth, GraphLayout& layout) const {
    for (size_t i = 0; i < graph_.plates.size(); ++i) {
      auto c = clusters_.find(i);
      if (c == clusters_.end() || agparent(c->second) != g || agnnodes(c->second) == 0)
        continue;
      Agraph_t* cluster = c->second;
      PlateGeometry plate{
          graph_.plates[i].name, plate_label(graph_.plates[i]), rect(GD_bb(cluster)), {}, depth};
      if (const textlabel_t* label = GD_label(cluster)) {
        const QPointF centre = point(label->pos);
        plate.label_box = QRectF(centre.x() - label->dimen.x / 2, centre.y() - label->dimen.y / 2,
                                 label->dimen.x, label->dimen.y);
      }
      layout.plates.push_back(std::move(plate));
      add_plates(cluster, depth + 1, layout);
    }
  }

  struct Edge {
    Agedge_t* edge;
    size_t from;
    size_t to;
  };

  const lang::ModelGraph& graph_;
  Agraph_t* root_ = nullptr;
  boxf bb_{};
  std::map<size_t, Agraph_t*> clusters_;
  std::set<size_t> visiting_; // plates whose parents are being made: a cycle ends at the top
  std::vector<Agnode_t*> nodes_;
  std::map<std::string, size_t> index_;
  std::vector<Edge> edges_;
};

} // namespace

const NodeGeometry* GraphLayout::node(const std::string& name) const {
  for (const auto& n : nodes)
    if (n.name == name)
      return &n;
  return nullptr;
}

const PlateGeometry* GraphLayout::plate(const std::string& name) const {
  for (const auto& p : plates)
    if (p.name == name)
      return &p;
  return nullptr;
}

GraphLayout layout_graph(const lang::ModelGraph& graph) {
  std::lock_guard<std::mutex> lock(graphviz_mutex());
  graphviz_messages().clear();
  const agusererrf previous = agseterrf(collect_message);
  struct Restore {
    agusererrf previous;
    ~Restore() { agseterrf(previous); }
  } restore{previous};
  return Builder(graph).run();
}

} // namespace kiln::ui
