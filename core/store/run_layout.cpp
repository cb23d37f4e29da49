#include "core/store/run_layout.h"

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace kiln::store {

std::string status_name(RunStatus status) {
  switch (status) {
  case RunStatus::Running:
    return "running";
  case RunStatus::Completed:
    return "completed";
  case RunStatus::Failed:
    return "failed";
  case RunStatus::Cancelled:
    return "cancelled";
  case RunStatus::Interrupted:
    return "interrupted";
  }
  return "failed";
}

int64_t SiteLayout::size() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t RunLayout::width() const {
  int64_t n = 0;
  for (const auto& s : sites)
    n += s.size();
  return n;
}

nlohmann::json RunLayout::to_json() const {
  nlohmann::json out = {{"sites", nlohmann::json::array()}, {"stats", stats}};
  for (const auto& s : sites)
    out["sites"].push_back({{"name", s.name},
                            {"shape", s.shape},
                            {"dtype", s.dtype},
                            {"deterministic", s.deterministic}});
  return out;
}

RunLayout RunLayout::from_json(const nlohmann::json& json, const std::string& where) {
  try {
    RunLayout layout;
    for (const auto& s : json.at("sites")) {
      SiteLayout site{s.at("name").get<std::string>(), s.at("shape").get<std::vector<int64_t>>(),
                      s.at("dtype").get<std::string>(), s.value("deterministic", false)};
      for (int64_t d : site.shape)
        if (d < 0)
          throw Error("negative size in the shape of '" + site.name + "'");
      layout.sites.push_back(std::move(site));
    }
    layout.stats = json.at("stats").get<std::vector<std::string>>();
    return layout;
  } catch (const nlohmann::json::exception& e) {
    throw Error(where + ": the stored layout is damaged (" + e.what() + ")");
  } catch (const Error& e) {
    throw Error(where + ": the stored layout is damaged (" + e.what() + ")");
  }
}

} // namespace kiln::store
