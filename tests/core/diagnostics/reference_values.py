#!/usr/bin/python3
"""Reference values for tests/core/diagnostics/reference_test.cpp.

An implementation of the diagnostics written from their definitions, independent of Kiln's C++
and of ArviZ's code: Vehtari, Gelman, Simpson, Carpenter & Buerkner (2021), "Rank-normalization,
folding, and localization: an improved R-hat for assessing convergence of MCMC", Bayesian
Analysis 16(2), with the conventions ArviZ 0.x's az.summary follows where the paper leaves a
choice (noted below). Autocovariances are summed lag by lag (Kiln uses FFT past a few lags),
ranks come from scipy.stats.rankdata, quantiles from numpy.quantile.

Run with numpy and scipy: /usr/bin/python3 tests/core/diagnostics/reference_values.py
"""
import numpy as np
from scipy import stats

# 3 chains x 21 draws (odd: the split drops each chain's middle draw), AR(1) with rho 0.5 and
# chain offsets 0, 0.3, 0.6, rounded to one decimal so that ties occur.
A = np.array([
    [-0.3, -1.1, -0.1, 0.4, -0.2, -0.2, -1.9, -1.8, -0.7, 0.2, 0.1, -0.8, -0.7, 0.2, -1.3,
     0.6, 0.1, -0.8, -1.4, -1.8, -0.2],
    [-1.1, -1.2, -0.4, -1.2, -1.6, 1.0, 0.5, 0.0, 2.3, 2.3, 1.9, 2.0, 1.7, 1.1, -1.6, 0.0,
     0.0, 1.7, 2.0, 2.5, 1.0],
    [1.1, 2.1, 0.4, 0.4, -0.1, 0.5, 0.5, 0.2, 1.2, 1.4, 1.8, 1.9, -0.1, 0.4, -0.2, 1.8, 1.1,
     2.0, 2.0, 1.4, -0.3],
])

# 2 chains x 12 draws, the second shifted up by about 2: R-hat well above 1.
B = np.array([
    [0.12, -0.53, 0.91, 0.24, -1.37, 0.45, 0.08, -0.66, 1.21, 0.33, -0.19, 0.57],
    [2.31, 1.74, 2.96, 1.88, 2.52, 1.43, 2.07, 2.69, 1.95, 2.24, 1.61, 2.83],
])

# 4 chains x 30 draws of iid N(0, 1) rounded to two decimals (numpy default_rng(7)): Geyer's
# sequence stops at a negative pair, well before the end of the chains.
C = np.array([
    [0.0, 0.3, -0.27, -0.89, -0.45, -0.99, 0.06, 1.34, -0.49, -0.62, 0.49, 0.36, 0.11, -0.93,
     -0.03, 0.7, -1.34, -0.46, -1.9, -1.29, -1.84, -0.24, -1.27, 0.27, 0.16, -0.19, -2.52,
     -0.54, -0.05, 0.11],
    [-1.53, -0.48, -0.98, -0.81, 1.06, -0.81, -0.03, 0.88, -0.58, -0.11, 0.11, 0.06, -1.23,
     0.08, 1.36, -1.55, 0.86, 0.12, -0.64, 2.0, 0.76, -1.2, 0.07, 0.58, -0.19, 0.68, -0.07,
     0.67, 1.44, -0.68],
    [0.2, -0.46, 0.13, -1.19, -0.58, -0.2, 0.9, 1.15, -1.32, -0.79, 0.65, -1.99, -0.46, -0.1,
     1.26, 0.69, -0.33, -0.37, -0.25, 1.52, -0.43, -0.3, 0.35, -0.12, -0.2, -1.11, -0.01,
     -0.44, 1.17, 0.65],
    [-0.02, 0.67, -0.34, 1.05, -0.01, 0.58, -1.29, 0.35, -1.69, -2.04, -0.3, -0.9, 0.16, 2.24,
     -0.83, -0.62, 0.21, 0.49, -0.18, -0.21, 0.7, 0.52, -1.03, -0.08, 0.04, -1.05, 0.26, -0.86,
     0.97, 0.19],
])


def split(x):
    """Each chain's first and last halves as two chains (sec. 4.1); the middle draw of an odd
    chain is dropped."""
    half = x.shape[1] // 2
    return np.concatenate([x[:, :half], x[:, x.shape[1] - half:]])


def z_scale(x):
    """Eq. 14: normal scores of average ranks with Blom's offsets, over all values."""
    r = stats.rankdata(x.ravel(), method="average").reshape(x.shape)
    return stats.norm.ppf((r - 3 / 8) / (x.size + 1 / 4))


def rhat_basic(x):
    """Eqs. 3-4: sqrt(var+ / W)."""
    m, n = x.shape
    w = np.mean([np.var(ch, ddof=1) for ch in x])
    b = n * np.var(x.mean(axis=1), ddof=1)
    var_plus = (n - 1) / n * w + b / n
    return np.sqrt(var_plus / w)


def acov_direct(ch, lag):
    """Biased autocovariance of one chain at one lag (divided by n)."""
    d = ch - ch.mean()
    n = len(d)
    return np.dot(d[: n - lag], d[lag:]) / n


