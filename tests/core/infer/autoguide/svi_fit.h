#pragma once
// Fitting a guide by SVI in tests: the average of a statistic of the parameters over the later
// iterates, with its Monte Carlo standard error, and the check against an exact value.
#include <cmath>
#include <functional>
#include <memory>
#include <vector>

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include "core/infer/svi/optimizers/adam.h"
#include "core/infer/svi/svi.h"
#include "core/infer/svi/trace_elbo.h"
#include "core/poutine/model.h"

namespace kiln::test {

// The mean of the later iterates of a statistic and its Monte Carlo standard error from 10
// batch means (the iterates are autocorrelated), elementwise.
struct Average {
  at::Tensor mean;
  at::Tensor se;
};

inline Average average(const std::vector<at::Tensor>& xs) {
  const int64_t batches = 10;
  const int64_t size = static_cast<int64_t>(xs.size()) / batches;
  std::vector<at::Tensor> means;
  for (int64_t b = 0; b < batches; ++b) {
    std::vector<at::Tensor> batch(xs.begin() + b * size, xs.begin() + (b + 1) * size);
    means.push_back(at::stack(batch).mean(0));
  }
  at::Tensor m = at::stack(means);
  return {m.mean(0), m.std(0) / std::sqrt(static_cast<double>(batches))};
}

// Runs `steps` SVI steps and averages `statistic` over the last two thirds.
// With `particles` > 1 they are drawn at once along a vectorized plate.
inline Average fit(const poutine::Model& model, const poutine::Model& guide, int steps, double lr,
                   const std::function<at::Tensor()>& statistic, int64_t particles = 1) {
  infer::svi::AdamOptions o;
  o.lr = lr;
  infer::svi::ElboConfig config;
  config.num_particles = particles;
  config.vectorize_particles = particles > 1;
  infer::svi::SVI fitter(model, guide, std::make_shared<infer::svi::Adam>(o),
                         std::make_shared<infer::svi::Trace_ELBO>(config));
  std::vector<at::Tensor> values;
  for (int i = 0; i < steps; ++i) {
    fitter.step();
    if (i >= steps / 3) {
      at::NoGradGuard no_grad;
      values.push_back(statistic().detach().clone());
    }
  }
  return average(values);
}

// |estimate - exact| within 4 standard errors plus `slack` everywhere.
inline bool close(const Average& a, const at::Tensor& exact, double slack, const char* what) {
  const at::Tensor err = (a.mean - exact).abs();
  const bool ok = (err <= 4 * a.se + slack).all().item<bool>();
  if (!ok)
    qWarning() << what << "largest error" << err.max().item<double>() << "at"
               << err.argmax().item<int64_t>() << "largest se" << a.se.max().item<double>();
  return ok;
}

} // namespace kiln::test
