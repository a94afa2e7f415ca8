"""Cached engine calls and figures: computed once per configuration, shared by every session.

Everything cached here is immutable (read-only arrays, frozen traces, specs nobody mutates),
so `st.cache_resource` can hand the same object to every student without copying.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine.analysis.gradcheck import CentralDifference, central_difference
from engine.analysis.matrix import convolution_matrix, shift
from engine.analysis.receptive import effective_receptive_field, regions_below
from engine.analysis.stack import TableRow, architecture_table, parse_stack
from engine.analysis.upstream import loss_value, upstream_gradient
from engine.arrays import frozen
from engine.geometry import WindowGeometry, conv_geometry, pad_conv_geometry
from engine.grid_text import parse_grid
from engine.ops.conv import conv2d, conv2d_backward, pad_conv2d
from engine.ops.conv_transpose import conv_transpose2d
from engine.ops.pool import max_pool2d
from engine.presets import input_preset
from engine.trace.backward import (
    ConvBackwardTrace,
    PoolBackwardTrace,
    trace_pad_conv2d_backward,
    trace_pool2d_backward,
)
from engine.trace.conv import ConvTrace, trace_pad_conv2d
from engine.trace.pool import PoolTrace, trace_pool2d
from engine.trace.transpose import TransposeTrace, trace_conv_transpose2d, trace_equivalent_correlation
from ui.controls import (
    MAX_ANIMATED,
    ConvSettings,
    InputChoice,
    KernelChoice,
    PoolSettings,
    TransposeSettings,
    UpstreamChoice,
    VolumeChoice,
    Zoom,
)
from ui.images import decode_image, sample_image
from viz import exercises
from viz.conv_figure import conv_animation
from viz.exercises import Exercise
from viz.grid import matrices_figure
from viz.image_figure import image_pair
from viz.matrix_figure import convolution_matrix_figure
from viz.pool_figure import pool_animation, pool_backward_animation
from viz.spec import Spec
from viz.theme import theme_for
from viz.transpose_figure import stamp_animation
from viz.volume3d import volume_step_3d
from viz.volume_figure import volume_animation


@st.cache_resource(max_entries=256, show_spinner=False)
def input_grid(choice: InputChoice, _upload: bytes = b"") -> np.ndarray:
    """(H, W) read-only input for a choice; `_upload` is keyed by `choice.upload_digest`."""
    if choice.source == "typed":
        return frozen(parse_grid(choice.typed, "input", (MAX_ANIMATED, MAX_ANIMATED)))
    if choice.source == "image":
        if choice.upload_name:  # an empty file too: it is refused with a reason, not ignored
            return frozen(decode_image(_upload, choice.size, choice.upload_name))
        return frozen(sample_image(choice.sample, choice.size))
    return frozen(input_preset(choice.preset, choice.size, np.random.default_rng(choice.seed)))


def kernel_grid(kernel: KernelChoice) -> np.ndarray:
    """(kH, kW) kernel as used: flipped by 180 degrees for a true convolution."""
    grid = parse_grid(kernel.text, "kernel", (7, 7))
    return grid[::-1, ::-1].copy() if kernel.flip else grid


@st.cache_resource(max_entries=256, show_spinner=False)
def conv_trace(
    grid: np.ndarray, kernel: KernelChoice, settings: ConvSettings, zoom: Zoom | None = None
) -> ConvTrace:
    """The single-channel trace the Convolution page animates: every output cell, or only
    image mode's zoomed block."""
    weights = kernel_grid(kernel)
    return trace_pad_conv2d(
        grid[None],
        weights[None, None],
        np.array([kernel.bias]),
        settings.pad(weights.shape),
        settings.padding_mode,
        settings.stride,
        settings.dilation,
        out_rows=zoom.rows if zoom else None,
        out_cols=zoom.cols if zoom else None,
    )


@st.cache_resource(max_entries=128, show_spinner=False)
def conv_spec(
    grid: np.ndarray, kernel: KernelChoice, settings: ConvSettings, classroom: bool, zoom: Zoom | None = None
) -> Spec:
    """The animated figure spec for a configuration, whole or zoomed (opening at step 0)."""
    titles = ("Input", "Kernel (flipped)" if kernel.flip else "Kernel", "Output")
    return conv_animation(conv_trace(grid, kernel, settings, zoom), theme_for(classroom), titles)


