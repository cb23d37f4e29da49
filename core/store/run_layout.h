#pragma once
// What a stored run's draws look like: the sites in order with their shapes (one draw is their
// values flattened row-major and concatenated, as float64) and the names of the sampler
// statistics stored beside each draw. Written once per run, as JSON.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace kiln::store {

enum class Phase { Warmup = 0, Sampling = 1 };

enum class RunStatus { Running, Completed, Failed, Cancelled, Interrupted };

std::string status_name(RunStatus status);

struct SiteLayout {
  std::string name;
  std::vector<int64_t> shape;    // of one draw; {} for a scalar
  std::string dtype = "float64"; // the site's own dtype ("int64", "bool"): values are float64
  bool deterministic = false;    // a deterministic site, not a latent one
  int64_t size() const;
};

struct RunLayout {
  std::vector<SiteLayout> sites;
  std::vector<std::string> stats; // sampler statistic names, e.g. CmdStan's lp__ ...

  int64_t width() const; // doubles per draw
  nlohmann::json to_json() const;
  // Throws kiln::Error on a malformed layout (`where` names the run).
  static RunLayout from_json(const nlohmann::json& json, const std::string& where);
};

} // namespace kiln::store
