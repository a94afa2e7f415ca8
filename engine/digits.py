"""The shipped handwritten digits and trained LeNet-5 weights, read with NumPy alone.

assets/digits.npz holds 5,000 MNIST digits padded to 32x32 as uint8 (0 = background), split
4,000 train / 1,000 held-out test (scripts/make_digits.py). The network reads pixels scaled as
LeCun et al. (1998) scale them: background −0.1, full ink 1.175, so the input's mean is near 0
and its variance near 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.arrays import FloatArray
from engine.model import Sequential
from engine.networks import lenet5

ASSETS = Path(__file__).resolve().parents[1] / "assets"
BACKGROUND, INK = -0.1, 1.175
WEIGHTS = {"tanh": "lenet5.npz", "relu": "lenet5_relu.npz"}


def pixels_to_input(pixels: npt.NDArray[np.uint8]) -> FloatArray:
    """uint8 pixels 0..255 (0 = background), any shape -> LeNet-5's input scale
    −0.1 + 1.275·pixel/255 as float64."""
    return BACKGROUND + (INK - BACKGROUND) * (np.asarray(pixels, dtype=np.float64) / 255.0)


def load_digits(split: str = "train") -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """("train" or "test") -> (images (N, 1, 32, 32) float64 at LeNet-5's scale, labels (N,))."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    with np.load(ASSETS / "digits.npz") as data:
        pixels, labels = data[f"{split}_images"], data[f"{split}_labels"]
    return pixels_to_input(pixels[:, np.newaxis]), labels.astype(np.intp)


def load_digit_pixels(split: str = "test") -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.intp]]:
    """The raw uint8 pictures (N, 32, 32) and labels (N,), for figures that show the digits."""
    with np.load(ASSETS / "digits.npz") as data:
        return data[f"{split}_images"], data[f"{split}_labels"].astype(np.intp)


def save_weights(path: Path, model: Sequential, metadata: dict[str, Any]) -> None:
    """The model's parameters by name, and `metadata` as JSON under "meta", compressed."""
    arrays: dict[str, Any] = dict(model.state_dict())
    np.savez_compressed(path, meta=np.array(json.dumps(metadata, sort_keys=True)), **arrays)


def load_lenet5(activation: str = "tanh") -> tuple[Sequential, dict[str, Any]]:
    """The shipped trained LeNet-5 ("tanh": tanh and average pooling as the chapter; "relu":
    ReLU and max pooling) and its metadata (held-out accuracy, seed, optimiser, epochs)."""
    if activation not in WEIGHTS:
        raise ValueError(f"the trained LeNet-5s are {', '.join(WEIGHTS)}, got {activation!r}")
    model = lenet5(np.random.default_rng(0), activation, "avg" if activation == "tanh" else "max")
    with np.load(ASSETS / WEIGHTS[activation]) as data:
        metadata = json.loads(str(data["meta"]))
        model.load_state_dict({key: data[key] for key in data.files if key != "meta"})
    return model, metadata
