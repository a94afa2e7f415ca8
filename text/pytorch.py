"""PyTorch code that reproduces what a page shows, with the page's own numbers."""

from __future__ import annotations

import numpy as np

from engine.geometry import pad_mode
from text.numbers import exact_number


def tensor_literal(values: np.ndarray, indent: str) -> str:
    """A matrix as a nested Python list, one row per line."""
    rows = ("[" + ", ".join(exact_number(v) for v in row) + "]" for row in np.asarray(values))
    return "[" + (",\n" + indent).join(rows) + "]"


def input_lines(grid: np.ndarray | None, H: int, W: int) -> list[str]:
    """`x = ...` as a (1, 1, H, W) tensor: the grid's values, or a placeholder for a picture
    (the comment on its own line, so it swallows no code)."""
    if grid is None:
        return [
            "# random values stand in for your picture",
            f"x = torch.rand(1, 1, {H}, {W}, dtype=torch.float64) * 255",
        ]
    return [
        f"x = torch.tensor({tensor_literal(grid, ' ' * 17)}, dtype=torch.float64).reshape(1, 1, {H}, {W})"
    ]


def pytorch_code(
    grid: np.ndarray | None,
    input_shape: tuple[int, int],
    kernel: np.ndarray,
    bias: float,
    stride: tuple[int, int],
    pad: tuple[int, int, int, int],
    dilation: tuple[int, int],
    padding_mode: str,
    flipped: bool,
) -> str:
    """Python that reproduces this output with PyTorch: F.pad first when padding is asymmetric
    or not zeros, then F.conv2d; the kernel flipped by torch.flip for a true convolution.
    `grid` (the input's values) is written out when given; pictures get a placeholder."""
    left, right, top, bottom = pad
    H, W = input_shape
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        *input_lines(grid, H, W),
        f"w = torch.tensor({tensor_literal(kernel, ' ' * 17)}, dtype=torch.float64)"
        f".reshape(1, 1, {kernel.shape[0]}, {kernel.shape[1]})",
    ]
    if flipped:
        lines.append("w = torch.flip(w, dims=(2, 3))  # true convolution: rotate the kernel by 180 degrees")
    symmetric = left == right and top == bottom and padding_mode == "zeros"
    padding = f"({top}, {left})"
    if not symmetric and any(pad):
        lines.append(f'x = F.pad(x, ({left}, {right}, {top}, {bottom}), mode="{pad_mode(padding_mode)}")')
        padding = "0"
    lines.append(
        f"y = F.conv2d(x, w, bias=torch.tensor([{exact_number(bias)}], dtype=torch.float64), "
        f"stride={stride}, padding={padding}, dilation={dilation})"
    )
    lines.append("print(y[0, 0])")
    return "\n".join(lines)


def pool_pytorch_code(grid: np.ndarray | None, input_shape: tuple[int, int], kind: str, kwargs: dict) -> str:
    """Python reproducing the pooling with PyTorch (min pooling as −max_pool2d(−x)).
    `kwargs` are the pooling's keyword arguments, as the engine takes them."""
    H, W = input_shape
    args = ", ".join(f"{key}={value}" for key, value in kwargs.items())
    call = {
        "max": f"F.max_pool2d(x, {args})",
        "min": f"-F.max_pool2d(-x, {args})  # PyTorch has no min pooling: the max of the negated input",
        "avg": f"F.avg_pool2d(x, {args})",
    }[kind]
    return "\n".join(
        [
            "import torch",
            "import torch.nn.functional as F",
            "",
            *input_lines(grid, H, W),
            f"y = {call}",
            "print(y[0, 0])",
        ]
    )
