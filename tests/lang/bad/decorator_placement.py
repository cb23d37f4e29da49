from pyro.infer import config_enumerate


@config_enumerate
x = 1


@config_enumerate(default="parallel") extra
def model():
    pass


@config_enumerate
class Model:
    pass
