"""Engine speed on realistic layer sizes, as a ratio to PyTorch's CPU float64 path.

Forward operations are compared with torch.nn.functional, backward passes with the aten
backward kernels that autograd calls (the max-pool row includes finding the winners on both
sides, since the engine's backward finds them itself).

Run: python benchmarks/engine.py   (torch is optional; without it only the engine's times print)
Target: ratio (engine time / torch time) <= 1.0 on every row.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

import engine

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


def best_time(fn, repeats: int = 5) -> float:
    """Fastest of `repeats` runs after one warm-up, in seconds (the least noisy estimate)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


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
    # Every engine time is taken before torch runs anything: once torch's thread pool has run,
    # NumPy's OpenBLAS threads on this 2-core machine can stay up to 30x slower for the rest of
    # the process (seen on several matrix shapes), which would measure the interference, not us.
    ours = [best_time(fast) for _, _, fast, _ in rows]
    theirs = [best_time(ref) if ref else None for _, _, _, ref in rows]
    for (name, label, _, _), mine, other in zip(rows, ours, theirs):
        ratio = f"{mine / other:7.2f}" if other else "      -"
        torch_ms = f"{other * 1e3:10.1f}" if other else "         -"
        print(f"{name:36} {label:20} {mine * 1e3:10.1f} {torch_ms} {ratio}", flush=True)


if __name__ == "__main__":
    main()
