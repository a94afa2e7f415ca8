"""conv2d's backward beside its loop twin, with torch.nn.functional's semantics (the forward is
engine/ops/conv.py). As the seeds teach it:

    grad_weight = the padded input correlated with grad_output (the forward stride becomes
                  the dilation of grad_output, the forward dilation becomes the stride);
    grad_input  = every output's gradient times the filter, added back onto the cells its
                  window read (the full correlation with the rotated kernel); then the padding
                  is cropped away (zeros) or folded back onto the cells it copied (reflect,
                  replicate, circular);
    grad_bias   = the sum of grad_output over the batch and the map.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from engine.arrays import (
    FloatArray,
    check_grad_output,
    unbatch,
)
from engine.geometry import Pair, WindowGeometry
from engine.ops.conv import (
    conv_setup,
    correlate_transpose,
    im2col,
    sample_blocks,
    stamps_fit,
)
from engine.ops.padding import fold_padding
from engine.windows import windows_of


def backward_products(
    padded: FloatArray,
    grad: FloatArray,
    weight: FloatArray,
    geometry: WindowGeometry,
    want: tuple[bool, bool] = (True, True),
) -> tuple[FloatArray | None, FloatArray | None]:
    """(grad_weight, grad of the padded frame), each only if `want`ed (else None), by whichever
    of two equal computations makes fewer, larger matrix products: one per kernel tap when each
    tap's product spans at least as many channels as the kernel has taps, else one over im2col
    columns (and col2im back). When `stamp_rows` can stamp grad_input, the columns serve even with
    many channels (faster than per-tap products on a 64-channel 3x3 at 56x56: 18.7 vs 20.1 ms).
    padded (N, C_in, Hp, Wp), grad (N, C_out, H_out, W_out) -> (C_out, C_in/G, kH, kW), (N, C_in, Hp, Wp).
    """
    C_group, kH, kW = weight.shape[1:]
    stamps = stamps_fit(grad.shape, weight.shape, geometry.padded_size, geometry.stride, geometry.dilation)
    if C_group >= kH * kW and not (stamps and kH * kW > 1):  # the same path whatever `want`
        return gradients_by_taps(padded, grad, weight, geometry, want)
    grad_padded = (
        correlate_transpose(
            grad, weight, geometry.groups, geometry.padded_size, geometry.stride, geometry.dilation
        )
        if want[1]
        else None
    )
    return weight_gradient(padded, grad, geometry) if want[0] else None, grad_padded


def weight_gradient(padded: FloatArray, grad: FloatArray, geometry: WindowGeometry) -> FloatArray:
    """grad_weight as the correlation of the padded input with grad_output, in matrix form: the
    forward's im2col columns times grad_output (per group), the batch summed by the product.
    (N, C_in, Hp, Wp), (N, C_out, H_out, W_out) -> (C_out, C_in/groups, kH, kW)."""
    N, C_out, H_out, W_out = grad.shape
    G, (kH, kW) = geometry.groups, geometry.kernel_size
    C_group = padded.shape[1] // G
    windows = windows_of(padded, geometry)
    transposed = np.zeros((G, C_group * kH * kW, C_out // G), dtype=grad.dtype)
    for block in sample_blocks(N, padded.shape[1] * kH * kW * H_out * W_out * grad.itemsize):
        columns = im2col(windows[block], G)  # (G, C_in/G·kH·kW, B·H_out·W_out)
        grads = grad[block].transpose(1, 0, 2, 3).reshape(G, C_out // G, -1)
        transposed += inner_products(columns, grads)  # (G, Cg·kH·kW, C_out/G)
    return transposed.transpose(0, 2, 1).reshape(C_out, C_group, kH, kW)


def inner_products(a: FloatArray, b: FloatArray, block: int = 2048) -> FloatArray:
    """a · bᵀ over the last axis, summed block by block: (..., M, L), (..., K, L) -> (..., M, K).

    One product with a long L and small M, K is where this machine's OpenBLAS threads go badly
    wrong (hundreds of times slower, worse while other processes run); products over blocks of
    L stay fast and give the same sums up to rounding.
    """
    total: FloatArray = np.matmul(a[..., :block], b[..., :block].swapaxes(-1, -2))
    for start in range(block, a.shape[-1], block):
        total += np.matmul(a[..., start : start + block], b[..., start : start + block].swapaxes(-1, -2))
    return total


def gradients_by_taps(
    padded: FloatArray,
    grad: FloatArray,
    weight: FloatArray,
    geometry: WindowGeometry,
    want: tuple[bool, bool] = (True, True),
) -> tuple[FloatArray | None, FloatArray | None]:
    """(grad_weight, grad of the padded frame) of a conv2d, one kernel tap at a time, no im2col;
    each only if `want`ed (else None).

    Tap (i, j) reads cell (r·s + i·d, c·s + j·d) for output (r, c): in the phase of the padded
    frame that holds every s-th row and column from offset (i·d mod s, j·d mod s), that is a
    stride-1 read. A phase Wph wide, flattened, gives the tap's cells for all outputs as one
    slice of length (H_out − 1)·Wph + W_out, once grad_output is widened to Wph columns with
    zeros: each tap is then two matrix products on views, and wrapped-around cells meet zeros.
    padded (N, C_in, Hp, Wp), grad (N, C_out, H_out, W_out), weight (C_out, C_in/G, kH, kW)
    -> (C_out, C_in/G, kH, kW), (N, C_in, Hp, Wp).
    """
    N, C_in = padded.shape[:2]
    C_out, C_group, kH, kW = weight.shape
    G, (sH, sW), (dH, dW) = geometry.groups, geometry.stride, geometry.dilation
    H_out, W_out = geometry.output_size
    grad_weight = np.zeros((G, kH, kW, C_group, C_out // G), dtype=padded.dtype)
    grad_padded = np.zeros_like(padded)
    filters = weight.reshape(G, C_out // G, C_group, kH, kW)
    for a, b in np.ndindex(sH, sW):  # one phase: padded rows a::sH, columns b::sW
        taps = [(i, j) for i, j in np.ndindex(kH, kW) if ((i * dH) % sH, (j * dW) % sW) == (a, b)]
        if not taps:
            continue
        phase = np.ascontiguousarray(padded[..., a::sH, b::sW])  # (N, C_in, Hph, Wph)
        Hph, Wph = phase.shape[-2:]
        length = (H_out - 1) * Wph + W_out
        wide = np.zeros((N, G, C_out // G, H_out, Wph), dtype=padded.dtype)
        wide[..., :W_out] = grad.reshape(N, G, C_out // G, H_out, W_out)
        wide_flat = wide.reshape(N, G, C_out // G, H_out * Wph)[..., :length]
        flat = phase.reshape(N, G, C_group, Hph * Wph)
        grad_phase = np.zeros(flat.shape, dtype=padded.dtype)
        for i, j in taps:
            start = (i * dH // sH) * Wph + j * dW // sW
            window = flat[..., start : start + length]  # (N, G, C_in/G, length) view
            if want[0]:
                grad_weight[:, i, j] = inner_products(window, wide_flat).sum(axis=0)
            if want[1]:
                product = np.matmul(
                    filters[..., i, j].transpose(0, 2, 1), wide_flat
                )  # (N, G, C_in/G, length)
                grad_phase[..., start : start + length] += product
        grad_padded[..., a::sH, b::sW] = grad_phase.reshape(N, C_in, Hph, Wph)
    return (
        grad_weight.transpose(0, 4, 3, 1, 2).reshape(C_out, C_group, kH, kW) if want[0] else None,
        grad_padded if want[1] else None,
    )


Mask = tuple[bool, bool, bool]
Gradients = tuple[FloatArray, FloatArray, FloatArray]
MaskedGradients = tuple[FloatArray | None, FloatArray | None, FloatArray | None]


def check_output_mask(output_mask: Mask) -> Mask:
    """output_mask as three bools (grad_input, grad_weight, grad_bias wanted or not)."""
    if not isinstance(output_mask, (tuple, list)) or len(output_mask) != 3:
        raise ValueError(
            f"output_mask must say for (grad_input, grad_weight, grad_bias) whether each is wanted, "
            f"as three bools, got {output_mask!r}"
        )
    wanted = tuple(bool(flag) for flag in output_mask)
    return wanted[0], wanted[1], wanted[2]


@overload
def conv2d_backward(
    input: ArrayLike,
    weight: ArrayLike,
    grad_output: ArrayLike,
    stride: Pair = ...,
    padding: Pair | str = ...,
    dilation: Pair = ...,
    groups: int = ...,
    padding_mode: str = ...,
) -> Gradients: ...


@overload
def conv2d_backward(
    input: ArrayLike,
    weight: ArrayLike,
    grad_output: ArrayLike,
    stride: Pair = ...,
    padding: Pair | str = ...,
    dilation: Pair = ...,
    groups: int = ...,
    padding_mode: str = ...,
    *,
    output_mask: Mask,
) -> MaskedGradients: ...


def conv2d_backward(
    input: ArrayLike,
    weight: ArrayLike,
    grad_output: ArrayLike,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
    *,
    output_mask: Mask = (True, True, True),
) -> MaskedGradients:
    """Gradients of conv2d, as PyTorch's autograd computes them.

    input (N, C_in, H, W) or (C_in, H, W); weight (C_out, C_in/groups, kH, kW);
    grad_output shaped like conv2d's output. Returns (grad_input shaped like input,
    grad_weight (C_out, C_in/groups, kH, kW), grad_bias (C_out,)); grad_bias is the sum of
    grad_output per channel whether or not the forward had a bias.

    output_mask (grad_input, grad_weight, grad_bias), as in torch's convolution_backward: a
    gradient whose flag is False is not computed and comes back as None. Autograd asks for no
    grad_input when the input needs none, as a network's first layer (its images) does.
    """
    mask = check_output_mask(output_mask)
    x, batched, filters, _, geometry = conv_setup(
        input, weight, None, stride, padding, dilation, groups, padding_mode
    )
    grad = check_grad_output(
        grad_output, (x.shape[0], filters.shape[0], *geometry.output_size), batched, x.dtype
    )
    grad_weight, grad_padded = backward_products(
        geometry.pad_input(x), grad, filters, geometry, (mask[1], mask[0])
    )
    grad_input = (
        None
        if grad_padded is None
        else unbatch(fold_padding(grad_padded, x.shape[-2:], geometry.pad, geometry.pad_mode), batched)
    )
    return grad_input, grad_weight, grad.sum(axis=(0, 2, 3)) if mask[2] else None


@overload
def conv2d_backward_loop(
    input: ArrayLike,
    weight: ArrayLike,
    grad_output: ArrayLike,
    stride: Pair = ...,
    padding: Pair | str = ...,
    dilation: Pair = ...,
    groups: int = ...,
    padding_mode: str = ...,
) -> Gradients: ...


@overload
def conv2d_backward_loop(
    input: ArrayLike,
    weight: ArrayLike,
    grad_output: ArrayLike,
    stride: Pair = ...,
    padding: Pair | str = ...,
    dilation: Pair = ...,
    groups: int = ...,
    padding_mode: str = ...,
    *,
    output_mask: Mask,
) -> MaskedGradients: ...


def conv2d_backward_loop(
    input: ArrayLike,
    weight: ArrayLike,
    grad_output: ArrayLike,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
    *,
    output_mask: Mask = (True, True, True),
) -> MaskedGradients:
    """conv2d_backward by the chain rule, one product at a time (the readable twin): every
    product w·x of the forward sum sends grad·x to the weight and grad·w to the input cell."""
    x, batched, filters, _, geometry = conv_setup(
        input, weight, None, stride, padding, dilation, groups, padding_mode
    )
    grad = check_grad_output(
        grad_output, (x.shape[0], filters.shape[0], *geometry.output_size), batched, x.dtype
    )
    padded = geometry.pad_input(x)
    (sH, sW), (dH, dW) = geometry.stride, geometry.dilation
    C_group, K_group = filters.shape[1], filters.shape[0] // groups
    grad_weight, grad_padded = np.zeros_like(filters), np.zeros_like(padded)
    for n, k, r, c in np.ndindex(grad.shape):
        channel0 = (k // K_group) * C_group
        for ci, i, j in np.ndindex(filters.shape[1:]):
            row, col = r * sH + i * dH, c * sW + j * dW
            grad_weight[k, ci, i, j] += grad[n, k, r, c] * padded[n, channel0 + ci, row, col]
            grad_padded[n, channel0 + ci, row, col] += grad[n, k, r, c] * filters[k, ci, i, j]
    grad_input = fold_padding(grad_padded, x.shape[-2:], geometry.pad, geometry.pad_mode)
    mask = check_output_mask(output_mask)
    return (
        unbatch(grad_input, batched) if mask[0] else None,
        grad_weight if mask[1] else None,
        grad.sum(axis=(0, 2, 3)) if mask[2] else None,
    )
