"""Reference posterior means of the linear regressions in examples/posteriordb, computed without
sampling, for tests/app/posteriordb_regression_test.cpp. Run with numpy and scipy:

    /usr/bin/python3 examples/scripts/posteriordb_references.py

With a flat prior on the coefficients (kidiq, earnings, mesquite, nes), the posterior of beta given
sigma is normal around the least-squares fit whatever sigma's prior, so its posterior mean is the
least-squares estimate. With normal priors (kilpisjarvi, blr), beta given sigma is normal with
precision X'X / sigma^2 + Lambda; its mean is averaged over p(sigma | y), which is the prior of
sigma times the marginal likelihood y ~ N(X m, sigma^2 I + X Lambda^-1 X'), on a fine grid.
"""
import json
import os

import numpy as np
from scipy.stats import halfnorm

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "posteriordb")


def load(name):
    with open(os.path.join(HERE, name + ".json")) as f:
        return {k: np.array(v, dtype=float) if isinstance(v, list) else v
                for k, v in json.load(f).items()}


def least_squares(name, X, y):
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    print(name, "least squares:", ", ".join(repr(float(b)) for b in beta))


def normal_prior_mean(name, X, y, m, prior_sd, log_prior_sigma, sigmas):
    Lambda = np.diag(1.0 / prior_sd ** 2)
    log_w, means = [], []
    for s in sigmas:
        cov = s ** 2 * np.eye(len(y)) + X @ np.linalg.inv(Lambda) @ X.T
        r = y - X @ m
        sign, logdet = np.linalg.slogdet(cov)
        log_w.append(log_prior_sigma(s) - 0.5 * logdet - 0.5 * r @ np.linalg.solve(cov, r))
        P = X.T @ X / s ** 2 + Lambda
        means.append(np.linalg.solve(P, X.T @ y / s ** 2 + Lambda @ m))
    w = np.exp(np.array(log_w) - max(log_w))
    w /= w.sum()
    beta = (w[:, None] * np.array(means)).sum(0)
    print(name, "posterior mean:", ", ".join(repr(float(b)) for b in beta))


d = load("kidiq-kidscore_interaction")
X = np.column_stack([np.ones(d["N"]), d["mom_hs"], d["mom_iq"], d["mom_hs"] * d["mom_iq"]])
least_squares("kidiq-kidscore_interaction beta", X, d["kid_score"])

d = load("earnings-logearn_interaction_z")
z = (d["height"] - d["height"].mean()) / d["height"].std(ddof=1)
X = np.column_stack([np.ones(d["N"]), z, d["male"], z * d["male"]])
least_squares("earnings-logearn_interaction_z beta", X, np.log(d["earn"]))

d = load("mesquite-logmesquite_logvash")
X = np.column_stack([np.ones(d["N"]), np.log(d["diam1"] * d["diam2"] * d["canopy_height"]),
                     np.log(d["diam1"] * d["diam2"]), np.log(d["diam1"] / d["diam2"]),
                     np.log(d["total_height"]), d["group"]])
least_squares("mesquite-logmesquite_logvash beta", X, np.log(d["weight"]))

d = load("nes2000-nes")
a = d["age_discrete"]
X = np.column_stack([np.ones(d["N"]), d["real_ideo"], d["race_adj"], a == 2, a == 3, a == 4,
                     d["educ1"], d["gender"], d["income"]]).astype(float)
least_squares("nes2000-nes beta", X, d["partyid7"])

d = load("kilpisjarvi_mod-kilpisjarvi")
X = np.column_stack([np.ones(d["N"]), d["x"]])
normal_prior_mean("kilpisjarvi_mod-kilpisjarvi alpha, beta", X, d["y"],
                  np.array([d["pmualpha"], d["pmubeta"]], dtype=float),
                  np.array([d["psalpha"], d["psbeta"]], dtype=float),
                  lambda s: 0.0, np.linspace(0.3, 3.0, 5401))

d = load("sblrc-blr")
normal_prior_mean("sblrc-blr beta", d["X"], d["y"], np.zeros(d["D"]), np.full(d["D"], 10.0),
                  lambda s: halfnorm.logpdf(s, scale=10.0), np.linspace(0.5, 2.0, 3001))
