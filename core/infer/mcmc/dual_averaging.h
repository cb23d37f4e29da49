#pragma once
// Nesterov's dual averaging of the log step size toward a target acceptance statistic
// (Hoffman & Gelman 2014, "The No-U-Turn Sampler", section 3.2, algorithm 5; the constants are
// theirs and Stan's).

namespace kiln::infer::mcmc {

struct DualAveragingConfig {
  double gamma = 0.05; // how strongly the iterates are pulled toward mu
  double t0 = 10.0;    // damps the first iterations
  double kappa = 0.75; // decay of the averaging weights, in (0.5, 1]
};

class DualAveraging {
public:
  // `target` (delta) is the acceptance statistic aimed at, in (0, 1).
  explicit DualAveraging(double target, DualAveragingConfig config = {});

  // Starts over, shrinking toward mu (Hoffman & Gelman set mu = log(10 eps0)).
  void restart(double mu);

  // Feeds one iteration's acceptance statistic (clamped to 1) and returns the next step size:
  //   H_bar <- (1 - 1/(t + t0)) H_bar + (delta - a) / (t + t0)
  //   log eps_t = mu - sqrt(t) / gamma * H_bar
  //   log eps_bar <- t^-kappa log eps_t + (1 - t^-kappa) log eps_bar
  double update(double accept_stat);

  // The averaged step size exp(log eps_bar): what sampling uses once warmup ends.
  double averaged_step_size() const;

private:
  double target_;
  DualAveragingConfig config_;
  double mu_ = 0.0;
  double count_ = 0.0;
  double error_average_ = 0.0;    // H_bar
  double log_step_average_ = 0.0; // log eps_bar
};

} // namespace kiln::infer::mcmc
