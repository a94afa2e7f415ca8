"""Parameter counts of convolutional and fully connected layers."""

from __future__ import annotations

from dataclasses import dataclass

from engine.geometry import conv_geometry


@dataclass(frozen=True)
class ParameterCount:
    weights: int
    biases: int

    @property
    def total(self) -> int:
        return self.weights + self.biases


def conv_parameters(
    in_channels: int, out_channels: int, kernel_size: tuple[int, int], groups: int = 1, bias: bool = True
) -> ParameterCount:
    """K·(kH·kW·C_in/groups) weights and K biases: each of the K filters spans C_in/groups channels."""
    if in_channels % groups or out_channels % groups:
        raise ValueError(
            f"{in_channels} input and {out_channels} output channels cannot be split into {groups} groups"
        )
    kH, kW = kernel_size
    return ParameterCount(out_channels * kH * kW * (in_channels // groups), out_channels if bias else 0)


def dense_parameters(inputs: int, outputs: int, bias: bool = True) -> ParameterCount:
    """A fully connected layer: one weight per (input, output) pair, one bias per output."""
    return ParameterCount(inputs * outputs, outputs if bias else 0)


@dataclass(frozen=True)
class LayerSummary:
    """Shapes and parameter counts of one convolutional layer, beside the dense layer between
    the same input and output volumes."""

    input_shape: tuple[int, int, int]  # (C_in, H, W)
    output_shape: tuple[int, int, int]  # (C_out, H_out, W_out)
    conv: ParameterCount
    dense: ParameterCount
    leftover: tuple[int, int]  # input rows and columns no window reads (the stride does not tile)


def conv_layer_summary(
    input_shape: tuple[int, int, int],
    filters: int,
    kernel_size: int,
    stride: int = 1,
    padding: int = 0,
    groups: int = 1,
) -> LayerSummary:
    """Summary of a layer of `filters` square kernels on an input of (C_in, H, W)."""
    C_in, H, W = input_shape
    rows, cols = conv_geometry((H, W), (kernel_size, kernel_size), stride, padding)
    output = (filters, rows.out, cols.out)
    return LayerSummary(
        input_shape,
        output,
        conv_parameters(C_in, filters, (kernel_size, kernel_size), groups),
        dense_parameters(C_in * H * W, filters * rows.out * cols.out),
        (rows.leftover, cols.leftover),
    )
