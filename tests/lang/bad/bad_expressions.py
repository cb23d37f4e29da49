import torch


def model(x):
    y = x[]
    z = x.
    w = lambda: 1 + lambda: 2
    v = x if x
    return 1 + not x
