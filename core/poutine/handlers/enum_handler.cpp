#include "core/poutine/handlers/enum_handler.h"

#include <algorithm>

#include <ATen/ATen.h>

#include "core/poutine/handlers/markov.h"
#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "core/util/shape.h"

namespace kiln::poutine {

namespace {

int64_t checked_first_dim(int64_t first_available_dim) {
  if (first_available_dim >= 0)
    throw DomainError("enum: first_available_dim is " + std::to_string(first_available_dim) +
                      ", but must be negative (counted from the right, left of every plate)");
  return first_available_dim;
}

// The dim -> id map stored in infer["_dim_to_id"] as an int64 tensor of (dim, id) rows.
at::Tensor encode_dim_to_id(const std::map<int64_t, int64_t>& dim_to_id) {
  at::Tensor rows = at::empty({static_cast<int64_t>(dim_to_id.size()), 2}, at::kLong);
  int64_t* out = rows.data_ptr<int64_t>();
  for (const auto& [dim, id] : dim_to_id) {
    *out++ = dim;
    *out++ = id;
  }
  return rows;
}

// Moves the leading dim of `value` (the support, as enumerate_support lays it out) to batch
// dim `target` (negative, counted from the right of the batch part).
at::Tensor move_support_dim(at::Tensor value, int64_t target, int64_t event_dim,
                            const Message& msg) {
  const int64_t leading = event_dim - value.dim(); // the batch dim the support is at now
  if (target < leading) {
    std::vector<int64_t> shape = value.sizes().vec();
    shape.insert(shape.begin() + 1, static_cast<size_t>(leading - target), 1);
    return value.reshape(shape);
  }
  if (target == leading)
    return value;
  // The batch shape reaches past the target dim: it must be free (size 1) there.
  if (value.size(target - event_dim) != 1)
    throw ShapeError("enum: site '" + msg.name + "' gets enumeration dim " +
                     std::to_string(target) + ", but its distribution " + msg.fn->name() +
                     " has batch shape " + format_shape(msg.fn->batch_shape()) +
                     ", which uses that dim: it depends on an enumerated site that is no longer "
                     "visible (raise the markov history?)");
  value = value.transpose(target - event_dim, 0);
  while (value.dim() > event_dim - target && value.size(0) == 1)
    value = value.squeeze(0);
  return value;
}

} // namespace

EnumAllocator::EnumAllocator(int64_t first_available_dim)
    : next_dim_(checked_first_dim(first_available_dim)) {}

std::pair<int64_t, int64_t> EnumAllocator::allocate_global() {
  const int64_t dim = next_dim_--;
  const int64_t id = next_id_++;
  global_dims_[dim] = id;
  return {dim, id};
}

std::pair<int64_t, int64_t> EnumAllocator::allocate_local(const std::set<int64_t>& unsafe) {
  int64_t dim = next_dim_;
  while (unsafe.count(dim))
    --dim;
  return {dim, next_id_++};
}

EnumHandler::EnumHandler(int64_t first_available_dim)
    : first_available_dim_(first_available_dim),
      allocator_(std::make_shared<EnumAllocator>(first_available_dim)) {}

EnumHandler::EnumHandler(std::shared_ptr<EnumAllocator> allocator)
    : allocator_(std::move(allocator)) {
  if (!allocator_)
    throw Error("enum: the allocator to continue from is null");
}

void EnumHandler::enter() {
  if (first_available_dim_)
    allocator_ = std::make_shared<EnumAllocator>(*first_available_dim_);
  markov_depths_.clear();
  scope_dims_.clear();
  value_dims_.clear();
}

bool EnumHandler::scope_of(const Message& msg, std::map<int64_t, int64_t>& dims) {
  dims = allocator_->global_dims();
  // The markov contexts the message passed through before reaching this handler.
  std::map<std::string, int64_t> counts;
  int64_t depth = 0;
  const std::vector<Handler*>& stack = runtime().stack;
  auto inner = std::find(stack.begin(), stack.end(), this);
  if (inner != stack.end())
    ++inner;
  for (; inner != stack.end(); ++inner)
    if (auto* markov = dynamic_cast<const MarkovHandler*>(*inner)) {
      markov->count_visible(counts);
      ++depth;
    }
  if (depth == 0)
    return false;
  // A site is visible when it is visible in as many contexts as it was recorded in: one of its
  // contexts that has since been left (an inner chain of an earlier step) hides it.
  for (const auto& [name, count] : counts) {
    auto recorded = markov_depths_.find(name);
    if (name == msg.name || recorded == markov_depths_.end() || recorded->second != count)
      continue;
    for (const auto& [dim, id] : value_dims_[name])
      dims[dim] = id;
  }
  markov_depths_[msg.name] = depth;
  return true;
}

void EnumHandler::process_message(Message& msg) {
  if (msg.type != SiteType::Sample || !msg.fn || msg.done)
    return;
  std::map<int64_t, int64_t>& in_scope = scope_dims_[msg.name];
  const bool in_markov = scope_of(msg, in_scope);
  // The site's log density may vary along every dim in scope. Written now rather than on the
  // way back up, because a trace around this handler records the site before that.
  std::map<int64_t, int64_t> dim_to_id = enum_dim_to_id(msg.infer);
  for (const auto& [dim, id] : in_scope)
    dim_to_id[dim] = id;
  if (!msg.is_observed && !msg.value.defined() &&
      infer_string(msg.infer, "enumerate") == "parallel") {
    if (!msg.fn->has_enumerate_support())
      throw NotSupportedError("enum: site '" + msg.name +
                              "' is marked for parallel enumeration, but its distribution " +
                              msg.fn->name() + " has no finite support to enumerate");
    at::Tensor value = msg.fn->enumerate_support(infer_bool(msg.infer, "expand", false));
    std::set<int64_t> unsafe;
    for (const auto& entry : in_scope)
      unsafe.insert(entry.first);
    const auto [dim, id] =
        in_markov ? allocator_->allocate_local(unsafe) : allocator_->allocate_global();
    msg.value = move_support_dim(value, dim, msg.fn->event_dim(), msg);
    msg.infer["_enumerate_dim"] = dim;
    msg.done = true;
    dim_to_id[dim] = id;
  }
  if (!dim_to_id.empty())
    msg.infer["_dim_to_id"] = encode_dim_to_id(dim_to_id);
}

void EnumHandler::postprocess_message(Message& msg) {
  if (msg.type != SiteType::Sample || !msg.fn || !msg.value.defined())
    return;
  // The dims along which the value varies are passed on to the sites that use it. (An outer
  // replay may have replaced the infer dict since process_message: the scope is merged again.)
  std::map<int64_t, int64_t> dim_to_id = enum_dim_to_id(msg.infer);
  auto scope = scope_dims_.find(msg.name);
  if (scope != scope_dims_.end())
    for (const auto& [dim, id] : scope->second)
      dim_to_id[dim] = id;
  const int64_t event_dim = msg.fn->event_dim();
  const int64_t batch_rank = msg.value.dim() - event_dim;
  std::map<int64_t, int64_t>& carried = value_dims_[msg.name];
  carried.clear();
  for (const auto& [dim, id] : dim_to_id)
    if (-dim <= batch_rank && msg.value.size(dim - event_dim) > 1)
      carried[dim] = id;
}

Model enum_(Model model, int64_t first_available_dim) {
  checked_first_dim(first_available_dim);
  return with_handler<EnumHandler>(std::move(model), first_available_dim);
}

Model enum_(Model model, std::shared_ptr<EnumAllocator> allocator) {
  if (!allocator)
    throw Error("enum: the allocator to continue from is null");
  return with_handler<EnumHandler>(std::move(model), allocator);
}

std::map<int64_t, int64_t> enum_dim_to_id(const InferDict& infer) {
  std::map<int64_t, int64_t> dim_to_id;
  auto it = infer.find("_dim_to_id");
  if (it == infer.end() || !std::holds_alternative<at::Tensor>(it->second))
    return dim_to_id;
  const at::Tensor rows = std::get<at::Tensor>(it->second).to(at::kLong).contiguous();
  const int64_t* in = rows.data_ptr<int64_t>();
  for (int64_t i = 0; i < rows.size(0); ++i)
    dim_to_id[in[2 * i]] = in[2 * i + 1];
  return dim_to_id;
}

} // namespace kiln::poutine
