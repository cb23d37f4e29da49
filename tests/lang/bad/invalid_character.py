def model(x):
    y = x – 1
    z = x $ 2
    return y
