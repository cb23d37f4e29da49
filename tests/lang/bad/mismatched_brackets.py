def model(x):
    y = [x, 2)
    z = x]
    return y
