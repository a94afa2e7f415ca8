"""Network: a trained LeNet-5 reads one digit; every layer's maps, the prediction and the
overview with the selected cell (its arithmetic is lessons/network_cell.py); a drawing made
into the digit the network reads.

The shipped models are shared by every session, so nothing here calls `Sequential.forward`
(which stores activations on the model): each layer's pure `forward` is applied in turn.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from PIL import Image

from engine.arrays import FloatArray
from engine.digits import load_digit_pixels, load_lenet5, pixels_to_input
from engine.model import Sequential
from settings.network import LAYERS, NetworkSettings
from viz.network_figure import cell_at, overview_figure, overview_pictures, probability_bars
from viz.spec import Spec

# The layer whose output each shown column is (indices into LeNet-5's layers): the activation
# after a convolution or F6, the pooled maps, the output logits.
SHOWN = {"C1": 1, "S2": 2, "C3": 4, "S4": 5, "C5": 7, "F6": 10, "output": 11}
COMPUTED_BY = {"C1": 0, "S2": 2, "C3": 3, "S4": 5, "C5": 6, "F6": 9, "output": 11}  # its weighted layer


@functools.cache
def trained(model: str) -> Sequential:
    """The shipped LeNet-5 (one per process, read only)."""
    network, _ = load_lenet5(model)
    for value in network.named_parameters().values():
        value.flags.writeable = False
    return network


@functools.cache
def held_out() -> tuple[np.ndarray, np.ndarray]:
    """The 1,000 held-out digits as uint8 (N, 32, 32) and their labels (N,)."""
    pixels, labels = load_digit_pixels("test")
    pixels.flags.writeable = False
    return pixels, labels


def activations(network: Sequential, image: FloatArray) -> list[FloatArray]:
    """(32, 32) input at LeNet-5's scale -> [input (1, 1, 32, 32), each layer's output]."""
    shown = [np.asarray(image, dtype=np.float64).reshape(1, 1, 32, 32)]
    for layer in network.layers:
        shown.append(layer.forward(shown[-1]))
    return shown


def softmax(logits: FloatArray) -> FloatArray:
    """(N,) logits -> (N,) probabilities that sum to 1."""
    shifted = np.exp(logits - logits.max())
    return shifted / shifted.sum()


@dataclass(frozen=True)
class NetworkView:
    image: FloatArray  # (32, 32) what the network reads, at its scale
    maps: tuple[tuple[str, FloatArray], ...]  # (layer, (C, H, W)) from C1 to the output
    probabilities: FloatArray  # (10,)
    predicted: int
    label: int | None  # None for a drawn digit
    overview: Spec  # the overview component's data: the maps' pictures, the probabilities' bars
    summary: str


def digit_image(settings: NetworkSettings) -> tuple[FloatArray, int]:
    """The held-out digit's input at LeNet-5's scale and its label."""
    pixels, labels = held_out()
    return pixels_to_input(pixels[settings.digit]), int(labels[settings.digit])


def build(settings: NetworkSettings, drawn: tuple[int, ...] | None = None) -> NetworkView:
    """Every layer's maps for the held-out digit (or the drawn 32x32 pixels, 0..255), the
    prediction and its probabilities, and the overview with the selected cell outlined."""
    image, label, maps, pictures = read(settings.model, None if drawn is not None else settings.digit, drawn)
    probabilities = softmax(maps[-1][1].ravel())
    predicted = int(probabilities.argmax())
    layer, k, r, c = selected_cell(settings)
    truth = "" if label is None else f" The digit is a {label}."
    return NetworkView(
        image=image,
        maps=maps,
        probabilities=probabilities,
        predicted=predicted,
        label=label,
        overview=overview_figure(pictures, OVERVIEW_SHAPES, (layer, k, r, c))
        | {"probabilities": probability_bars(probabilities, predicted)},
        summary=f"LeNet-5 ({settings.model}) reads a {predicted} with probability "
        f"{probabilities[predicted]:.1%}.{truth}",
    )


@functools.lru_cache(maxsize=32)  # LeNet-5's shapes are fixed: an entry is ~170 kB, 32 are ~5.5 MB
def read(
    model: str, digit: int | None, drawn: tuple[int, ...] | None
) -> tuple[FloatArray, int | None, tuple[tuple[str, FloatArray], ...], tuple[Spec, ...]]:
    """The held-out `digit` (or the `drawn` 32x32 pixels) read by `model`: its input, label
    (None when drawn), every layer's maps, and the overview's pictures. Kept for the last few
    digits, so clicking cells of one digit draws its pictures once."""
    if drawn is not None:
        image, label = pixels_to_input(np.array(drawn, dtype=np.uint8).reshape(32, 32)), None
    else:
        pixels, labels = held_out()
        image, label = pixels_to_input(pixels[digit]), int(labels[digit])
    image.flags.writeable = False
    shown = activations(trained(model), image)
    maps = tuple((name, as_maps(shown[SHOWN[name] + 1][0])) for name in LAYERS)
    for _, values in maps:
        values.flags.writeable = False
    return image, label, maps, overview_pictures(image, maps)


def as_maps(activation: FloatArray) -> FloatArray:
    """A layer's output for one sample as (C, H, W): vectors become C maps of 1x1."""
    return activation.reshape(activation.shape[0], *(activation.shape[1:] or (1, 1)))


