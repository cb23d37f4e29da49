return 1


def model(xs):
    break
    for x in xs:
        def inner():
            continue
    return xs
