"""Engine speed on realistic layer sizes, as a ratio to PyTorch's CPU float64 path.

Forward operations are compared with torch.nn.functional, backward passes with the aten
backward kernels that autograd calls (the max-pool row includes finding the winners on both
sides, since the engine's backward finds them itself).

Run: python -m benchmarks.engine [--threads N]   (default 1 thread for both, as
benchmarks/training.py; torch is optional: without it only the engine's times print)
Target: ratio (engine time / torch time) <= 1.0 on every row.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

PARSER = argparse.ArgumentParser(description="Engine ops vs PyTorch's CPU path")
PARSER.add_argument("--threads", type=int, default=1, help="BLAS threads for NumPy and torch")
ARGS = PARSER.parse_args()
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(ARGS.threads)  # before NumPy loads its BLAS

import numpy as np  # noqa: E402

import engine  # noqa: E402

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None  # type: ignore[assignment]

# (name, input shape, filters, kernel, stride, padding, dilation)
CASES: list[tuple[Any, ...]] = [
    ("3x224x224, 64 filters 7x7 s2 p3", (1, 3, 224, 224), 64, 7, 2, 3, 1),
    ("64x56x56, 64 filters 3x3 p1", (1, 64, 56, 56), 64, 3, 1, 1, 1),
    ("1x512x512, 5x5 dilation 2", (1, 1, 512, 512), 1, 5, 1, 0, 2),
]


def best_times(fns, repeats: int = 7) -> list[float]:
    """Fastest of `repeats` runs of each of `fns`, taken in turns after one warm-up each, in
    seconds: load from other processes that comes and goes slows both sides alike."""
    for fn in fns:
        fn()
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def operations(shape, filters, k, s, p, d, rng):
    """(label, engine call, torch call or None) for every timed operation of one case."""
    x = rng.normal(size=shape)
    w = rng.normal(size=(filters, shape[1], k, k))
    wt = rng.normal(size=(shape[1], filters, k, k))
    grad = rng.normal(size=engine.conv2d(x, w, stride=s, padding=p, dilation=d).shape)
    pool = dict(kernel_size=k, stride=s, padding=p, dilation=d)
    pool_grad = rng.normal(size=np.shape(engine.max_pool2d(x, **pool)))
    rows = [
        ("conv2d", lambda: engine.conv2d(x, w, stride=s, padding=p, dilation=d)),
        ("conv_transpose2d", lambda: engine.conv_transpose2d(x, wt, stride=s, padding=p, dilation=d)),
        ("max_pool2d", lambda: engine.max_pool2d(x, **pool)),
        ("conv2d_backward", lambda: engine.conv2d_backward(x, w, grad, stride=s, padding=p, dilation=d)),
        ("max_pool2d_backward", lambda: engine.max_pool2d_backward(x, pool_grad, **pool)),
    ]
    if torch is None:
        return [(label, fast, None) for label, fast in rows]
    tx, tw, twt, tgrad, tpool_grad = (torch.from_numpy(a) for a in (x, w, wt, grad, pool_grad))

    def torch_max_pool_backward():
        """Ours finds the winners too, so torch's row is its forward with indices + backward."""
        _, indices = F.max_pool2d(tx, return_indices=True, **pool)
        return torch.ops.aten.max_pool2d_with_indices_backward(
            tpool_grad, tx, [k, k], [s, s], [p, p], [d, d], False, indices
        )

    torch_calls = [
        lambda: F.conv2d(tx, tw, stride=s, padding=p, dilation=d),
        lambda: F.conv_transpose2d(tx, twt, stride=s, padding=p, dilation=d),
        lambda: F.max_pool2d(tx, **pool),
        lambda: torch.ops.aten.convolution_backward(
            tgrad, tx, tw, [filters], [s, s], [p, p], [d, d], False, [0, 0], 1, [True, True, True]
        ),
        torch_max_pool_backward,
    ]
    return [(label, fast, ref) for (label, fast), ref in zip(rows, torch_calls)]


def main() -> None:
    """Time every operation of every case, engine first, then PyTorch; print the ratios."""
    rng = np.random.default_rng(0)
    if torch is not None:
        torch.set_num_threads(ARGS.threads)
    version = (
        f"torch {torch.__version__}, {torch.get_num_threads()} threads" if torch else "torch not installed"
    )
    print(version)
    print(f"{'case':36} {'operation':20} {'engine ms':>10} {'torch ms':>10} {'ratio':>7}")
    rows = [
        (name, label, fast, ref)
        for name, shape, filters, k, s, p, d in CASES
        for label, fast, ref in operations(shape, filters, k, s, p, d, rng)
    ]
    # Each row times the engine and torch in turns. With more than one thread, mind that once
    # torch's thread pool has run, NumPy's OpenBLAS threads on this 2-core machine could stay up
    # to 30x slower for the rest of the process (seen on several matrix shapes): compare
    # several threads only with that in mind. At 1 thread (the default) neither has a pool.
    for name, label, fast, ref in rows:
        mine, other = best_times([fast, ref]) if ref else (best_times([fast])[0], None)
        ratio = f"{mine / other:7.2f}" if other else "      -"
        torch_ms = f"{other * 1e3:10.1f}" if other else "         -"
        print(f"{name:36} {label:20} {mine * 1e3:10.1f} {torch_ms} {ratio}", flush=True)


if __name__ == "__main__":
    main()