SHAPES = {"C1": (6, 28, 28), "S2": (6, 14, 14), "C3": (16, 10, 10), "S4": (16, 5, 5)}
SHAPES |= {"C5": (120, 1, 1), "F6": (84, 1, 1), "output": (10, 1, 1)}
OVERVIEW_SHAPES = (("input", (1, 32, 32)), *SHAPES.items())


def selected_cell(settings: NetworkSettings) -> tuple[str, int, int, int]:
    """The clicked (layer, map, row, col), brought inside the layer's shape."""
    C, H, W = SHAPES[settings.layer]
    return (
        settings.layer,
        min(settings.channel, C - 1),
        min(settings.row, H - 1),
        min(settings.col, W - 1),
    )


def cell_of_click(layout: str, x: int, y: int) -> tuple[str, int, int, int] | None:
    """The (layer, map, row, col) at pixel (x, y) of the overview's `layout`, or None (a gap,
    the input, a layout that does not exist)."""
    return cell_at(OVERVIEW_SHAPES, layout, x, y)


def preprocess_drawing(pixels: np.ndarray) -> tuple[int, ...]:
    """A (28, 28) uint8 drawing (0 = background) -> the 32x32 pixels the network reads, as MNIST
    made its digits: the ink's bounding box scaled to fit 20x20, placed in 28x28 with its centre
    of mass at the centre, then padded by 2 as assets/digits.npz is."""
    ink = np.asarray(pixels, dtype=np.uint8)
    rows, cols = np.flatnonzero(ink.max(axis=1)), np.flatnonzero(ink.max(axis=0))
    if rows.size == 0:
        raise ValueError("the drawing is empty: draw a digit in the box")
    crop = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = crop.shape
    scale = 20 / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))  # PIL's (width, height)
    small = np.asarray(Image.fromarray(crop).resize(size, Image.Resampling.LANCZOS), dtype=np.uint8)
    h, w = small.shape
    total = float(small.sum()) or 1.0
    cy = float((np.arange(h)[:, None] * small).sum()) / total
    cx = float((np.arange(w)[None, :] * small).sum()) / total
    top = min(max(round(13.5 - cy), 0), 28 - h)
    left = min(max(round(13.5 - cx), 0), 28 - w)
    box = np.zeros((28, 28), dtype=np.uint8)
    box[top : top + h, left : left + w] = small
    return tuple(int(v) for v in np.pad(box, 2).ravel())
