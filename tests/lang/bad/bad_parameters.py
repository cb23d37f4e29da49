def model(x, x):
    return x


def guide(a=1, b):
    return a


def other(*, **kw):
    return kw
