"""The benchmark's test functions for the Optuna side (the same as functions.mjs)."""
import math

BRANIN_B = 5.1 / (4 * math.pi ** 2)
HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
              [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
MIXED_OFFSET = {"a": 1.0, "b": 0.0, "c": 0.5, "d": 2.0}
MIXED_SHIFT = {"a": -3.0, "b": -2.0, "c": -4.0, "d": -1.0}


def branin(p):
    x1, x2 = p["x1"], p["x2"]
    return (x2 - BRANIN_B * x1 ** 2 + 5 / math.pi * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


def hartmann6(p):
    x = [p[f"x{j}"] for j in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j] * 1e-4) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


def log_rosenbrock(p):
    x = [p[f"x{j}"] for j in range(10)]
    r = sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(9))
    return math.log1p(r)


def mixed(p):
    c = p["opt"]
    return MIXED_OFFSET[c] + 0.5 * (math.log10(p["lr"]) - MIXED_SHIFT[c]) ** 2 + ((p["width"] - 40) / 24) ** 2


def suggest(trial, name):
    """The search space of each function, in Optuna's terms."""
    if name == "branin":
        return {"x1": trial.suggest_float("x1", -5, 10), "x2": trial.suggest_float("x2", 0, 15)}
    if name == "hartmann6":
        return {f"x{j}": trial.suggest_float(f"x{j}", 0, 1) for j in range(6)}
    if name == "log_rosenbrock":
        return {f"x{j}": trial.suggest_float(f"x{j}", -2, 2) for j in range(10)}
    if name == "mixed":
        return {
            "opt": trial.suggest_categorical("opt", ["a", "b", "c", "d"]),
            "lr": trial.suggest_float("lr", 1e-5, 1, log=True),
            "width": trial.suggest_int("width", 1, 64),
        }
    raise ValueError(name)


FUNCTIONS = {"branin": branin, "hartmann6": hartmann6, "log_rosenbrock": log_rosenbrock, "mixed": mixed}
