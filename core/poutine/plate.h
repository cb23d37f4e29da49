#pragma once
// pyro.plate: conditional independence along a batch dim. A vectorized plate adds its frame to
// every site inside, broadcasts the site's distribution along its dim, scales log densities by
// size / subsample_size when subsampling, and cuts params and pyro.subsample data to the
// subsample. A sequential plate (plate_loop) marks each iteration independent.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <ATen/core/Tensor.h>

#include "core/poutine/handler.h"

namespace kiln::poutine {

struct PlateOptions {
  // Draw this many indices out of size at random (0: no subsampling).
  int64_t subsample_size = 0;
  // Use these indices as the subsample (a 1-d integer tensor).
  at::Tensor subsample;
  // The batch dim, negative; absent: the rightmost dim free when the plate is entered.
  std::optional<int64_t> dim;
};

class PlateHandler : public Handler {
public:
  // Draws the subsample (a "plate" message, so trace/replay/substitute see it).
  PlateHandler(std::string name, int64_t size, PlateOptions options = {});

  const std::string& name() const { return name_; }
  int64_t size() const { return size_; }
  int64_t subsample_size() const { return subsample_size_; }
  // The subsample's indices into 0..size-1 (all of them when not subsampling).
  const at::Tensor& indices() const { return indices_; }
  // The allocated dim, once entered.
  std::optional<int64_t> dim() const { return dim_; }
  CondIndepFrame frame() const;

  void enter() override;
  void process_message(Message& msg) override;
  void postprocess_message(Message& msg) override;

private:
  std::string name_;
  int64_t size_;
  int64_t subsample_size_;
  std::optional<int64_t> requested_dim_;
  std::optional<int64_t> dim_;
  at::Tensor indices_;
};

// A vectorized plate active for the lifetime of the object:
//   { Plate data("data", N); sample("x", Normal(0., 1.)); }  // x has batch shape (N,)
class Plate {
public:
  Plate(std::string name, int64_t size, PlateOptions options = {});
  const at::Tensor& indices() const { return handler_.indices(); }
  int64_t subsample_size() const { return handler_.subsample_size(); }
  int64_t dim() const { return *handler_.dim(); }

private:
  PlateHandler handler_;
  HandlerScope scope_;
};

// A sequential plate driven step by step (how the language runs `for i in pyro.plate(...)`):
// each next() leaves the previous iteration's frame and enters the next one.
class SequentialPlate {
public:
  SequentialPlate(std::string name, int64_t size, PlateOptions options = {});
  ~SequentialPlate();
  SequentialPlate(const SequentialPlate&) = delete;
  SequentialPlate& operator=(const SequentialPlate&) = delete;

  // Enters the next iteration and sets its index; false (and no frame) when done.
  bool next(int64_t& index);

private:
  struct Step;
  std::string name_;
  int64_t size_;
  at::Tensor indices_;
  double scale_;
  int64_t position_ = 0;
  std::unique_ptr<Step> step_;
};

// A sequential plate: calls body(i) for each i in 0..size-1 (or each index of the subsample),
// each call inside its own independent frame.
void plate_loop(const std::string& name, int64_t size, const std::function<void(int64_t)>& body,
                PlateOptions options = {});

// Broadcasts a sample site's distribution along the vectorized plates of its stack (Pyro's
// BroadcastMessenger). A batch dim that is neither 1 nor the plate's size is a ShapeError
// naming the plate, the site and both sizes.
void broadcast_to_plates(Message& msg);

} // namespace kiln::poutine
