"""One LeNet-5 training step (batch 64: forward, cross-entropy, backward, SGD with momentum) in
the engine, as a ratio to PyTorch's CPU path with the same thread count, in float64 and float32.

Each dtype row runs both sides in that dtype: the engine's model cast with `.to(dtype)` and fed a
batch of that dtype, torch's with `.to(dtype)` likewise. A second table splits the engine's step
by layer, in both dtypes, to show where the time goes.

Run: python -m benchmarks.training [--threads N]   (default 1 thread for both; torch optional)
Target (issue 17): ratio (engine time / torch time) <= 1.0.
"""

from __future__ import annotations

import argparse
import os
import time

PARSER = argparse.ArgumentParser(description="LeNet-5 training step: engine vs PyTorch")
PARSER.add_argument("--threads", type=int, default=1, help="BLAS threads for NumPy and torch")
PARSER.add_argument("--repeats", type=int, default=30)
ARGS = PARSER.parse_args()
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(ARGS.threads)  # before NumPy loads its BLAS

import numpy as np  # noqa: E402

from engine.model import train_step  # noqa: E402
from engine.networks import lenet5  # noqa: E402
from engine.optim import SGD  # noqa: E402

try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError:
    torch = None  # type: ignore[assignment]

BATCH = 64


def best_time(fn, repeats: int) -> float:
    """Fastest of `repeats` runs after two warm-ups, in seconds (the least noisy estimate)."""
    return best_times([fn], repeats)[0]


def best_times(fns, repeats: int) -> list[float]:
    """Fastest of `repeats` runs of each of `fns`, taken in turns (a, b, a, b, ...) after two
    warm-ups, in seconds: on a shared machine, load that comes and goes then slows both sides
    alike instead of whichever ran during it."""
    for fn in fns:
        fn(), fn()
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def engine_step(images, labels, dtype):
    """One LeNet-5 SGD step in the engine at `dtype`, as a closure to time."""
    model = lenet5(np.random.default_rng(0)).to(dtype)
    optimizer = SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = images.astype(dtype)

    def step():
        train_step(model, x, labels, input_grad=False)  # torch's images do not require grad
        optimizer.step(model.gradients())

    return model, step


def torch_step(images, labels, dtype):
    """The same step in PyTorch at `dtype`, as a closure to time."""
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(16, 120, 5), nn.Tanh(), nn.Flatten(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10),
    ).to(dtype)  # fmt: skip
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x, y = torch.tensor(images, dtype=dtype), torch.tensor(labels)

    def step():
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()

    return step


def layer_times(model, images, labels, repeats):
    """(layer name, forward ms, backward ms) of the engine's LeNet-5, best of `repeats`."""
    train_step(model, images.astype(model.parameters()[0].dtype), labels, input_grad=False)
    rows = []
    for i, layer in enumerate(model.layers):
        x, y, g = model.activations[i], model.activations[i + 1], model.grads[i + 1]
        forward = best_time(lambda layer=layer, x=x: layer.forward(x), repeats)
        rule = layer.backward_params if i == 0 else layer.backward  # as in the step
        backward = best_time(lambda rule=rule, x=x, y=y, g=g: rule(x, y, g), repeats)
        rows.append((layer.name, forward * 1e3, backward * 1e3))
    return rows


def main() -> None:
    """Time both steps and print the ratios."""
    rng = np.random.default_rng(0)
    images, labels = rng.normal(size=(BATCH, 1, 32, 32)), rng.integers(0, 10, size=BATCH)
    if torch is not None:
        torch.set_num_threads(ARGS.threads)
    print(f"numpy {np.__version__}, " + (f"torch {torch.__version__}, " if torch else "torch not installed, ")
          + f"{ARGS.threads} thread(s), batch {BATCH}")  # fmt: skip
    print(f"{'LeNet-5 step':14} {'dtype':8} {'engine ms':>10} {'torch ms':>10} {'ratio':>7}")
    models = {}
    for dtype_name in ("float64", "float32"):
        models[dtype_name], step = engine_step(images, labels, getattr(np, dtype_name))
        if torch:
            ours, theirs = best_times(
                [step, torch_step(images, labels, getattr(torch, dtype_name))], ARGS.repeats
            )
        else:
            ours, theirs = best_time(step, ARGS.repeats), None
        ratio, torch_ms = (
            (f"{ours / theirs:7.2f}", f"{theirs * 1e3:10.2f}") if theirs else ("      -", " " * 9 + "-")
        )
        print(f"{'':14} {dtype_name:8} {ours * 1e3:10.2f} {torch_ms} {ratio}", flush=True)
    print(f"\n{'engine layer':14} {'float64 forward/backward ms':>28} {'float32 forward/backward ms':>28}")
    tables = [layer_times(model, images, labels, ARGS.repeats) for model in models.values()]
    for (name, f64, b64), (_, f32, b32) in zip(*tables):
        print(f"{name:14} {f64:14.2f} {b64:13.2f} {f32:14.2f} {b32:13.2f}")


if __name__ == "__main__":
    main()
