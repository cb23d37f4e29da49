def model(x):
    if x > 0:
        y = 1
      z = 2
    return y