@st.cache_resource(max_entries=64, show_spinner=False)
def feature_map(
    grid: np.ndarray, kernel: KernelChoice, settings: ConvSettings
) -> tuple[np.ndarray, WindowGeometry]:
    """Image mode: the whole output (fast path, no trace) and the layer's geometry."""
    weights = kernel_grid(kernel)
    pads, args = settings.pad(weights.shape), (settings.padding_mode, settings.stride, settings.dilation)
    layer = pad_conv_geometry(grid.shape, weights.shape, pads, *args, 1)
    output = pad_conv2d(grid[None], weights[None, None], np.array([kernel.bias]), pads, *args)
    return frozen(output[0]), layer


@st.cache_resource(max_entries=32, show_spinner=False)
def image_spec(
    grid: np.ndarray, kernel: KernelChoice, settings: ConvSettings, zoom: Zoom, classroom: bool
) -> Spec:
    output, layer = feature_map(grid, kernel, settings)
    return image_pair(grid, output, layer, theme_for(classroom), (zoom.rows, zoom.cols))


@st.cache_resource(max_entries=128, show_spinner=False)
def pool_trace(grid: np.ndarray, settings: PoolSettings) -> PoolTrace:
    """The trace of a pooling of the whole input (pictures included: a block of it is animated)."""
    return trace_pool2d(grid[None], settings.kind, **settings.as_kwargs())


@st.cache_resource(max_entries=64, show_spinner=False)
def pool_spec(grid: np.ndarray, settings: PoolSettings, classroom: bool, zoom: Zoom | None = None) -> Spec:
    block = (zoom.rows, zoom.cols) if zoom else None
    return pool_animation(pool_trace(grid, settings), theme_for(classroom), block)


@st.cache_resource(max_entries=32, show_spinner=False)
def pooled_image_spec(grid: np.ndarray, settings: PoolSettings, zoom: Zoom, classroom: bool) -> Spec:
    trace = pool_trace(grid, settings)
    return image_pair(grid, trace.output[0], trace.layer, theme_for(classroom), (zoom.rows, zoom.cols))


@st.cache_resource(max_entries=64, show_spinner=False)
def pooling_versus_stride(
    grid: np.ndarray, settings: PoolSettings, classroom: bool
) -> tuple[Spec, np.ndarray]:
    """The pooled output beside a strided convolution of the same size and stride (a box kernel,
    one weight per cell: the weights a network would learn instead)."""
    kH, kW = settings.kernel_size
    box = np.full((1, 1, kH, kW), 1 / (kH * kW))
    strided = conv2d(grid[None], box, None, settings.stride, settings.padding)[0]
    pooled = pool_trace(grid, settings).output[0]
    spec = matrices_figure(
        [
            ("Input", "input", grid),
            (f"{settings.kind} pooling", "output", pooled),
            (f"{kH}x{kW} convolution, stride {settings.stride}", "kernel", strided),
        ],
        theme_for(classroom),
    )
    return spec, strided


