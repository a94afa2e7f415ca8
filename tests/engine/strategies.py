"""Hypothesis strategies for random, valid, non-square layer configurations."""

from __future__ import annotations

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from engine.geometry import same_padding
from engine.pool_geometry import pool_geometry


def arrays(draw, shape: tuple[int, ...]) -> np.ndarray:
    """Small integers as float64: sums stay exact, ties are common (good for max pooling)."""
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).integers(-4, 5, size=shape).astype(np.float64)


@st.composite
def conv_cases(draw, modes=("zeros", "reflect", "replicate", "circular")):
    """(input (N, C_in, H, W), weight, bias, kwargs) for conv2d, valid by construction."""
    groups = draw(st.integers(1, 3))
    C_in, C_out = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kH, kW = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    dilation = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    mode = draw(st.sampled_from(modes))
    use_same = draw(st.booleans()) and draw(st.booleans())
    stride = (1, 1) if use_same else (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    H, W = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    if use_same:
        padding = "same"
        pads = [same_padding(k, d) for k, d in zip((kH, kW), dilation)]
    else:
        padding = (draw(st.integers(0, 3)), draw(st.integers(0, 3)))
        pads = [(p, p) for p in padding]
    spans = [d * (k - 1) + 1 for k, d in zip((kH, kW), dilation)]
    assume(all(n + sum(p) >= span for n, p, span in zip((H, W), pads, spans)))
    if mode == "reflect":
        assume(all(max(p) < n for n, p in zip((H, W), pads)))
    if mode == "circular":
        assume(all(max(p) <= n for n, p in zip((H, W), pads)))
    N = draw(st.integers(1, 2))
    x = arrays(draw, (N, C_in, H, W))
    weight = arrays(draw, (C_out, C_in // groups, kH, kW))
    bias = arrays(draw, (C_out,)) if draw(st.booleans()) else None
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups, padding_mode=mode)
    return x, weight, bias, kwargs


@st.composite
def pool_cases(draw, dilated=True, oversized=False):
    """(input (N, C, H, W), kwargs) for a pooling, valid by construction (ceil-mode edges included).

    `oversized`: ceil mode with a window longer than the padded input along at least one axis
    (PyTorch pools the part that exists).
    """
    kH, kW = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = draw(st.one_of(st.none(), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    padding = (draw(st.integers(0, kH // 2)), draw(st.integers(0, kW // 2)))
    dilation = (draw(st.integers(1, 3)), draw(st.integers(1, 3))) if dilated else (1, 1)
    spans = [d * (k - 1) + 1 for k, d in zip((kH, kW), dilation)]
    ceil_mode = oversized or draw(st.booleans())
    if oversized:  # the first axis too short for its window, the second anything
        H = draw(st.integers(1, max(1, spans[0] - 2 * padding[0] - 1)))
        assume(H + 2 * padding[0] < spans[0])
        W = draw(st.integers(1, 9))
    else:
        H, W = draw(st.integers(1, 9)), draw(st.integers(1, 9))
        assume(all(n + 2 * p >= span for n, p, span in zip((H, W), padding, spans)))
    x = arrays(draw, (draw(st.integers(1, 2)), draw(st.integers(1, 2)), H, W))
    kwargs = dict(kernel_size=(kH, kW), stride=stride, padding=padding, ceil_mode=ceil_mode)
    try:  # windows that read only padding, or that even ceil mode cannot fit, are refused (tested apart)
        pool_geometry((H, W), dilation=dilation, **kwargs)
    except ValueError:
        assume(False)
    if dilated:
        kwargs["dilation"] = dilation
    return x, kwargs


def any_pool_case(dilated=True):
    """A pooling case, sometimes one whose ceil-mode window is longer than the padded input."""
    return st.one_of(pool_cases(dilated), pool_cases(dilated, oversized=True))


@st.composite
def transpose_cases(draw):
    """(input, weight (C_in, C_out/groups, kH, kW), bias, kwargs) for conv_transpose2d."""
    groups = draw(st.integers(1, 2))
    C_in, K_group = groups * draw(st.integers(1, 2)), draw(st.integers(1, 2))
    kH, kW = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    H, W = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    full = [(n - 1) * s + d * (k - 1) + 1 for n, s, d, k in zip((H, W), stride, dilation, (kH, kW))]
    padding = tuple(draw(st.integers(0, (f - 1) // 2)) for f in full)
    x = arrays(draw, (draw(st.integers(1, 2)), C_in, H, W))
    weight = arrays(draw, (C_in, K_group, kH, kW))
    bias = arrays(draw, (K_group * groups,)) if draw(st.booleans()) else None
    kwargs = dict(
        stride=stride, padding=padding, output_padding=output_padding, groups=groups, dilation=dilation
    )
    return x, weight, bias, kwargs
