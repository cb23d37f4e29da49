counter = 0


def model(x):
    global counter
    counter += 1
    return x


def guide(x):
    del x


def check(x):
    raise ValueError("bad")
