#!/usr/bin/env python3
"""Writes the data of the examples that do not use the benchmark data: small synthetic data
sets drawn with fixed seeds, and the coal-mining disasters. Standard library only, so that
`python3 scripts/make_data.py` remakes every file of examples/ bit for bit."""
import json
import math
import os
import random

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def write(name, data):
    with open(os.path.join(EXAMPLES, name), "w") as f:
        json.dump(data, f, separators=(", ", ": "))
        f.write("\n")


def rounded(x):
    return round(x, 6)


def coin_flip():
    # Pyro's introduction: six heads, four tails. Floats, as Bernoulli observations are.
    write("coin_flip.json", {"data": [1.0] * 6 + [0.0] * 4})


def linear_regression(rng):
    n, d, b, w, sigma = 100, 3, 1.0, [1.5, -2.0, 0.5], 0.5
    X = [[rounded(rng.gauss(0, 1)) for _ in range(d)] for _ in range(n)]
    y = [rounded(b + sum(xi * wi for xi, wi in zip(row, w)) + rng.gauss(0, sigma)) for row in X]
    write("linear_regression.json", {"X": X, "y": y})


def logistic_regression(rng):
    n, d, b = 200, 5, 0.3
    w = [rng.gauss(0, 1) for _ in range(d)]
    X = [[rounded(rng.gauss(0, 1)) for _ in range(d)] for _ in range(n)]
    y = []
    for row in X:
        eta = b + sum(xi * wi for xi, wi in zip(row, w))
        y.append(1 if rng.random() < 1 / (1 + math.exp(-eta)) else 0)
    write("logistic_regression.json", {"X": X, "y": y})


def hierarchical_regression(rng):
    groups, n, mu_a, sigma_a, b, sigma_y = 8, 120, 2.0, 1.0, -0.7, 0.5
    a = [rng.gauss(mu_a, sigma_a) for _ in range(groups)]
    group = [i % groups for i in range(n)]
    x = [rounded(rng.gauss(0, 1)) for _ in range(n)]
    y = [rounded(a[g] + b * xi + rng.gauss(0, sigma_y)) for g, xi in zip(group, x)]
    write("hierarchical_regression.json", {"group": group, "x": x, "num_groups": groups, "y": y})


def poisson(rng, lam):
    # Knuth's method: fine for the small rates used here.
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def poisson_regression(rng):
    n, intercept, slope = 100, 0.5, 0.8
    x = [rounded(rng.uniform(-1.5, 1.5)) for _ in range(n)]
    exposure = [rounded(rng.uniform(0.5, 2.0)) for _ in range(n)]
    counts = [poisson(rng, e * math.exp(intercept + slope * xi)) for xi, e in zip(x, exposure)]
    write("poisson_regression.json", {"x": x, "exposure": exposure, "counts": counts})


def ar1(rng):
    T, mu, phi, sigma = 100, 1.0, 0.7, 0.5
    y = [rng.gauss(mu, sigma / math.sqrt(1 - phi ** 2))]
    for _ in range(T - 1):
        y.append(mu + phi * (y[-1] - mu) + rng.gauss(0, sigma))
    write("ar1.json", {"y": [rounded(v) for v in y]})


def hmm(rng):
    T, transition, locs, scale = 50, [[0.9, 0.1], [0.2, 0.8]], [-1.0, 2.0], 0.5
    x, y = 0, []
    for _ in range(T):
        x = 0 if rng.random() < transition[x][0] else 1
        y.append(rounded(rng.gauss(locs[x], scale)))
    write("hmm.json", {"y": y})


def coal_mining():
    # British coal-mining disasters per year, 1851-1962 (Jarrett 1979, Biometrika 66: 191
    # disasters in 112 years), as tabulated from R's boot::coal.
    disasters = [
        4, 5, 4, 1, 0, 4, 3, 4, 0, 6, 3, 3, 4, 0, 2, 6, 3, 3, 5, 4, 5, 3, 1, 4, 4, 1, 5, 5,
        3, 4, 2, 5, 2, 2, 3, 4, 2, 1, 3, 2, 2, 1, 1, 1, 1, 3, 0, 0, 1, 0, 1, 1, 0, 0, 3, 1,
        0, 3, 2, 2, 0, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 2, 1, 0, 0, 0, 1, 1, 0, 2, 3, 3, 1, 1,
        2, 1, 1, 1, 1, 2, 4, 2, 0, 0, 0, 1, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1]
    assert len(disasters) == 112 and sum(disasters) == 191
    write("coal_mining.json", {"disasters": disasters})


if __name__ == "__main__":
    rng = random.Random(20261124)
    coin_flip()
    linear_regression(rng)
    logistic_regression(rng)
    hierarchical_regression(rng)
    poisson_regression(rng)
    ar1(rng)
    hmm(rng)
    coal_mining()