def ess_basic(x):
    """Sec. 3.2, eqs. 10-13, Geyer's initial monotone sequence over pairs of lags.

    ArviZ's conventions: pairs P_k = rho_2k + rho_2k+1 are formed for k = 1, 2, ... while the
    previous pair was positive and 2k - 1 < n - 3; a pair below zero is dropped (kept when
    exactly zero); tau = -1 + 2 (P_0 + ... + P_{K-1}) + last, where K is the last pair formed
    and `last` is its even lag rho_2K when that is positive or the pair was kept, else 0; pairs
    1..K-1 are made monotone (P_k = min(P_k, P_k-1)); tau >= 1 / log10(N)."""
    x = np.asarray(x, dtype=float)
    m, n = x.shape
    total = m * n
    if x.max() - x.min() < 1e-15:
        return float(total)
    w = np.mean([acov_direct(ch, 0) for ch in x]) * n / (n - 1)
    var_plus = w * (n - 1) / n + (np.var(x.mean(axis=1), ddof=1) if m > 1 else 0.0)

    def rho(t):
        return 1 - (w - np.mean([acov_direct(ch, t) for ch in x])) / var_plus

    # rho_0 is 1 by definition (eq. 10 at lag 0 gives W / var+ instead).
    pairs = [1.0 + rho(1)]
    even = 1.0
    k = 1
    while 2 * k - 1 < n - 3 and pairs[-1] > 0:
        even, odd = rho(2 * k), rho(2 * k + 1)
        pairs.append(even + odd)
        k += 1
    big_k = len(pairs) - 1
    last = even if (big_k == 0 or even > 0 or pairs[-1] >= 0) else 0.0
    sums = pairs[:big_k]
    for i in range(1, len(sums)):
        sums[i] = min(sums[i], sums[i - 1])
    tau = -1 + 2 * sum(sums) + last
    tau = max(tau, 1 / np.log10(total))
    return total / tau


def ess_bulk(x):
    return ess_basic(z_scale(split(x)))


def ess_tail(x):
    # ArviZ: quantiles of all draws (not split), indicator x <= q on the split chains.
    q05, q95 = np.quantile(x, [0.05, 0.95])
    return min(ess_basic(split(x <= q05)), ess_basic(split(x <= q95)))


def rhat_rank(x, center):
    s = split(x)
    bulk = rhat_basic(z_scale(s))
    folded = rhat_basic(z_scale(np.abs(s - center)))
    return max(bulk, folded)


def mcse_mean(x):
    return np.std(x, ddof=1) / np.sqrt(ess_basic(split(x)))


def mcse_sd(x):
    d2 = (x - x.mean()) ** 2
    ess = ess_basic(split(d2))
    evar = d2.mean()
    varvar = ((d2**2).mean() - evar**2) / ess
    return np.sqrt(varvar / evar / 4)


def hdi(x, prob):
    s = np.sort(x.ravel())
    n = len(s)
    span = int(np.floor(prob * n))
    widths = [s[i + span] - s[i] for i in range(n - span)]
    i = int(np.argmin(widths))
    return s[i], s[i + span]


def autocorr(ch, lags):
    return [acov_direct(ch, k) / acov_direct(ch, 0) for k in lags]


def e_bfmi(e):
    return [np.sum(np.diff(ch) ** 2) / np.sum((ch - ch.mean()) ** 2) for ch in e]


def show(label, value):
    print(f"{label} = {value!r}")


if __name__ == "__main__":
    for name, x in (("A", A), ("B", B), ("C", C)):
        show(f"{name} mean", float(x.mean()))
        show(f"{name} sd", float(np.std(x, ddof=1)))
        lo, hi = hdi(x, 0.94)
        show(f"{name} hdi_3%", float(lo))
        show(f"{name} hdi_97%", float(hi))
        show(f"{name} mcse_mean", float(mcse_mean(x)))
        show(f"{name} mcse_sd", float(mcse_sd(x)))
        show(f"{name} ess_bulk", float(ess_bulk(x)))
        show(f"{name} ess_tail", float(ess_tail(x)))
        show(f"{name} ess (basic, unsplit)", float(ess_basic(x)))
        show(f"{name} ess_mean (split)", float(ess_basic(split(x))))
        # az.summary folds at the median of all draws, az.rhat at that of the split draws.
        show(f"{name} r_hat (summary)", float(rhat_rank(x, np.median(x))))
        show(f"{name} r_hat (az.rhat)", float(rhat_rank(x, np.median(split(x)))))
        show(f"{name} rhat_basic (unsplit)", float(rhat_basic(x)))
        show(f"{name} quantiles 5/50/95", [float(q) for q in np.quantile(x, [0.05, 0.5, 0.95])])
        show(f"{name} hdi 50%", [float(v) for v in hdi(x, 0.5)])
        show(f"{name} chain 0 autocorrelation lags 1..3", [float(v) for v in autocorr(x[0], [1, 2, 3])])
        # The draws read as energies, one E-BFMI per chain.
        show(f"{name} e_bfmi", [float(v) for v in e_bfmi(x)])
