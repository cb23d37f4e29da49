#pragma once
// poutine.block: hides sites from the handlers outside it (they are neither traced nor
// conditioned there). Pyro's rules: by default everything is hidden; naming sites or types to
// hide hides only those; naming sites or types to expose hides all the others. Observed sample
// sites have the type "observe" here.

#include <functional>
#include <set>
#include <string>

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

struct BlockSpec {
  std::set<std::string> hide;
  std::set<std::string> expose;
  // "sample", "observe", "param", "plate", "deterministic".
  std::set<std::string> hide_types;
  std::set<std::string> expose_types;
  // Overrides the sets when given: true hides the site.
  std::function<bool(const Message&)> hide_fn;
  // Overrides the sets when given: true exposes the site, the others are hidden.
  std::function<bool(const Message&)> expose_fn;
};

class BlockHandler : public Handler {
public:
  // Throws kiln::Error when a site or type is both hidden and exposed.
  explicit BlockHandler(BlockSpec spec = {});
  void process_message(Message& msg) override;
  bool hides(const Message& msg) const;

private:
  BlockSpec spec_;
  bool hide_all_ = true;
};

Model block(Model model, BlockSpec spec = {});

} // namespace kiln::poutine
