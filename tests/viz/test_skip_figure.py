"""The skip chart (Backpropagation's last tab): its legend names the derivatives it plots."""

import numpy as np

from viz.skip_figure import skip_figure
from viz.theme import Theme


def curves(n=5, theta=1.0):
    spec = skip_figure(n, theta, Theme())
    return {trace["name"]: trace for trace in spec["data"] if trace.get("showlegend", True)}


def test_the_legend_names_each_derivative_and_what_it_is_the_derivative_of():
    names = list(curves(n=5))
    assert len(names) == 2
    plain, skip = names
    assert plain.startswith("dC/dθ") and "5 nested tanh" in plain
    assert skip.startswith("dC_res/dθ") and "C(θ) + θ" in skip


def test_the_named_curves_are_those_derivatives():
    plain, skip = curves(n=5).values()
    at_zero = int(np.argmin(np.abs(np.asarray(plain["x"]))))
    assert plain["x"][at_zero] == 0
    # tanh'(0) = 1 at every layer, so dC/dθ(0) = 1; the skip adds d(θ)/dθ = 1
    assert np.isclose(plain["y"][at_zero], 1.0) and np.isclose(skip["y"][at_zero], 2.0)
    # at θ = 4 the first tanh saturates: 1 − tanh²(4) ≈ 0.0013 bounds the product
    assert plain["y"][-1] < 0.0014 and skip["y"][-1] > 1.0
