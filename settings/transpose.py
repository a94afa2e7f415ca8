"""conv_transpose2d's stride, padding (cropped from the output), output_padding and dilation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from settings.fields import Settings, cols, rows


class RowsAndColumns:
    """Stride, padding and dilation as (rows, cols) pairs, from the fields declared `_h` and `_w`."""

    stride_h: int
    stride_w: int
    padding_h: int
    padding_w: int
    dilation_h: int
    dilation_w: int

    @property
    def stride(self) -> tuple[int, int]:
        return self.stride_h, self.stride_w

    @property
    def padding(self) -> tuple[int, int]:
        return self.padding_h, self.padding_w

    @property
    def dilation(self) -> tuple[int, int]:
        return self.dilation_h, self.dilation_w


@dataclass(frozen=True)
class TransposeSettings(RowsAndColumns, Settings):
    stride_h: int = rows("s", "Stride", 2, 1, 4)
    stride_w: int = cols("s", "Stride", 2, 1, 4)
    padding_h: int = rows("p", "Padding (cropped)", 0, 0, 4)
    padding_w: int = cols("p", "Padding (cropped)", 0, 0, 4)
    output_padding_h: int = rows("op", "Output padding", 0, 0, 3)
    output_padding_w: int = cols("op", "Output padding", 0, 0, 3)
    dilation_h: int = rows("d", "Dilation", 1, 1, 3)
    dilation_w: int = cols("d", "Dilation", 1, 1, 3)

    def to_kwargs(self) -> dict[str, Any]:
        """conv_transpose2d's keyword arguments."""
        return {
            "stride": self.stride,
            "padding": self.padding,
            "output_padding": (self.output_padding_h, self.output_padding_w),
            "dilation": self.dilation,
        }


@dataclass(frozen=True)
class MatrixSettings(RowsAndColumns, Settings):
    """A zero-padded convolution small enough to draw as a matrix (Why convolutions)."""

    stride_h: int = rows("s", "Stride", 1, 1, 3)
    stride_w: int = cols("s", "Stride", 1, 1, 3)
    padding_h: int = rows("p", "Padding", 0, 0, 2)
    padding_w: int = cols("p", "Padding", 0, 0, 2)
    dilation_h: int = rows("d", "Dilation", 1, 1, 2)
    dilation_w: int = cols("d", "Dilation", 1, 1, 2)
