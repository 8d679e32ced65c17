"""The Optuna 3.1 side of bench/search.mjs: reads a JSON request on stdin, writes JSON results."""
import json
import sys
import time
import warnings

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

sys.path.insert(0, __import__("os").path.dirname(__file__))
from functions import FUNCTIONS, suggest  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")


def run_studies(req):
    out = {}
    for name in req["functions"]:
        f = FUNCTIONS[name]
        for kind in ("tpe", "random"):
            runs = []
            for seed in range(req["seeds"]):
                sampler = (optuna.samplers.TPESampler(seed=seed, n_startup_trials=req["n_startup_trials"])
                           if kind == "tpe" else optuna.samplers.RandomSampler(seed=seed))
                study = optuna.create_study(sampler=sampler)
                params, values = [], []

                def objective(trial):
                    p = suggest(trial, name)
                    params.append(p)
                    v = f(p)
                    values.append(v)
                    return v

                study.optimize(objective, n_trials=req["n_trials"])
                runs.append({"values": values, "params": params if kind == "random" else None})
            out[f"{name}/{kind}"] = runs
    return out


def overhead(req):
    dists = {f"x{j}": FloatDistribution(0, 1) for j in range(6)}
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0))
    study.add_trials([optuna.trial.create_trial(params=p, distributions=dists, value=v) for p, v in req["history"]])
    times = []
    for _ in range(req["repeats"]):
        t0 = time.perf_counter()
        trial = study.ask()
        p = suggest(trial, "hartmann6")
        times.append((time.perf_counter() - t0) * 1000)
        study.tell(trial, FUNCTIONS["hartmann6"](p))
    return sorted(times)[len(times) // 2]


def main():
    req = json.load(sys.stdin)
    res = {"version": optuna.__version__}
    res["check"] = [FUNCTIONS[name](p) for name, p in req["check"]]
    if "studies" in req:
        res["studies"] = run_studies(req["studies"])
    if "overhead" in req:
        res["overhead_ms"] = overhead(req["overhead"])
    json.dump(res, sys.stdout)


main()
