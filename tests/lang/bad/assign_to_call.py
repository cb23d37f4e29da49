import torch


def model(x):
    torch.zeros(3) = x
    x + 1 = 2
    return x
