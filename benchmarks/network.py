"""The Network page's budgets, as ratios (<= 1 is within budget).

Run: python -m benchmarks.network
- a digit picked: every activation, the overview, the probabilities and the clicked cell's
  animation built, uncached (server side of "picked to painted <= 1 s");
- the page's payload: those figures' JSON (budget 0.5 MB), with the largest cell animation;
- a training click: the most steps a click allows, server CPU (budget ~3 s), for each network.
"""

from __future__ import annotations

import json
import time

from lessons import network, network_cell
from lessons.network_training import TrainingRun
from settings.network import LAYERS, MAX_STEPS_PER_CLICK, TRAINABLE, NetworkSettings

PICK_S, PAYLOAD_MB, CLICK_S = 1.0, 0.5, 3.0


def size_mb(value) -> float:
    """Size of `value` as compact JSON, in MB."""
    return len(json.dumps(value, separators=(",", ":"))) / 1e6


def main() -> None:
    """Print the Network page's worst build time, payload and training click, as budget ratios."""
    network.build(NetworkSettings())  # load the weights and digits once, as a server has
    print(f"{'measure':46} {'value':>10} {'ratio':>7}")
    worst = 0.0
    for digit in (1, 2, 3):
        for model in ("tanh", "relu"):
            settings = NetworkSettings(model=model, digit=digit, layer="C3", channel=5, row=4, col=4)
            start = time.perf_counter()
            view, _ = network.build(settings), network_cell.explain(settings)
            worst = max(worst, time.perf_counter() - start)
    print(f"{'digit picked, every activation built (worst)':46} {worst:>8.3f} s {worst / PICK_S:>7.2f}")
    largest = max(
        (network_cell.explain(NetworkSettings(layer=layer, channel=0)) for layer in LAYERS),
        key=lambda cell: size_mb(cell.payload or {}),
    )
    total = size_mb(view.overview) + size_mb(largest.payload or {})
    print(
        f"{'page payload (overview, probabilities, ' + largest.title.split()[0] + ')':46} {total:>7.3f} MB "
        f"{total / PAYLOAD_MB:>7.2f}"
    )
    for name in TRAINABLE:
        run = TrainingRun(name, 0)
        run.train(1)  # the training digits loaded, as after the first click
        start = time.process_time()
        run.train(MAX_STEPS_PER_CLICK)
        spent = time.process_time() - start
        label = f"training click, {MAX_STEPS_PER_CLICK} steps, {name} (CPU)"
        print(f"{label:46} {spent:>8.3f} s {spent / CLICK_S:>7.2f}")


if __name__ == "__main__":
    main()
