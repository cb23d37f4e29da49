#include "core/infer/mcmc/nuts.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kiln::infer::mcmc {

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

double log_add_exp(double a, double b) {
  if (a == kNegInf)
    return b;
  if (b == kNegInf)
    return a;
  const double hi = std::max(a, b);
  return hi + std::log1p(std::exp(std::min(a, b) - hi));
}

void add_to(std::vector<double>& acc, const std::vector<double>& x) {
  for (size_t i = 0; i < acc.size(); ++i)
    acc[i] += x[i];
}

void sum_into(std::vector<double>& out, const std::vector<double>& a,
              const std::vector<double>& b) {
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = a[i] + b[i];
}

} // namespace

NUTS::Level::Level(int64_t dim)
    : propose_final(dim), p_init_end(dim), p_sharp_init_end(dim), p_final_beg(dim),
      p_sharp_final_beg(dim), rho_init(dim), rho_final(dim), rho_extended(dim) {}

NUTS::NUTS(const Potential& potential, KernelConfig config) : HamiltonianKernel(potential, config) {
  const int64_t dim = potential.dim();
  levels_.assign(static_cast<size_t>(config_.max_tree_depth), Level(dim));
  for (PhasePoint* p : {&z_, &z_fwd_, &z_bck_, &z_sample_, &z_propose_})
    *p = PhasePoint(dim);
  for (Vec* v : {&p_fwd_fwd_, &p_sharp_fwd_fwd_, &p_fwd_bck_, &p_sharp_fwd_bck_, &p_bck_fwd_,
                 &p_sharp_bck_fwd_, &p_bck_bck_, &p_sharp_bck_bck_, &rho_, &rho_fwd_, &rho_bck_,
                 &rho_extended_, &velocity_})
    v->assign(static_cast<size_t>(dim), 0.0);
}

bool NUTS::no_u_turn(const Vec& p_sharp_minus, const Vec& p_sharp_plus, const Vec& rho) const {
  double minus = 0.0, plus = 0.0;
  for (size_t i = 0; i < rho.size(); ++i) {
    minus += p_sharp_minus[i] * rho[i];
    plus += p_sharp_plus[i] * rho[i];
  }
  return minus > 0.0 && plus > 0.0;
}

SamplerStats NUTS::transition(double step_size, RandomSource& random) {
  random_ = &random;
  n_leapfrog_ = 0;
  sum_metro_prob_ = 0.0;
  divergent_ = false;

  // Fresh momentum; the trajectory starts as the single state z (Hoffman & Gelman, alg. 6).
  z_ = current_;
  mass_.sample_momentum(random, z_.p.data());
  h0_ = hamiltonian(mass_, z_, velocity_.data());
  z_fwd_ = z_;
  z_bck_ = z_;
  z_sample_ = z_;
  p_fwd_fwd_ = p_fwd_bck_ = p_bck_fwd_ = p_bck_bck_ = z_.p;
  p_sharp_fwd_fwd_ = p_sharp_fwd_bck_ = p_sharp_bck_fwd_ = p_sharp_bck_bck_ = velocity_;
  rho_ = z_.p;
  double log_sum_weight = 0.0; // log sum of exp(H0 - H) over the trajectory: the start has 0

  int64_t depth = 0;
  while (depth < config_.max_tree_depth) {
    std::fill(rho_fwd_.begin(), rho_fwd_.end(), 0.0);
    std::fill(rho_bck_.begin(), rho_bck_.end(), 0.0);
    double log_sum_weight_subtree = kNegInf;
    bool valid;
    if (random.uniform() > 0.5) {
      // Extend forward: the old trajectory becomes the backward part.
      z_ = z_fwd_;
      rho_bck_ = rho_;
      p_bck_fwd_ = p_fwd_fwd_;
      p_sharp_bck_fwd_ = p_sharp_fwd_fwd_;
      step_ = step_size;
      valid = build_tree(depth, z_propose_, p_sharp_fwd_bck_, p_sharp_fwd_fwd_, rho_fwd_,
                         p_fwd_bck_, p_fwd_fwd_, log_sum_weight_subtree);
      z_fwd_ = z_;
    } else {
      // Extend backward: the old trajectory becomes the forward part.
      z_ = z_bck_;
      rho_fwd_ = rho_;
      p_fwd_bck_ = p_bck_bck_;
      p_sharp_fwd_bck_ = p_sharp_bck_bck_;
      step_ = -step_size;
      valid = build_tree(depth, z_propose_, p_sharp_bck_fwd_, p_sharp_bck_bck_, rho_bck_,
                         p_bck_fwd_, p_bck_bck_, log_sum_weight_subtree);
      z_bck_ = z_;
    }
    // A subtree that diverged or turned inside is not sampled from (Betancourt 2017, A.4.1).
    if (!valid)
      break;
    ++depth;

    // Biased progressive sampling at the top level (Betancourt 2017, A.3.2): move to the new
    // subtree's state with probability min(1, w_new / w_old), which favours later states.
    if (log_sum_weight_subtree > log_sum_weight) {
      z_sample_ = z_propose_;
    } else if (random.uniform() < std::exp(log_sum_weight_subtree - log_sum_weight)) {
      z_sample_ = z_propose_;
    }
    log_sum_weight = log_add_exp(log_sum_weight, log_sum_weight_subtree);

    // The U-turn criterion across the whole trajectory, and Stan's extra checks across the
    // seam between the old trajectory and the new subtree (each part's summed momentum with
    // the first state of the other), which catch U-turns the end-to-end check misses.
    sum_into(rho_, rho_bck_, rho_fwd_);
    bool persist = no_u_turn(p_sharp_bck_bck_, p_sharp_fwd_fwd_, rho_);
    sum_into(rho_extended_, rho_bck_, p_fwd_bck_);
    persist = persist && no_u_turn(p_sharp_bck_bck_, p_sharp_fwd_bck_, rho_extended_);
    sum_into(rho_extended_, rho_fwd_, p_bck_fwd_);
    persist = persist && no_u_turn(p_sharp_bck_fwd_, p_sharp_fwd_fwd_, rho_extended_);
    if (!persist)
      break;
  }

  std::swap(current_, z_sample_);
  SamplerStats stats;
  stats.lp = -current_.potential;
  // Stan's acceptance statistic: the mean Metropolis probability over every state visited,
  // rejected subtrees included (Hoffman & Gelman 2014, section 3.2 for the slice version).
  stats.accept_stat = n_leapfrog_ > 0 ? sum_metro_prob_ / static_cast<double>(n_leapfrog_) : 0.0;
  stats.tree_depth = depth;
  stats.n_leapfrog = n_leapfrog_;
  stats.diverging = divergent_;
  stats.energy = hamiltonian(mass_, current_, velocity_.data());
  random_ = nullptr;
  return stats;
}

