"""Image mode's picture: greys span the picture's own range, so small integers are not black."""

import numpy as np

from engine.geometry import conv_geometry
from settings.input import InputSettings
from viz.image_figure import image_pair
from viz.theme import Theme


def input_trace(picture):
    rows, cols = conv_geometry(picture.shape, (3, 3), 1, 0)
    layer = type("Layer", (), {"rows": rows, "cols": cols})()
    fmap = np.zeros((rows.out, cols.out))
    spec = image_pair(picture, fmap, layer, Theme(), ((0, 2), (0, 2)))
    return next(trace for trace in spec["data"] if trace["name"] == "input")


def brightness(trace, value):
    """Where `value` falls between black (0) and white (1) on the trace's grey scale."""
    return (value - trace["zmin"]) / (trace["zmax"] - trace["zmin"])


def test_small_integers_span_black_to_white():
    picture = np.random.default_rng(0).integers(0, 10, (40, 40)).astype(float)
    trace = input_trace(picture)
    assert brightness(trace, 0) == 0 and brightness(trace, 9) == 1
    assert brightness(trace, 5) > 0.5  # on 0..255 a 5 was 2 % grey: black


def test_a_photo_keeps_its_full_range_and_a_flat_picture_is_grey():
    photo = np.linspace(0, 255, 64 * 64).reshape(64, 64)
    assert brightness(input_trace(photo), 255) == 1 and brightness(input_trace(photo), 0) == 0
    assert brightness(input_trace(np.full((8, 8), 3.0)), 3) == 0.5


def test_switching_to_a_picture_makes_the_input_big_enough_to_show_it():
    on_switch = InputSettings.CHANGES["src"]
    assert on_switch({"src": "image", "h": 7, "w": 7}) == {"h": 64, "w": 64}
    assert on_switch({"src": "image", "h": 128, "w": 40}) == {"h": 128, "w": 64}  # larger ones are kept
    assert "grid" in on_switch({"src": "typed", "h": 3, "w": 3, "preset": "checkerboard"})
