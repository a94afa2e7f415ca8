"""A pooling layer's settings, as F.max_pool2d, F.min_pool2d (ConvLab's) and F.avg_pool2d take them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from settings.fields import Settings, choice, cols, rows, toggle

POOL_KINDS = ("max", "min", "avg")


@dataclass(frozen=True)
class PoolSettings(Settings):
    """Kind, window, stride (the window unless set, as in PyTorch), padding, dilation, ceil mode."""

    kind: str = choice(
        "kind",
        "Pooling",
        POOL_KINDS,
        radio=True,
        help="Max keeps the largest value of each window, min the smallest, avg their mean.",
    )
    kernel_h: int = rows("k", "Kernel", 2, 1, 7)
    kernel_w: int = cols("k", "Kernel", 2, 1, 7)
    stride_is_kernel: bool = toggle("skernel", "Stride = kernel (PyTorch's default)", True)
    stride_h: int = rows("s", "Stride", 2, 1, 8, shown=lambda v: not v.get("skernel", True))
    stride_w: int = cols("s", "Stride", 2, 1, 8, shown=lambda v: not v.get("skernel", True))
    padding_h: int = rows("p", "Padding", 0, 0, 3)
    padding_w: int = cols("p", "Padding", 0, 0, 3)
    dilation_h: int = rows("d", "Dilation", 1, 1, 4, shown=lambda v: v.get("kind") != "avg")
    dilation_w: int = cols("d", "Dilation", 1, 1, 4, shown=lambda v: v.get("kind") != "avg")
    ceil_mode: bool = toggle(
        "ceil",
        "Ceil mode",
        help="Round the output size up: a last, partial window is kept if it starts inside the input "
        "or the left padding.",
    )
    count_include_pad: bool = toggle(
        "incpad",
        "Count padding in the mean",
        True,
        help="count_include_pad: divide by the whole window, padding included, or only by its input cells.",
        shown=lambda v: v.get("kind") == "avg",
    )

    @property
    def kernel_size(self) -> tuple[int, int]:
        return self.kernel_h, self.kernel_w

    @property
    def stride(self) -> tuple[int, int]:
        return self.kernel_size if self.stride_is_kernel else (self.stride_h, self.stride_w)

    @property
    def padding(self) -> tuple[int, int]:
        return self.padding_h, self.padding_w

    @property
    def dilation(self) -> tuple[int, int]:
        return (1, 1) if self.kind == "avg" else (self.dilation_h, self.dilation_w)

    def to_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for the engine's pooling functions and trace_pool2d."""
        kwargs: dict[str, Any] = {
            "kernel_size": self.kernel_size,
            "stride": self.stride,
            "padding": self.padding,
            "ceil_mode": self.ceil_mode,
        }
        if self.kind == "avg":
            return kwargs | {"count_include_pad": self.count_include_pad}
        return kwargs | {"dilation": self.dilation}