bool NUTS::build_tree(int64_t depth, PhasePoint& propose, Vec& p_sharp_beg, Vec& p_sharp_end,
                      Vec& rho, Vec& p_beg, Vec& p_end, double& log_sum_weight) {
  if (depth == 0) {
    // One leapfrog step; the new state's weight is exp(H0 - H).
    leapfrog(potential_, mass_, step_, z_, velocity_.data());
    ++n_leapfrog_;
    const double h = hamiltonian(mass_, z_, p_sharp_beg.data());
    // Divergence: the energy error has grown past the threshold, which a stable integration
    // never reaches (Betancourt 2017, section 6.2; Stan's max_deltaH).
    if (h - h0_ > config_.max_energy_error)
      divergent_ = true;
    log_sum_weight = log_add_exp(log_sum_weight, h0_ - h);
    sum_metro_prob_ += h0_ - h > 0.0 ? 1.0 : std::exp(h0_ - h);
    propose = z_;
    p_sharp_end = p_sharp_beg;
    add_to(rho, z_.p);
    p_beg = z_.p;
    p_end = z_.p;
    return !divergent_;
  }
  Level& level = levels_[static_cast<size_t>(depth - 1)];

  // The first half, from z_.
  double log_sum_weight_init = kNegInf;
  std::fill(level.rho_init.begin(), level.rho_init.end(), 0.0);
  if (!build_tree(depth - 1, propose, p_sharp_beg, level.p_sharp_init_end, level.rho_init, p_beg,
                  level.p_init_end, log_sum_weight_init))
    return false;

  // The second half, continuing from where the first ended.
  double log_sum_weight_final = kNegInf;
  std::fill(level.rho_final.begin(), level.rho_final.end(), 0.0);
  if (!build_tree(depth - 1, level.propose_final, level.p_sharp_final_beg, p_sharp_end,
                  level.rho_final, level.p_final_beg, p_end, log_sum_weight_final))
    return false;

  // Multinomial sampling between the halves, in proportion to their weights (Betancourt
  // 2017, A.3.1: uniform progressive sampling inside subtrees).
  const double log_sum_weight_subtree = log_add_exp(log_sum_weight_init, log_sum_weight_final);
  log_sum_weight = log_add_exp(log_sum_weight, log_sum_weight_subtree);
  if (log_sum_weight_final > log_sum_weight_subtree ||
      random_->uniform() < std::exp(log_sum_weight_final - log_sum_weight_subtree))
    propose = level.propose_final;

  // The U-turn criterion over the merged subtree, and across the seam between its halves.
  Vec& rho_subtree = level.rho_extended;
  sum_into(rho_subtree, level.rho_init, level.rho_final);
  add_to(rho, rho_subtree);
  bool persist = no_u_turn(p_sharp_beg, p_sharp_end, rho_subtree);
  sum_into(rho_subtree, level.rho_init, level.p_final_beg);
  persist = persist && no_u_turn(p_sharp_beg, level.p_sharp_final_beg, rho_subtree);
  sum_into(rho_subtree, level.rho_final, level.p_init_end);
  persist = persist && no_u_turn(level.p_sharp_init_end, p_sharp_end, rho_subtree);
  return persist;
}

} // namespace kiln::infer::mcmc
