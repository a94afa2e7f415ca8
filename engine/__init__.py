"""ConvLab's engine: pure NumPy, torch.nn.functional's names and semantics, with step traces."""

from engine.conv import conv2d, conv2d_loop, conv_transpose2d, conv_transpose2d_loop
from engine.geometry import conv_geometry, conv_transpose_output_size, pool_geometry
from engine.padding import pad
from engine.pool import (
    avg_pool2d,
    avg_pool2d_loop,
    max_pool2d,
    max_pool2d_loop,
    min_pool2d,
    min_pool2d_loop,
)

__all__ = [
    "avg_pool2d",
    "avg_pool2d_loop",
    "conv2d",
    "conv2d_loop",
    "conv_geometry",
    "conv_transpose2d",
    "conv_transpose2d_loop",
    "conv_transpose_output_size",
    "max_pool2d",
    "max_pool2d_loop",
    "min_pool2d",
    "min_pool2d_loop",
    "pad",
    "pool_geometry",
]
