"""The colours read for colour-blind viewers: every pair of role colours, and both ends of the
scales, stay apart under simulated protanopia, deuteranopia and tritanopia.

Simulation: Machado, Oliveira and Fernandes (2009), severity 1, applied in linear RGB; distance:
CIE76 ΔE in CIELAB (about 2.3 is just noticeable; 10 or more reads as a different colour).
"""

import itertools

import numpy as np
import pytest

from viz.theme import DIVERGING, ROLE_COLOURS, SEQUENTIAL

SIMULATIONS = {
    "normal vision": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE = np.array([0.95047, 1.0, 1.08883])
DIFFERENT = 10.0


def linear_rgb(hex_colour: str) -> np.ndarray:
    srgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def seen_as_lab(hex_colour: str, simulation: np.ndarray) -> np.ndarray:
    xyz = SRGB_TO_XYZ @ np.clip(simulation @ linear_rgb(hex_colour), 0, 1) / WHITE
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(a: str, b: str, simulation: np.ndarray) -> float:
    return float(np.linalg.norm(seen_as_lab(a, simulation) - seen_as_lab(b, simulation)))


def test_a_grey_is_seen_as_itself_by_every_simulation():
    for simulation in SIMULATIONS.values():
        assert distance("#808080", "#808080", simulation) == 0
        assert seen_as_lab("#808080", simulation)[1:] == pytest.approx([0, 0], abs=0.6)


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_every_pair_of_roles_reads_as_two_colours(vision):
    for (role_a, a), (role_b, b) in itertools.combinations(ROLE_COLOURS.items(), 2):
        assert distance(a, b, SIMULATIONS[vision]) >= DIFFERENT, (vision, role_a, role_b)


@pytest.mark.parametrize("vision", SIMULATIONS)
@pytest.mark.parametrize("scale", [DIVERGING, SEQUENTIAL], ids=["diverging", "sequential"])
def test_the_scales_ends_and_middle_stay_apart(vision, scale):
    simulation = SIMULATIONS[vision]
    low, high = scale[0][1], scale[-1][1]
    middle = scale[len(scale) // 2][1] if len(scale) > 2 else None
    assert distance(low, high, simulation) >= DIFFERENT
    if middle is not None:  # negative and positive both stand out from zero, by lightness
        assert distance(low, middle, simulation) >= 3 * DIFFERENT
        assert distance(high, middle, simulation) >= 3 * DIFFERENT
