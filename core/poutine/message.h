#pragma once
// The message every primitive sends down the handler stack (Pyro's `Message`). Handlers read
// and change its fields; the default step fills `value` when no handler did.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/dist/distribution.h"

namespace kiln::poutine {

enum class SiteType {
  Sample,        // pyro.sample, and pyro.factor (a Unit distribution, observed)
  Param,         // pyro.param
  Deterministic, // pyro.deterministic: a named function of other sites
  Plate,         // the subsample indices drawn by a plate
  Subsample,     // pyro.subsample(data, event_dim): data cut to the plates' subsamples
};

// "sample", "param", ...: the names Pyro's traces and poutine.block use.
const char* site_type_name(SiteType type);

// A value in a site's `infer` dict: {"enumerate": "parallel"}, {"is_auxiliary": true},
// {"_enumerate_dim": -3}, {"obs": tensor} (kept by uncondition).
using InferValue = std::variant<bool, int64_t, double, std::string, at::Tensor>;
using InferDict = std::map<std::string, InferValue>;

// Typed lookups that return `fallback` when the key is missing or holds another type.
std::string infer_string(const InferDict& infer, const std::string& key,
                         const std::string& fallback = "");
bool infer_bool(const InferDict& infer, const std::string& key, bool fallback = false);
int64_t infer_int(const InferDict& infer, const std::string& key, int64_t fallback = 0);

// One plate a site sits in (Pyro's CondIndepStackFrame).
struct CondIndepFrame {
  std::string name;
  // The batch dim the plate broadcasts along (negative, from the right); absent for sequential
  // plates, whose iterations are independent but not vectorized.
  std::optional<int64_t> dim;
  // The size of the plate as the site sees it: the subsample size when subsampled.
  int64_t size = 0;
  // The plate's full size, before subsampling.
  int64_t full_size = 0;
  // The iteration of a sequential plate; 0 for vectorized plates.
  int64_t counter = 0;

  bool vectorized() const { return dim.has_value(); }
  bool operator==(const CondIndepFrame& other) const;
};

// The weight on a site's log density: a number, times a tensor when poutine.scale was given
// one. Kept as a number in the common case so that a plain model builds no extra tensors.
struct Scale {
  double factor = 1.0;
  at::Tensor tensor; // undefined: 1

  bool is_one() const { return factor == 1.0 && !tensor.defined(); }
  Scale& operator*=(double x);
  Scale& operator*=(const at::Tensor& t);
  at::Tensor apply(const at::Tensor& log_prob) const;
};

struct Message {
  SiteType type = SiteType::Sample;
  std::string name;
  // Sample sites: the distribution (plates broadcast it to their batch shape).
  dist::DistPtr fn;
  // The site's value; undefined until a handler or the default step sets it.
  at::Tensor value;
  // True when the value is data (obs=, condition) rather than drawn.
  bool is_observed = false;
  // Instructions to inference algorithms: {"enumerate": "parallel"}, ...
  InferDict infer;
  Scale scale;
  // Where false, the site's log density is dropped; undefined means everywhere true.
  at::Tensor mask;
  // The plates around the site, outermost first.
  std::vector<CondIndepFrame> cond_indep_stack;
  // Set by a handler that has decided the value: the default step leaves it alone.
  bool done = false;
  // Set by a handler to keep the message from the handlers below it (poutine.block).
  bool stop = false;

  // Param sites: the initial value (called once, when the store lacks the name), the
  // constraint the value lives in, and how many rightmost dims make one event.
  std::function<at::Tensor()> init;
  dist::ConstraintPtr constraint;
  // Param and Subsample sites: rightmost dims not indexed by plates (absent: not indexed).
  std::optional<int64_t> event_dim;

  // Plate sites: the full size and the size of the subsample to draw.
  int64_t plate_size = 0;
  int64_t subsample_size = 0;
};

} // namespace kiln::poutine
