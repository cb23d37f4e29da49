#pragma once
// Monte Carlo standard errors of MCMC estimates by batch means (Flegal & Jones 2010), for
// statistical tests of samplers: correlated draws make the iid standard error too small, and
// the ESS of core/diagnostics is not what a sampler's own tests should lean on.

#include <ATen/core/Tensor.h>

namespace kiln::test {

// The mean of `draws` ([chains, n, ...]; a 1-D tensor is one chain) over chains and draws, and
// its MCSE: each chain is cut into floor(sqrt(n)) consecutive batches, and the batch means'
// standard deviation over the square root of their number is the standard error.
struct BatchMeans {
  at::Tensor mean;
  at::Tensor mcse;
};
BatchMeans batch_means(const at::Tensor& draws);

// max over positions of |mean - truth| / mcse: how many standard errors the estimate of the
// mean misses `truth` by (broadcast against the draws' trailing shape).
double mean_mcse_z(const at::Tensor& draws, const at::Tensor& truth);

} // namespace kiln::test
