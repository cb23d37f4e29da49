#pragma once
// The static pass: the model graph read off a model function's code, without running it.
//
// It follows the dataflow of local variables (which sites and data each value may derive
// from) through assignments (tuples element by element), augmented and subscript assignments,
// method calls (which may mutate their object), if/for/while bodies (to a fixpoint; values
// assigned under a condition also depend on it), comprehensions, lambdas, and calls of the
// file's own functions (inlined; a function without sites called recursively is treated as a
// pure function of its arguments). It reads pyro.sample / deterministic / param / factor /
// module, plates (`with pyro.plate(...) as i`, `for i in pyro.plate(...)`, plates kept in
// variables), and passes through pyro.markov, poutine.scale/mask/block and
// config_enumerate. A sample site is observed when its obs= is not None (with data bound, an
// argument the data gives as null, or leaves to a None default, is None). Shapes count as
// dependencies: `dist.Normal(0, 1).expand([p])` depends on whatever `p` came from.
//
// Where it cannot be faithful it says so instead of guessing: a site whose name is not a
// string literal (or a helper's argument that was given one), a site inside a loop that is not a
// plate (range, pyro.markov, while, comprehensions), recursion through a function with sites, a
// call it cannot follow while functions with sites are passed around as values, poutine handlers
// other than scale/mask/block, a context manager it does not know, the model function rebound to
// something else. Aliasing is not tracked: a list mutated through a second name keeps the
// dependencies of the name it was mutated through.

#include <optional>
#include <string>
#include <vector>

#include "core/lang/ast.h"
#include "core/lang/data_binding.h"
#include "core/lang/model_graph.h"
#include "core/lang/source.h"

namespace kiln::lang {

struct StaticGraphResult {
  // Absent when the model is too dynamic for the static pass.
  std::optional<ModelGraph> graph;
  // Then why, with the line: "line 12: the site name "x_{}".format(i) is not a string literal".
  std::string reason;
};

// The graph of `function` in `module` (parsed from `source`). With `data`, plate sizes given
// by an argument (`J`, `len(data)`, `x.shape[0]`, `N` after `N, P = x.shape`) become numbers. Throws kiln::Error when the
// module defines no such function.
StaticGraphResult static_graph(const Module& module, const Source& source,
                               const std::string& function, const DataMap* data = nullptr);

// A call of a site primitive (pyro.sample, param, deterministic, factor, module) in the file:
// the pattern of its name, with `*` for each computed part ("x_*" for "x_{}".format(t) and for
// "x_" + str(t)), and the call's span. The traced graph finds its sites' spans with these.
struct SiteCall {
  std::string pattern;
  Span span;
};

// The calls inside `function` first, then those elsewhere in the file; calls whose name is
// wholly computed are left out.
std::vector<SiteCall> site_calls(const Module& module, const Source& source,
                                 const std::string& function);

// Whether `name` fits `pattern` (`*` matches any run of characters).
bool name_matches(const std::string& pattern, const std::string& name);

} // namespace kiln::lang
