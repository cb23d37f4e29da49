def model(x):
    if x:
        y = 1
    y = 2
    else:
        y = 3
    return y
