import pyro
import pyro.distributions as dist


def model(T):
    a = f"x_{t"
    b = f"{}"
    c = f"x}"
    d = f"{t!x}"
    e = f"{t:{w}}"
    f = f"{t +}"
    g = b"a" f"{t}"
