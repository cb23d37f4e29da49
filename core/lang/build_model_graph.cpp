#include "core/lang/build_model_graph.h"

#include "core/lang/static_graph.h"
#include "core/lang/traced_graph.h"
#include "core/util/error.h"

namespace kiln::lang {

ModelGraph model_graph(const ModelFile& file, const GraphRequest& request) {
  const std::string& name = file.source().name();
  if (!file.ok())
    throw Error(name + " has errors; fix them to get its model graph");
  std::string reason;
  if (request.mode == GraphMode::automatic) {
    StaticGraphResult result;
    try {
      result = static_graph(file.program().module(), file.source(), request.function, request.data);
    } catch (const Error&) {
      file.function(request.function); // says which functions there are, and did you mean
      throw;
    }
    if (result.graph)
      return *result.graph;
    reason = result.reason;
  }
  // Only a run needs the function object: a model rebound to a wrapper of itself at module
  // level has a static graph all the same.
  const Function& fn = file.function(request.function);
  DataMap none;
  if (!request.data) {
    std::string required;
    for (const auto& p : fn.signature.params())
      if ((p.kind == Param::Kind::positional || p.kind == Param::Kind::keyword_only) &&
          !p.default_value)
        required += (required.empty() ? "" : ", ") + p.name;
    if (!required.empty())
      throw Error(name + ": " +
                  (reason.empty() ? "the traced graph of " + request.function + "()"
                                  : request.function + "() is too dynamic for the static graph (" +
                                        reason + "), and its traced graph") +
                  " needs data for its arguments " + required);
  }
  ModelGraph g = traced_graph(file, request.function, request.data ? *request.data : none,
                              request.data_source, request.seed);
  g.fallback_reason = reason;
  return g;
}

} // namespace kiln::lang
