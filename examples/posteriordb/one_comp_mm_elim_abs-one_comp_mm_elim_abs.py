# posteriordb one_comp_mm_elim_abs-one_comp_mm_elim_abs (Stan model one_comp_mm_elim_abs.stan): a
# one-compartment pharmacokinetic model, first-order absorption of a dose D and Michaelis-Menten
# elimination,
#   dC/dt = exp(-k_a t) D k_a / V - (V_m / V) C / (K_m + C),  C(t0) = 0,
# with log-normal measurement error. Stan solves the ODE with integrate_ode_bdf (relative and
# absolute tolerance 1e-6); the language has no ODE solver, so this file integrates it with the
# classical Runge-Kutta method, four steps between observations (0.125 days for this data). Against
# scipy's BDF at tolerance 1e-10 the largest error in log C is 2e-4 over the bulk of the posterior
# (k_a 0.7-2.2, K_m 0.4-2.1, V_m 1-3), under 0.2% of sigma (about 0.11). Stan's rate is 0 at
# t = 0 exactly, a single point that does not change the solution, so the smooth rate is used.
# All four parameters have Stan's <lower=0>, so their cauchy(0, 1) priors are half-Cauchy.
import torch
import pyro
import pyro.distributions as dist


def model(t0, D, V, N_t, times, C_hat, substeps=4):
    k_a = pyro.sample("k_a", dist.HalfCauchy(1.))
    K_m = pyro.sample("K_m", dist.HalfCauchy(1.))
    V_m = pyro.sample("V_m", dist.HalfCauchy(1.))
    sigma = pyro.sample("sigma", dist.HalfCauchy(1.))

    def rate(t, c):
        return torch.exp(-k_a * t) * (D * k_a / V) - V_m / V * c / (K_m + c)

    t = float(t0)
    c = torch.zeros(())
    concentrations = []
    for n in range(N_t):
        h = (float(times[n]) - t) / substeps
        for _ in range(substeps):
            k1 = rate(t, c)
            k2 = rate(t + h / 2, c + h / 2 * k1)
            k3 = rate(t + h / 2, c + h / 2 * k2)
            k4 = rate(t + h, c + h * k3)
            c = c + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            t = t + h
        concentrations.append(c)
    C = torch.stack(concentrations)
    with pyro.plate("times", N_t):
        pyro.sample("C_hat", dist.LogNormal(torch.log(C), sigma), obs=C_hat)
