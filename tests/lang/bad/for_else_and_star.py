def model(xs):
    for x in xs:
        pass
    else:
        return 0
    a, *b = xs
    return a
