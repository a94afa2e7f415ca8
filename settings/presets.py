"""Built-in inputs and kernels: small, deterministic, textbook-flavoured. Pure NumPy."""

from __future__ import annotations

import numpy as np

from text.chapters import CHAPTER_SIX, CS231N

# A 5x3 seven-segment-style glyph per digit, scaled up to the requested size.
DIGITS = {
    "0": ["###", "#.#", "#.#", "#.#", "###"],
    "1": [".#.", "##.", ".#.", ".#.", "###"],
    "2": ["###", "..#", "###", "#..", "###"],
    "3": ["###", "..#", ".##", "..#", "###"],
    "7": ["###", "..#", ".#.", ".#.", ".#."],
}

INPUT_PRESETS = (
    "random integers",
    "checkerboard",
    "vertical edge",
    "horizontal edge",
    "diagonal",
    "digit 3",
    "ramp",
)


def input_preset(name: str, size: tuple[int, int], rng: np.random.Generator | None = None) -> np.ndarray:
    """(H, W) float64 grid for a named preset; "random integers" draws 0..9 from `rng`."""
    H, W = size
    rows, cols = np.indices((H, W))
    if name == "random integers":
        rng = rng if rng is not None else np.random.default_rng(0)
        return rng.integers(0, 10, size=(H, W)).astype(np.float64)
    if name == "checkerboard":
        return ((rows + cols) % 2).astype(np.float64)
    if name == "vertical edge":
        return (cols >= W // 2).astype(np.float64) * 9
    if name == "horizontal edge":
        return (rows >= H // 2).astype(np.float64) * 9
    if name == "diagonal":
        return (np.abs(rows * W - cols * H) < max(H, W)).astype(np.float64) * 9
    if name.startswith("digit "):
        return digit_glyph(name.split()[1], size)
    if name == "ramp":
        return np.round((rows + cols) * 9 / max(H + W - 2, 1))
    raise ValueError(f"unknown input preset {name!r}; choose one of {', '.join(INPUT_PRESETS)}")


def digit_glyph(digit: str, size: tuple[int, int]) -> np.ndarray:
    """The digit's 5x3 glyph, nearest-neighbour scaled into (H, W) with a one-cell margin when it fits."""
    glyph = np.array([[c == "#" for c in row] for row in DIGITS[digit]], dtype=np.float64) * 9
    H, W = size
    margin = 1 if H >= 7 and W >= 5 else 0
    inner_h, inner_w = H - 2 * margin, W - 2 * margin
    rows = np.arange(inner_h) * 5 // inner_h
    cols = np.arange(inner_w) * 3 // inner_w
    out = np.zeros((H, W))
    out[margin : margin + inner_h, margin : margin + inner_w] = glyph[rows][:, cols]
    return out


KERNEL_PRESETS: dict[str, list[list[float]]] = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "box blur": [[1 / 9] * 3] * 3,
    "Gaussian blur": [[1 / 16, 2 / 16, 1 / 16], [2 / 16, 4 / 16, 2 / 16], [1 / 16, 2 / 16, 1 / 16]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "Sobel x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "Sobel y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "Laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    "random": [],  # drawn from the seed
}


def kernel_preset(
    name: str, size: tuple[int, int] = (3, 3), rng: np.random.Generator | None = None
) -> np.ndarray:
    """(kH, kW) kernel; "random" draws integers −2..2 of any size, the others are 3x3."""
    if name == "random":
        rng = rng if rng is not None else np.random.default_rng(0)
        return rng.integers(-2, 3, size=size).astype(np.float64)
    if name not in KERNEL_PRESETS:
        raise ValueError(f"unknown kernel preset {name!r}; choose one of {', '.join(KERNEL_PRESETS)}")
    return np.array(KERNEL_PRESETS[name], dtype=np.float64)


# Layers the chapters work through, named by title: (what, (C_in, H, W), filters, kernel, stride, padding).
SEED_LAYERS = (
    (f"32x32x3 input, four 5x5 filters ({CS231N})", (3, 32, 32), 4, 5, 1, 0),
    (
        f"32x32x3 input, seven 5x5 filters, stride 2 ({CHAPTER_SIX} says 16x16x3: it is 14x14x7)",
        (3, 32, 32),
        7,
        5,
        2,
        0,
    ),
    (f"128x128x3 input, 32 5x5 filters, padding 2 ({CHAPTER_SIX})", (3, 128, 128), 32, 5, 1, 2),
    (f"AlexNet conv1: 227x227x3, 96 11x11 filters, stride 4 ({CS231N})", (3, 227, 227), 96, 11, 4, 0),
    (f"AlexNet conv1 on 224x224x3: does not tile ({CS231N})", (3, 224, 224), 96, 11, 4, 0),
)

# Networks as the Receptive field and Architectures pages' text: (input (C, H, W), one layer per line).
STACK_PRESETS = {
    "three stacked 3x3": ((1, 16, 16), "conv 8 3x3\nconv 8 3x3\nconv 8 3x3"),
    "one 3x3 with dilation 2": ((1, 16, 16), "conv 8 3x3 d2"),
    "one 5x5": ((1, 16, 16), "conv 8 5x5"),
    "dilated stack 1-2-4-8": (
        (1, 48, 48),
        "conv 8 3x3 p1\nconv 8 3x3 p2 d2\nconv 8 3x3 p4 d4\nconv 8 3x3 p8 d8",
    ),
    "LeNet-5": (
        (1, 32, 32),
        "conv 6 5x5 tanh\npool avg 2x2\nconv 16 5x5 tanh\npool avg 2x2\nconv 120 5x5 tanh\nfc 84 tanh\nfc 10",
    ),
    "AlexNet": (
        (3, 227, 227),
        "conv 96 11x11 s4 relu\npool max 3x3 s2\nconv 256 5x5 p2 relu\npool max 3x3 s2\n"
        "conv 384 3x3 p1 relu\nconv 384 3x3 p1 relu\nconv 256 3x3 p1 relu\npool max 3x3 s2\n"
        "fc 4096 relu\nfc 4096 relu\nfc 1000",
    ),
    "VGG-16": (
        (3, 224, 224),
        "\n".join(
            [f"conv {c} 3x3 p1 relu" for c in (64, 64)]
            + ["pool max 2x2"]
            + [f"conv {c} 3x3 p1 relu" for c in (128, 128)]
            + ["pool max 2x2"]
            + [f"conv {c} 3x3 p1 relu" for c in (256, 256, 256)]
            + ["pool max 2x2"]
            + [f"conv {c} 3x3 p1 relu" for c in (512, 512, 512)]
            + ["pool max 2x2"]
            + [f"conv {c} 3x3 p1 relu" for c in (512, 512, 512)]
            + ["pool max 2x2"]
            + ["fc 4096 relu", "fc 4096 relu", "fc 1000"]
        ),
    ),
    "ResNet stem": ((3, 224, 224), "conv 64 7x7 s2 p3 relu\npool max 3x3 s2 p1"),
}
