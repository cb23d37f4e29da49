def model(x):
    if (n := len(x)) > 0:
        return n
    return 0
