#pragma once
// poutine.enum: parallel enumeration of discrete latent sites. A sample site marked
// infer={"enumerate": "parallel"} takes as value every value of its distribution's support at
// once, laid along a batch dim of its own to the left of every plate, so that the log densities
// of the sites below it broadcast over the enumerated values and an inference algorithm
// (TraceEnum_ELBO) can sum them out by a tensor contraction.
//
// Dims are allocated right to left from first_available_dim (-1 - max_plate_nesting). A site
// inside markov contexts (markov.h) may reuse the dim of a site that is no longer visible from
// it, so a chain of T steps needs 1 + history dims rather than T; a site outside every markov
// context gets a dim of its own for the rest of the run. Besides the value, the handler records
// infer["_enumerate_dim"] (int64) on each enumerated site and, on every sample site whose log
// density may depend on enumerated values, infer["_dim_to_id"]: which enumerated site each of
// those dims stands for (a recycled dim means different sites at different places in a trace).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "core/poutine/handler.h"
#include "core/poutine/model.h"

namespace kiln::poutine {

// Hands out enumeration dims and unique ids (Pyro's _EnumAllocator). TraceEnum_ELBO enumerates
// the guide, then the model with the same allocator, so that the model's dims lie left of the
// guide's.
class EnumAllocator {
public:
  // Throws DomainError unless first_available_dim is negative.
  explicit EnumAllocator(int64_t first_available_dim);

  // A dim never given out again in this run: for sites outside every markov context.
  std::pair<int64_t, int64_t> allocate_global();
  // The rightmost dim, starting at the next global one, that is not in `unsafe` (the dims of
  // the sites still visible); it may be given out again once those sites are out of view.
  std::pair<int64_t, int64_t> allocate_local(const std::set<int64_t>& unsafe);

  // Global dims and their ids: no site may reuse them.
  const std::map<int64_t, int64_t>& global_dims() const { return global_dims_; }

private:
  int64_t next_dim_;
  int64_t next_id_ = 0;
  std::map<int64_t, int64_t> global_dims_;
};

class EnumHandler : public Handler {
public:
  // Allocates from first_available_dim, afresh each time the handler is entered.
  explicit EnumHandler(int64_t first_available_dim);
  // Continues the allocation of `allocator` (the guide's handler's, for the model).
  explicit EnumHandler(std::shared_ptr<EnumAllocator> allocator);

  const std::shared_ptr<EnumAllocator>& allocator() const { return allocator_; }

  void enter() override;
  void process_message(Message& msg) override;
  void postprocess_message(Message& msg) override;

private:
  // Fills `dims` with the enumeration dims in scope at a site (dim -> id), which it must not
  // take: every global dim and, inside markov contexts, the dims carried by the values of the
  // sites visible from it. Returns whether the site is inside markov contexts (and records in
  // how many).
  bool scope_of(const Message& msg, std::map<int64_t, int64_t>& dims);

  std::optional<int64_t> first_available_dim_;
  std::shared_ptr<EnumAllocator> allocator_;
  // Per site: how many markov contexts it was recorded in, the enumeration dims in scope when
  // it was reached (dim -> id), and the enumeration dims its value carries.
  std::map<std::string, int64_t> markov_depths_;
  std::map<std::string, std::map<int64_t, int64_t>> scope_dims_;
  std::map<std::string, std::map<int64_t, int64_t>> value_dims_;
};

// `model` with its parallel-marked sites enumerated from first_available_dim leftwards.
Model enum_(Model model, int64_t first_available_dim);

// A first enumeration dim far left of any plate a model plausibly nests, for runs made before
// the plates are known (guessing the nesting, sorting sites): enumerated there instead of
// sampled, a site costs its support's size, not the product of the plates it indexes.
inline constexpr int64_t kFarLeftEnumDim = -16;
// `model` enumerated with dims continuing those `allocator` has given out.
Model enum_(Model model, std::shared_ptr<EnumAllocator> allocator);

// A site's infer["_dim_to_id"] as a map from enumeration dim to the id of the enumerated site
// that dim stands for there; empty when the site depends on no enumerated site.
std::map<int64_t, int64_t> enum_dim_to_id(const InferDict& infer);

} // namespace kiln::poutine
