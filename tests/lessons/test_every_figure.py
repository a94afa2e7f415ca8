"""Every figure a lesson builds is a valid Plotly figure.

Figures are plain dicts handed to Streamlit without validation (viz/spec.py says why), so this
is where they are checked against Plotly's schema: one case per lesson, every spec in its view.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import numpy as np
import plotly.graph_objects as go
import pytest

from lessons import backprop, convolution, pooling, stack, transposed, volumes, why
from settings.backprop import UpstreamSettings
from settings.conv import ConvSettings
from settings.kernel import KernelSettings
from settings.pool import PoolSettings
from settings.stack import StackSettings
from settings.transpose import TransposeSettings
from settings.volume import VolumeSettings
from viz.skip_figure import skip_figure
from viz.theme import theme_for

GRID = np.arange(49.0).reshape(7, 7) % 10
PICTURE = np.arange(40 * 40.0).reshape(40, 40) % 256
PADDED = ConvSettings.from_values({"padding": "same"})
BLOCK = ((0, 8), (0, 8))

LESSONS: dict[str, Callable[[], Any]] = {
    "convolution": lambda: convolution.build(GRID, KernelSettings(), PADDED, False, False),
    "convolution, picture, classroom": lambda: convolution.build(
        PICTURE, KernelSettings(), PADDED, True, True, BLOCK
    ),
    "volumes in 3-D": lambda: volumes.step_3d(VolumeSettings(), PADDED, 4, True),
    "pooling": lambda: pooling.build(GRID, PoolSettings(), False, False, None),
    "pooling, picture": lambda: pooling.build(PICTURE, PoolSettings(), False, True, BLOCK),
    "backprop": lambda: backprop.build(GRID, KernelSettings(), PADDED, UpstreamSettings(), 0, False),
    "backprop, fan-out": lambda: backprop.fan_out(
        convolution.trace(GRID, KernelSettings(), PADDED), np.ones((3, 3)), True, (2, 2), False
    ),
    "backprop, skip connections": lambda: skip_figure(8, 1.0, theme_for(False)),
    "transposed": lambda: transposed.build(GRID[:3, :3], KernelSettings(), TransposeSettings(), False),
    "why, matrix": lambda: why.matrix_view(GRID[:4, :4], KernelSettings(), (1, 1), (1, 1), (1, 1), False),
    "why, shift": lambda: why.shift_view(GRID, KernelSettings(), (2, 2), 1, 1, False),
    "receptive field": lambda: stack.field_view(StackSettings(), 3, 2, 2, "cameraman", False),
}


def leaves(value: Any) -> Iterator[Any]:
    """Every value inside a view, a tuple or a list: fields and items walked down to what is
    neither (a Plotly spec, a still grid's HTML, an array, a number)."""
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from leaves(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def specs(value: Any) -> list[dict]:
    """Every Plotly spec (a dict with "data") inside a view."""
    return [leaf for leaf in leaves(value) if isinstance(leaf, dict) and "data" in leaf]


def stills(value: Any) -> list[str]:
    """Every still-grid figure (viz/grid_svg.py) inside a view."""
    return [
        leaf for leaf in leaves(value) if isinstance(leaf, str) and leaf.startswith('<div class="cl-grids"')
    ]


# Views without a Plotly figure: animations are drawn by the animation surface, still grids as SVG.
SURFACE_ONLY = {"convolution", "pooling", "backprop", "backprop, fan-out", "transposed", "why, shift"}


@pytest.mark.parametrize("case", LESSONS)
def test_every_figure_of_the_lesson_is_valid_plotly(case):
    figures = specs(LESSONS[case]())
    assert bool(figures) != (case in SURFACE_ONLY), f"{case} builds {len(figures)} Plotly figures"
    for spec in figures:
        go.Figure(spec)  # raises on any attribute or value Plotly does not know


def test_an_invalid_spec_is_refused():
    with pytest.raises(ValueError):
        go.Figure({"data": [{"type": "heatmap", "zz": [[1]]}]})


@pytest.mark.parametrize("case", LESSONS)
def test_every_still_grid_of_the_lesson_is_well_formed(case):
    """Each image a still grid holds is an SVG that parses and draws its cells (a browser shows
    nothing for an image it cannot parse)."""
    cells = 0
    for html in stills(LESSONS[case]()):
        for image in ET.fromstring(html).iter("img"):
            svg = ET.fromstring(unquote(image.get("src").removeprefix("data:image/svg+xml,")))
            drawn = [rect for rect in svg.iter("{http://www.w3.org/2000/svg}rect") if rect.get("data-cell")]
            assert drawn, image.get("alt")
            cells += len(drawn)
    with_grids = {"pooling", "pooling, picture", "backprop", "backprop, fan-out", "transposed", "why, shift"}
    assert bool(cells) == (case in with_grids)
