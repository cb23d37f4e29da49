#include "core/poutine/plate.h"

#include <algorithm>
#include <set>

#include <ATen/ATen.h>

#include "core/poutine/runtime.h"
#include "core/util/error.h"
#include "core/util/shape.h"

namespace kiln::poutine {

namespace {

// The plate frames of the stack that are active now, except `self`.
std::vector<const PlateHandler*> active_plates(const Handler* self) {
  std::vector<const PlateHandler*> plates;
  for (const Handler* h : runtime().stack)
    if (h != self)
      if (auto* p = dynamic_cast<const PlateHandler*>(h))
        plates.push_back(p);
  return plates;
}

void check_not_active(const std::string& name, const Handler* self) {
  for (const PlateHandler* other : active_plates(self))
    if (other->name() == name)
      throw Error("plate '" + name + "' is already active: nested plates need distinct names");
}

void add_frame(Message& msg, CondIndepFrame frame) {
  // Inner plates see the message first; prepending keeps the stack outermost first.
  msg.cond_indep_stack.insert(msg.cond_indep_stack.begin(), std::move(frame));
}

// Draws the subsample through the stack, so that handlers can record or replace it.
at::Tensor subsample_indices(const std::string& name, int64_t size, int64_t subsample_size,
                             const at::Tensor& given) {
  Message msg;
  msg.type = SiteType::Plate;
  msg.name = name;
  msg.plate_size = size;
  msg.subsample_size = subsample_size;
  msg.value = given;
  apply_stack(msg);
  return msg.value;
}

int64_t checked_size(const std::string& name, int64_t size) {
  if (size < 0)
    throw DomainError("plate '" + name + "': size is " + std::to_string(size) +
                      ", but must be nonnegative");
  return size;
}

// One iteration of a sequential plate.
class SequentialStep : public Handler {
public:
  SequentialStep(CondIndepFrame frame, double scale) : frame_(std::move(frame)), scale_(scale) {}
  void process_message(Message& msg) override {
    if (msg.type == SiteType::Plate)
      return;
    add_frame(msg, frame_);
    if (msg.type == SiteType::Sample)
      msg.scale *= scale_;
  }

private:
  CondIndepFrame frame_;
  double scale_;
};

} // namespace

PlateHandler::PlateHandler(std::string name, int64_t size, PlateOptions options)
    : name_(std::move(name)), size_(checked_size(name_, size)), requested_dim_(options.dim) {
  check_not_active(name_, this);
  if (requested_dim_ && *requested_dim_ >= 0)
    throw DomainError("plate '" + name_ + "': dim is " + std::to_string(*requested_dim_) +
                      ", but must be negative (counted from the right)");
  if (options.subsample.defined()) {
    if (options.subsample.dim() != 1 || options.subsample.is_floating_point())
      throw ShapeError("plate '" + name_ + "': subsample must be a 1-d integer tensor, got " +
                       format_shape(options.subsample.sizes().vec()));
    subsample_size_ = options.subsample.size(0);
  } else if (options.subsample_size < 0 || options.subsample_size > size_) {
    throw DomainError("plate '" + name_ + "': subsample_size is " +
                      std::to_string(options.subsample_size) + ", but must be in [0, " +
                      std::to_string(size_) + "]");
  } else {
    subsample_size_ = options.subsample_size > 0 ? options.subsample_size : size_;
  }
  indices_ = subsample_indices(name_, size_, subsample_size_, options.subsample);
  // A handler may have drawn a batch of another size (SubsampleSizeHandler) or replayed one.
  subsample_size_ = indices_.size(0);
}

CondIndepFrame PlateHandler::frame() const {
  CondIndepFrame f;
  f.name = name_;
  f.dim = dim_;
  f.size = subsample_size_;
  f.full_size = size_;
  return f;
}

void PlateHandler::enter() {
  std::optional<int64_t> wanted = dim_ ? dim_ : requested_dim_;
  std::set<int64_t> used;
  check_not_active(name_, this);
  for (const PlateHandler* other : active_plates(this))
    if (other->dim())
      used.insert(*other->dim());
  int64_t free_dim = -1;
  while (used.count(free_dim))
    --free_dim;
  if (wanted && used.count(*wanted)) {
    std::string holder;
    for (const PlateHandler* other : active_plates(this))
      if (other->dim() == wanted)
        holder = other->name();
    throw ShapeError("plate '" + name_ + "' cannot use dim " + std::to_string(*wanted) +
                     ": plate '" + holder + "' already uses it; try dim=" +
                     std::to_string(free_dim));
  }
  dim_ = wanted ? *wanted : free_dim;
}

void PlateHandler::process_message(Message& msg) {
  if (msg.type == SiteType::Plate)
    return;
  add_frame(msg, frame());
  if (msg.type != SiteType::Sample)
    return;
  if (subsample_size_ < size_)
    msg.scale *= static_cast<double>(size_) / static_cast<double>(subsample_size_);
  broadcast_to_plates(msg);
}

void PlateHandler::postprocess_message(Message& msg) {
  if ((msg.type != SiteType::Param && msg.type != SiteType::Subsample) || !msg.event_dim ||
      !msg.value.defined())
    return;
  const int64_t dim = *dim_ - *msg.event_dim;
  const at::Tensor& value = msg.value;
  if (value.dim() < -dim || value.size(dim) == 1)
    return;
  if (value.size(dim) != size_) {
    std::string statement = msg.type == SiteType::Param
                                ? "param '" + msg.name + "'"
                                : std::string("the data given to subsample");
    throw ShapeError("inside plate '" + name_ + "' (size " + std::to_string(size_) + ", dim " +
                     std::to_string(*dim_) + "): " + statement + " has shape " +
                     format_shape(value.sizes().vec()) + " with event_dim " +
                     std::to_string(*msg.event_dim) + ", so dim " + std::to_string(dim) +
                     " should have size " + std::to_string(size_));
  }
  if (subsample_size_ < size_)
    msg.value = value.index_select(dim, indices_);
}

Plate::Plate(std::string name, int64_t size, PlateOptions options)
    : handler_(std::move(name), size, std::move(options)), scope_(handler_) {}

struct SequentialPlate::Step {
  Step(CondIndepFrame frame, double scale) : handler(std::move(frame), scale), scope(handler) {}
  SequentialStep handler;
  HandlerScope scope;
};

SequentialPlate::SequentialPlate(std::string name, int64_t size, PlateOptions options)
    : name_(std::move(name)), size_(size) {
  options.dim.reset();
  PlateHandler plate(name_, size, options);
  indices_ = plate.indices().to(at::kLong).contiguous();
  scale_ = static_cast<double>(plate.size()) / static_cast<double>(plate.subsample_size());
}

SequentialPlate::~SequentialPlate() = default;

bool SequentialPlate::next(int64_t& index) {
  step_.reset();
  if (position_ >= indices_.numel())
    return false;
  index = indices_.data_ptr<int64_t>()[position_++];
  CondIndepFrame frame;
  frame.name = name_;
  frame.size = indices_.numel();
  frame.full_size = size_;
  frame.counter = index;
  step_ = std::make_unique<Step>(std::move(frame), scale_);
  return true;
}

void plate_loop(const std::string& name, int64_t size, const std::function<void(int64_t)>& body,
                PlateOptions options) {
  SequentialPlate plate(name, size, std::move(options));
  int64_t i = 0;
  while (plate.next(i))
    body(i);
}

void broadcast_to_plates(Message& msg) {
  if (msg.done || msg.type != SiteType::Sample || !msg.fn)
    return;
  const Shape& actual = msg.fn->batch_shape();
  // Entries left unknown (-1) take the distribution's own size, or 1.
  std::vector<int64_t> target(actual.size());
  for (size_t i = 0; i < actual.size(); ++i)
    target[i] = actual[i] == 1 ? -1 : actual[i];
  for (const CondIndepFrame& f : msg.cond_indep_stack) {
    if (!f.dim)
      continue;
    const auto need = static_cast<size_t>(-*f.dim);
    if (target.size() < need)
      target.insert(target.begin(), need - target.size(), -1);
    int64_t& slot = target[target.size() - need];
    if (slot != -1 && slot != f.size)
      throw ShapeError("shape mismatch inside plate '" + f.name + "' at site '" + msg.name +
                       "' dim " + std::to_string(*f.dim) + ": the distribution has size " +
                       std::to_string(slot) + " there, the plate has size " +
                       std::to_string(f.size));
    slot = f.size;
  }
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] != -1)
      continue;
    const size_t from_right = target.size() - i;
    target[i] = from_right <= actual.size() ? actual[actual.size() - from_right] : 1;
  }
  if (target != actual)
    msg.fn = msg.fn->expand(target);
}

} // namespace kiln::poutine
