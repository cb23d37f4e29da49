#include "core/poutine/handlers/block.h"

#include <algorithm>

#include "core/util/error.h"

namespace kiln::poutine {

namespace {

void check_disjoint(const std::set<std::string>& a, const std::set<std::string>& b,
                    const char* what) {
  for (const auto& x : a)
    if (b.count(x))
      throw Error(std::string("block: ") + what + " '" + x + "' is both hidden and exposed");
}

const char* block_type(const Message& msg) {
  if (msg.type == SiteType::Sample && msg.is_observed)
    return "observe";
  return site_type_name(msg.type);
}

} // namespace

BlockHandler::BlockHandler(BlockSpec spec) : spec_(std::move(spec)) {
  check_disjoint(spec_.hide, spec_.expose, "site");
  check_disjoint(spec_.hide_types, spec_.expose_types, "site type");
  if (!spec_.hide.empty() || !spec_.hide_types.empty())
    hide_all_ = false;
  if (!spec_.expose.empty() || !spec_.expose_types.empty())
    hide_all_ = true;
}

bool BlockHandler::hides(const Message& msg) const {
  if (spec_.hide_fn)
    return spec_.hide_fn(msg);
  if (spec_.expose_fn)
    return !spec_.expose_fn(msg);
  const std::string type = block_type(msg);
  if (spec_.hide.count(msg.name) || spec_.hide_types.count(type))
    return true;
  const bool exposed = spec_.expose.count(msg.name) || spec_.expose_types.count(type);
  return hide_all_ && !exposed;
}

void BlockHandler::process_message(Message& msg) {
  if (msg.type == SiteType::Subsample)
    return;
  if (hides(msg))
    msg.stop = true;
}

Model block(Model model, BlockSpec spec) {
  return with_handler<BlockHandler>(std::move(model), spec);
}

} // namespace kiln::poutine
