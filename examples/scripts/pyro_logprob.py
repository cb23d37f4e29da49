#!/usr/bin/env python3
"""`kiln logprob` in real Pyro, to check that a model file means the same in both: loads
MODEL.py, binds the data as Kiln does (numbers stay Python numbers, lists become
torch.tensor(list) with float64 as the default dtype), runs the model with its latent (and
param) sites set to the values of V.json, and prints {"log_joint": x, "sites": {...}} as
`kiln logprob` does.
Needs torch and pyro; Kiln itself does not use this script.

    python3 scripts/pyro_logprob.py MODEL.py DATA.json VALUES.json [FUNCTION]
"""
import json
import runpy
import sys
import warnings

import torch
import pyro
from pyro import poutine


def tensors(obj):
    return {k: torch.tensor(v) if isinstance(v, list) else v for k, v in obj.items()}


def is_sample(site):
    # Pyro records plates and deterministic sites as sample sites too.
    return (site["type"] == "sample" and not site["infer"].get("_deterministic")
            and type(site["fn"]).__name__ != "_Subsample")


def main():
    warnings.filterwarnings("ignore", "pyro.module data did not find params")
    model_path, data_path, values_path = sys.argv[1:4]
    name = sys.argv[4] if len(sys.argv) > 4 else "model"
    torch.set_default_dtype(torch.float64)
    pyro.set_rng_seed(1)
    model = runpy.run_path(model_path)[name]
    with open(data_path) as f:
        data = tensors(json.load(f))
    with open(values_path) as f:
        values = {k: torch.tensor(v) for k, v in json.load(f).items()}
    arguments = model.__code__.co_varnames[:model.__code__.co_argcount]
    kwargs = {k: v for k, v in data.items() if k in arguments}
    # Pyro's substitute sets params only, and knows a module's params by their names within the
    # module ("0.weight" for the site "decoder$$$0.weight"); condition sets sample sites.
    params = {k.split("$$$", 1)[-1]: v for k, v in values.items()}
    model = poutine.condition(poutine.substitute(model, params), values)
    trace = poutine.trace(model).get_trace(**kwargs)
    trace.compute_log_prob()
    sites = {n: s["log_prob"].sum().item() for n, s in trace.nodes.items() if is_sample(s)}
    print(json.dumps({"log_joint": sum(sites.values()), "sites": sites}, indent=2))


if __name__ == "__main__":
    main()
