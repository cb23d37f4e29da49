#pragma once
// The No-U-Turn Sampler with multinomial sampling of the trajectory's states, as Stan runs it
// (Hoffman & Gelman 2014, "The No-U-Turn Sampler"; Betancourt 2017, "A Conceptual Introduction
// to Hamiltonian Monte Carlo", appendix A; Stan's base_nuts). The trajectory doubles in a
// random direction until it makes a U-turn, diverges, or reaches the maximum tree depth.

#include <vector>

#include "core/infer/mcmc/hamiltonian_kernel.h"

namespace kiln::infer::mcmc {

class NUTS : public HamiltonianKernel {
public:
  NUTS(const Potential& potential, KernelConfig config);

protected:
  SamplerStats transition(double step_size, RandomSource& random) override;

private:
  using Vec = std::vector<double>;

  // Scratch of one level of build_tree, allocated once: a subtree of depth d keeps its two
  // halves' summaries here while it merges them.
  struct Level {
    PhasePoint propose_final;           // the state drawn from the second half
    Vec p_init_end, p_sharp_init_end;   // momentum and M^-1 p at the end of the first half
    Vec p_final_beg, p_sharp_final_beg; // ... at the beginning of the second half
    Vec rho_init, rho_final;            // summed momenta of each half
    Vec rho_extended;
    explicit Level(int64_t dim);
  };

  // Builds a subtree of 2^depth leapfrog steps from z_ in direction sign_, leaving z_ at its far
  // end. On return `propose` is a state drawn from it with probability proportional to
  // exp(-H) (multinomial sampling, Betancourt 2017 A.3.2), `log_sum_weight` has its states'
  // log sum of exp(H0 - H) added, `rho` its summed momenta added, and p_beg / p_end with their
  // sharp versions hold the momenta at its two ends. False when the subtree diverged or made
  // a U-turn inside, in which case the trajectory stops without sampling from it.
  bool build_tree(int64_t depth, PhasePoint& propose, Vec& p_sharp_beg, Vec& p_sharp_end, Vec& rho,
                  Vec& p_beg, Vec& p_end, double& log_sum_weight);

  // The generalized no-U-turn criterion (Betancourt 2017, A.4.2): a trajectory with summed
  // momentum rho keeps going while the velocities at both ends still point along rho.
  bool no_u_turn(const Vec& p_sharp_minus, const Vec& p_sharp_plus, const Vec& rho) const;

  std::vector<Level> levels_; // levels_[d] serves a subtree of depth d + 1
  PhasePoint z_;              // the integrator's moving state
  PhasePoint z_fwd_, z_bck_, z_sample_, z_propose_;
  // Momenta and sharp momenta at the ends of the forward and backward parts of the trajectory:
  // p_fwd_bck is the backward end of the forward part, and so on (Stan's names).
  Vec p_fwd_fwd_, p_sharp_fwd_fwd_, p_fwd_bck_, p_sharp_fwd_bck_;
  Vec p_bck_fwd_, p_sharp_bck_fwd_, p_bck_bck_, p_sharp_bck_bck_;
  Vec rho_, rho_fwd_, rho_bck_, rho_extended_;
  Vec velocity_;

  // The current transition's constants and tallies.
  RandomSource* random_ = nullptr;
  double step_ = 0.0; // signed: negative while building backwards
  double h0_ = 0.0;
  int64_t n_leapfrog_ = 0;
  double sum_metro_prob_ = 0.0;
  bool divergent_ = false;
};

} // namespace kiln::infer::mcmc