@st.cache_resource(max_entries=64, show_spinner=False)
def volume_trace(choice: VolumeChoice, settings: ConvSettings) -> ConvTrace:
    """The trace of a multi-channel layer: input (C_in, H, W), K filters, groups, biases from the seed."""
    rng = np.random.default_rng(choice.seed)
    if choice.source == "image":
        volume = sample_image(choice.sample, choice.size, mode="RGB")
    else:
        volume = rng.integers(0, 10, size=(choice.channels, *choice.size)).astype(np.float64)
    weight = rng.integers(-2, 3, size=(choice.filters, choice.channels // choice.groups, *choice.kernel_size))
    bias = rng.integers(-2, 3, size=choice.filters) if choice.with_bias else np.zeros(choice.filters)
    return trace_pad_conv2d(
        volume,
        weight.astype(np.float64),
        bias.astype(np.float64),
        settings.pad(choice.kernel_size),
        settings.padding_mode,
        settings.stride,
        settings.dilation,
        choice.groups,
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def volume_spec(choice: VolumeChoice, settings: ConvSettings, classroom: bool) -> Spec:
    return volume_animation(volume_trace(choice, settings), theme_for(classroom))


@st.cache_resource(max_entries=256, show_spinner=False)
def volume_3d_spec(choice: VolumeChoice, settings: ConvSettings, step: int, classroom: bool) -> Spec:
    return volume_step_3d(volume_trace(choice, settings), step, theme_for(classroom))


@st.cache_resource(max_entries=128, show_spinner=False)
def backward_trace(
    grid: np.ndarray, kernel: KernelChoice, settings: ConvSettings, upstream: UpstreamChoice
) -> ConvBackwardTrace:
    """The backward pass of the Convolution page's configuration, from the chosen dL/dY."""
    forward = conv_trace(grid, kernel, settings)
    grad = upstream_gradient(upstream.kind, forward.output, upstream.seed, upstream.cell, upstream.target)
    weights = kernel_grid(kernel)
    return trace_pad_conv2d_backward(
        grid[None],
        weights[None, None],
        grad,
        settings.pad(weights.shape),
        settings.padding_mode,
        settings.stride,
        settings.dilation,
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def gradient_specs(
    grid: np.ndarray, kernel: KernelChoice, settings: ConvSettings, upstream: UpstreamChoice, classroom: bool
) -> tuple[Spec, Spec]:
    """The dL/dW and dL/dX animations, each drawn as the correlation it is."""
    trace, theme = backward_trace(grid, kernel, settings, upstream), theme_for(classroom)
    weight_spec = conv_animation(
        trace.grad_weight,
        theme,
        ("Input (padded)", "dL/dY, dilated by the stride", "dL/dW"),
        ("input", "gradient", "gradient"),
        name="dL/dW",
        show_bias=False,
    )
    input_spec = conv_animation(
        trace.grad_input,
        theme,
        ("dL/dY: zeros inserted, padded", "kernel rotated 180°", "dL/d(padded input)"),
        ("gradient", "kernel", "gradient"),
        name="dL/dX̃",
        show_bias=False,
    )
    return weight_spec, input_spec


@st.cache_resource(max_entries=64, show_spinner=False)
def pool_backward_spec(
    grid: np.ndarray, settings: PoolSettings, upstream_kind: str, seed: int, classroom: bool
) -> tuple[Spec, PoolBackwardTrace]:
    forward = pool_trace(grid, settings)
    grad = upstream_gradient(
        upstream_kind if upstream_kind in ("ones", "random") else "ones", forward.output, seed
    )
    trace = trace_pool2d_backward(grid[None], grad, settings.kind, **settings.as_kwargs())
    return pool_backward_animation(trace, theme_for(classroom)), trace


def numerical_check(
    grid: np.ndarray,
    kernel: KernelChoice,
    settings: ConvSettings,
    upstream: UpstreamChoice,
    of_weight: bool,
    index: tuple[int, int],
    eps: float,
) -> tuple[CentralDifference, float]:
    """Nudge one weight or input cell by ±eps, rerun the forward pass and the loss: the central
    difference, and the analytic gradient it should match."""
    weights = kernel_grid(kernel)
    trace = backward_trace(grid, kernel, settings, upstream)
    pads = settings.pad(weights.shape)

    def loss(x: np.ndarray, w: np.ndarray) -> np.ndarray:
        y = pad_conv2d(
            x[None],
            w[None, None],
            np.array([kernel.bias]),
            pads,
            settings.padding_mode,
            settings.stride,
            settings.dilation,
        )
        return loss_value(upstream.kind, y, trace.grad_output, upstream.target)

    if of_weight:
        return central_difference(lambda w: loss(grid, w), weights, index, eps=eps), trace.grad_weight_values[
            0, 0
        ][index]
    return central_difference(lambda x: loss(x, weights), grid, index, eps=eps), trace.grad_input_values[0][
        index
    ]


@st.cache_resource(max_entries=64, show_spinner=False)
def stack_table(input_shape: tuple[int, int, int], text: str) -> list[TableRow]:
    """The parsed stack's table: shapes, parameters and receptive fields per layer."""
    return architecture_table(input_shape, parse_stack(text))


@st.cache_resource(max_entries=64, show_spinner=False)
def effective_field(
    input_shape: tuple[int, int, int], text: str, layer_index: int, row: int, col: int
) -> np.ndarray:
    """∂unit/∂input through the spatial layers, with uniform weights (engine.analysis.receptive)."""
    layers = [layer.geometry for layer in parse_stack(text) if layer.geometry is not None]
    return frozen(effective_receptive_field(layers, input_shape[1:], layer_index, row, col))


@st.cache_resource(max_entries=256, show_spinner=False)
def regions(input_shape: tuple[int, int, int], text: str, layer_index: int, row: int, col: int) -> list:
    """What unit (row, col) of spatial layer `layer_index` sees in every layer below it."""
    layers = [layer.geometry for layer in parse_stack(text) if layer.geometry is not None]
    return regions_below(layers, input_shape[1:], layer_index, row, col)


@st.cache_resource(max_entries=64, show_spinner=False)
def transpose_views(
    grid: np.ndarray, kernel: KernelChoice, settings: TransposeSettings, classroom: bool
) -> tuple[TransposeTrace, ConvTrace, Spec, Spec]:
    """The stamps and the equivalent correlation of the same transposed convolution, and their figures."""
    weights, bias = kernel_grid(kernel)[None, None], np.array([kernel.bias])
    stamps = trace_conv_transpose2d(grid[None], weights, bias, **settings.as_kwargs())
    correlation = trace_equivalent_correlation(grid[None], weights, bias, **settings.as_kwargs())
    theme = theme_for(classroom)
    correlation_spec = conv_animation(
        correlation, theme, ("Input: zeros inserted, padded", "Kernel rotated 180°", "Output")
    )
    return stamps, correlation, stamp_animation(stamps, theme), correlation_spec


@st.cache_resource(max_entries=64, show_spinner=False)
def transpose_checks(
    grid: np.ndarray, kernel: KernelChoice, settings: TransposeSettings, classroom: bool
) -> tuple[Spec, Spec]:
    """conv_transpose2d beside the dL/dX of conv2d with dL/dY = the input, and the overlap counts."""
    weights, kwargs = kernel_grid(kernel)[None, None], settings.as_kwargs()
    transposed = conv_transpose2d(grid[None], weights, None, **kwargs)[0]
    forward_input = np.zeros((1, *transposed.shape))
    gradient = conv2d_backward(
        forward_input, weights, grid[None], settings.stride, settings.padding, settings.dilation
    )[0][0]
    counts = conv_transpose2d(np.ones((1, *grid.shape)), np.ones_like(weights), None, **kwargs)[0]
    theme = theme_for(classroom)
    pair = matrices_figure(
        [
            ("conv_transpose2d(x, w)", "output", transposed),
            ("dL/dX of conv2d(·, w), dL/dY = x", "gradient", gradient),
        ],
        theme,
        signed=True,
    )
    overlap = matrices_figure([("stamps covering each output cell", "output", counts)], theme, signed=False)
    return pair, overlap


@st.cache_resource(max_entries=64, show_spinner=False)
def matrix_view(
    grid: np.ndarray, kernel: KernelChoice, stride: tuple, padding: tuple, dilation: tuple, classroom: bool
) -> tuple[Spec, dict]:
    """The convolution matrix's figure, and the numbers that check it: A·x against conv2d, Aᵀ·g
    against conv_transpose2d, its size, its distinct weights and its non-zeros per row."""
    weights = kernel_grid(kernel)
    matrix, which = convolution_matrix(grid.shape, weights, stride, padding, dilation)
    output = conv2d(grid[None], weights[None, None], None, stride, padding, dilation)[0]
    rows, cols = conv_geometry(grid.shape, weights.shape, stride, padding, dilation)
    transposed = conv_transpose2d(
        output[None], weights[None, None], None, stride, padding, (rows.leftover, cols.leftover), 1, dilation
    )[0]
    numbers = {
        "shape": matrix.shape,
        "weights": weights.size,
        "entries": matrix.size,
        "per_row": int(np.count_nonzero(which >= 0, axis=1).max()),
        "forward_error": float(np.abs(matrix @ grid.ravel() - output.ravel()).max()),
        "transpose_error": float(np.abs(matrix.T @ output.ravel() - transposed.ravel()).max()),
    }
    return convolution_matrix_figure(matrix, which, weights.shape, theme_for(classroom)), numbers


@st.cache_resource(max_entries=64, show_spinner=False)
def shift_view(
    grid: np.ndarray, kernel: KernelChoice, stride: tuple, dy: int, dx: int, classroom: bool
) -> tuple[Spec, dict]:
    """conv(shift(x)) beside shift(conv(x)) (the shift divided by the stride), their difference,
    and max pooling followed by a global max before and after the shift."""
    weights = kernel_grid(kernel)[None, None]

    def convolve(x: np.ndarray) -> np.ndarray:
        return conv2d(x[None], weights, None, stride, 1)[0]

    moved, plain = convolve(shift(grid, dy, dx)), convolve(grid)
    divisible = dy % stride[0] == 0 and dx % stride[1] == 0
    expected = shift(plain, dy // stride[0], dx // stride[1])
    pooled = [float(max_pool2d(y[None], 2, ceil_mode=True).max()) for y in (plain, moved)]
    spec = matrices_figure(
        [
            ("conv(shifted input)", "output", moved),
            ("shifted conv(input)", "output", expected),
            ("difference", "gradient", moved - expected),
        ],
        theme_for(classroom),
        signed=True,
    )
    inner = (slice(1, -1), slice(1, -1)) if min(moved.shape) > 2 else (slice(None), slice(None))
    agree = divisible and bool(np.allclose(moved[inner], expected[inner]))  # away from the borders
    return spec, {"divisible": divisible, "global_max": pooled, "interior_equal": agree}


@st.cache_resource(max_entries=256, show_spinner=False)
def exercise_set(seed: int, count: int) -> tuple[Exercise, ...]:
    return exercises.exercise_set(seed, count)


@st.cache_resource(show_spinner=False)
def review_questions() -> tuple[Exercise, ...]:
    return exercises.review_questions()
