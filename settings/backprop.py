"""The Backpropagation page's own controls: the upstream gradient, the numerical check, fan-out,
the deep-stack chart, and the steps of its three animations."""

from __future__ import annotations

from dataclasses import dataclass

from engine.analysis.upstream import UPSTREAM_KINDS
from settings.fields import Settings, choice, number

EPSILONS = (0.1, 0.01, 0.001, 0.0001, 1e-06)
# the page's tabs, the open one named in the link's `tab` (ui.widgets.page_tabs)
TABS = ("Convolution", "Check it yourself", "Fan-out", "Pooling", "Deep stacks and skip connections")


@dataclass(frozen=True)
class UpstreamSettings(Settings):
    """Where the backward pass starts: dL/dY (engine.losses.upstream_gradient)."""

    kind: str = choice(
        "upstream",
        "Upstream gradient dL/dY",
        UPSTREAM_KINDS,
        radio=True,
        help="ones: L = ΣY; random: integers from the seed; one-hot: L = Y[r, c], what one output "
        "depends on; loss: L = ½·Σ(Y − T)², so dL/dY = Y − T.",
    )
    row: int = number(
        "hotr", "Output row", 0, 0, 63, row="cell", shown=lambda v: v.get("upstream") == "one-hot"
    )
    col: int = number(
        "hotc", "Output col", 0, 0, 63, row="cell", shown=lambda v: v.get("upstream") == "one-hot"
    )
    target: float = number(
        "target",
        "Target T (every cell)",
        0.0,
        -100.0,
        100.0,
        step=1.0,
        shown=lambda v: v.get("upstream") == "loss",
    )

    @property
    def cell(self) -> tuple[int, int]:
        return self.row, self.col


@dataclass(frozen=True)
class CheckSettings(Settings):
    """Which weight or input cell the central difference nudges, and by how much."""

    of: str = choice("check", "Check", ("weight", "input cell"), radio=True)
    row: int = number("ci", "Row", 0, 0, 63, row="cell")
    col: int = number("cj", "Column", 0, 0, 63, row="cell")
    eps: float = choice("eps", "ε", EPSILONS, 0.001, row="cell", slider=True)


@dataclass(frozen=True)
class FanOutSettings(Settings):
    """The input cell or weight whose fan-out is followed."""

    follow: str = choice("fan", "Follow", ("an input cell", "a weight"), radio=True)
    row: int = number("fi", "Row", 2, 0, 63, row="cell")
    col: int = number("fj", "Column", 2, 0, 63, row="cell")


@dataclass(frozen=True)
class SkipSettings(Settings):
    """n nested tanh at θ, with and without a skip connection."""

    depth: int = number("depth", "Layers n", 8, 1, 30, row="skip", slider=True)
    theta: float = number("theta", "θ", 1.0, -3.0, 3.0, step=0.25, row="skip", slider=True)


@dataclass(frozen=True)
class BackpropSteps(Settings):
    weight_step: int = number("wstep", "Step", 0, 0, 10**6)
    input_step: int = number("xstep", "Step", 0, 0, 10**6)
    pool_step: int = number("pstep", "Step", 0, 0, 10**6)


POOL_PREFIX = "p_"  # the Pooling tab's keys, apart from the convolution's
