# Reference values for optimizers_test.cpp: three updates of p = [1, -2] with the gradients
# below, by the update rules as torch 1.13's documentation writes them (torch.optim.Adam,
# AdamW, SGD) and as pyro.optim.clipped_adam.ClippedAdam.step is written. Plain Python floats.
import math

P0 = [1.0, -2.0]
GRADS = [[0.5, -1.5], [-0.3, 0.8], [2.0, 0.1]]


def adam(lr, b1, b2, eps, wd, amsgrad=False, decoupled=False):
    p, m, v, vmax = list(P0), [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]
    out = []
    for t, g in enumerate(GRADS, 1):
        for i in range(2):
            gi = g[i]
            if decoupled:
                p[i] *= 1 - lr * wd
            elif wd:
                gi += wd * p[i]
            m[i] = b1 * m[i] + (1 - b1) * gi
            v[i] = b2 * v[i] + (1 - b2) * gi * gi
            vmax[i] = max(vmax[i], v[i])
            vh = vmax[i] if amsgrad else v[i]
            denom = math.sqrt(vh) / math.sqrt(1 - b2 ** t) + eps
            p[i] -= lr / (1 - b1 ** t) * m[i] / denom
        out.append(list(p))
    return out


def clipped_adam(lr, b1, b2, eps, wd, clip, lrd):
    p, m, v = list(P0), [0.0, 0.0], [0.0, 0.0]
    out = []
    for t, g in enumerate(GRADS, 1):
        lr *= lrd
        for i in range(2):
            gi = min(max(g[i], -clip), clip)
            if wd:
                gi += wd * p[i]
            m[i] = b1 * m[i] + (1 - b1) * gi
            v[i] = b2 * v[i] + (1 - b2) * gi * gi
            denom = math.sqrt(v[i]) + eps
            p[i] -= lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m[i] / denom
        out.append(list(p))
    return out


def sgd(lr, momentum, dampening, wd, nesterov):
    p, buf = list(P0), None
    out = []
    for g in GRADS:
        d = [g[i] + wd * p[i] for i in range(2)]
        if momentum:
            if buf is None:
                buf = list(d)
            else:
                buf = [momentum * buf[i] + (1 - dampening) * d[i] for i in range(2)]
            d = [d[i] + momentum * buf[i] for i in range(2)] if nesterov else list(buf)
        p = [p[i] - lr * d[i] for i in range(2)]
        out.append(list(p))
    return out


def show(name, rows):
    print(name)
    for r in rows:
        print("  {%r, %r}," % (r[0], r[1]))


show("adam lr=0.1", adam(0.1, 0.9, 0.999, 1e-8, 0.0))
show("adam lr=0.1 b=(0.8,0.99) eps=0.1 wd=0.5 amsgrad", adam(0.1, 0.8, 0.99, 0.1, 0.5, True))
show("adamw lr=0.1 wd=0.5", adam(0.1, 0.9, 0.999, 1e-8, 0.5, decoupled=True))
show("clipped_adam lr=0.1 clip=1 lrd=0.9 wd=0.2", clipped_adam(0.1, 0.9, 0.999, 1e-8, 0.2, 1.0, 0.9))
show("sgd lr=0.1", sgd(0.1, 0.0, 0.0, 0.0, False))
show("sgd lr=0.1 momentum=0.9 dampening=0.5 wd=0.1", sgd(0.1, 0.9, 0.5, 0.1, False))
show("sgd lr=0.1 momentum=0.9 nesterov", sgd(0.1, 0.9, 0.0, 0.0, True))
