#include "app/kiln/graph_command.h"

#include "app/kiln/model_loading.h"
#include "core/lang/build_model_graph.h"

namespace kiln::cli {

namespace {

int run_graph(const ParsedOptions& options, std::ostream& out, std::ostream& err) {
  const std::string format = options.get_choice("format", {"json", "dot"}, "json");
  const int64_t seed = options.get_int("seed", 0, 0);
  auto loaded = load_model(options, err);
  if (!loaded)
    return 1;
  lang::GraphRequest request;
  request.function = loaded->function;
  if (options.has("data")) {
    loaded->bind(err); // warns about data the model does not take, and checks the arguments
    request.data = &loaded->data;
    request.data_source = loaded->data_path;
  }
  request.mode = options.has("traced") ? lang::GraphMode::traced : lang::GraphMode::automatic;
  request.seed = static_cast<uint64_t>(seed);
  const lang::ModelGraph graph = lang::model_graph(*loaded->file, request);
  if (!graph.fallback_reason.empty())
    err << "note: " << loaded->function << "() is too dynamic for the static graph ("
        << graph.fallback_reason << "); this graph is from a traced run\n";
  out << (format == "json" ? lang::to_json(graph) : lang::to_dot(graph));
  return 0;
}

} // namespace

Command graph_command() {
  return {
      {"graph",
       {"MODEL.py"},
       "print the model graph (sites, parents, plates) as JSON or DOT",
       "Prints the graph of the model: its sites (latent, observed, deterministic, param,\n"
       "module, factor) with their distributions and source lines, the data arguments\n"
       "that feed them, which nodes each depends on, and the plates with their sizes.\n"
       "The graph is read from the code when the model allows it; for models too dynamic\n"
       "for that (site names computed in loops, recursion) it comes from one seeded run,\n"
       "which needs --data unless the model takes no required arguments, and a note on\n"
       "standard error says why.",
       {data_option(),
        model_option(),
        {"format", "json|dot", "the output: JSON (default) or Graphviz DOT"},
        {"traced", "", "build the graph from a traced run even when the code allows a static one"},
        {"seed", "N", "the seed of the traced run (default 0)"}}},
      run_graph};
}

} // namespace kiln::cli
