"""conv2d and its backward, each beside a loop twin, with torch.nn.functional's semantics.

Layout as in PyTorch: input (N, C_in, H, W) or unbatched (C_in, H, W); weight
(C_out, C_in/groups, kH, kW). The backward pass, as the seeds teach it:

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
    as_batch,
    check_bias,
    check_grad_output,
    check_weight,
    float_dtype,
    unbatch,
)
from engine.geometry import Pair, WindowGeometry, conv_geometry, pad_mode
from engine.ops.padding import fold_padding, pad
from engine.windows import add_windows, windows_of


def conv_setup(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None,
    stride: Pair,
    padding: Pair | str,
    dilation: Pair,
    groups: int,
    padding_mode: str,
) -> tuple[FloatArray, bool, FloatArray, FloatArray, WindowGeometry]:
    """Validate a conv2d call: ((N, C_in, H, W) input, whether it was batched, weight, bias, geometry)."""
    dtype = float_dtype(input, weight, bias)
    x, batched = as_batch(input, dtype=dtype)
    filters = check_weight(weight, x.shape[1], groups, dtype=dtype)
    biases = check_bias(bias, filters.shape[0], dtype)
    geometry = conv_geometry(x.shape, filters.shape[-2:], stride, padding, dilation, groups, padding_mode)
    return x, batched, filters, biases, geometry


BLOCK_BYTES = 1 << 20  # the columns of one block of samples: about what a core's L2 cache holds


def sample_blocks(N: int, bytes_per_sample: int) -> list[slice]:
    """The batch cut into blocks of samples whose im2col columns take about BLOCK_BYTES, so a
    matrix product writes them, or reads them, while they are still in cache; the whole
    batch's columns (10 MB for LeNet-5's C1 at batch 64) go out to memory and back."""
    step = max(1, BLOCK_BYTES // max(1, bytes_per_sample))
    return [slice(start, start + step) for start in range(0, N, step)]


def im2col(windows: FloatArray, groups: int = 1) -> FloatArray:
    """Copy the windows into column layout: one column of taps per output cell of the batch,
    so that one matrix product per group serves every sample (the batch makes the product
    wide instead of making N small products).
    (N, C, H_out, W_out, kH, kW) view -> contiguous (G, C/G·kH·kW, N·H_out·W_out)."""
    N, C, H_out, W_out, kH, kW = windows.shape
    columns = np.ascontiguousarray(windows.transpose(1, 4, 5, 0, 2, 3))  # (C, kH, kW, N, H_out, W_out)
    return columns.reshape(groups, C // groups * kH * kW, N * H_out * W_out)


def correlate(
    windows: FloatArray, weight: FloatArray, groups: int, bias: FloatArray | None = None
) -> FloatArray:
    """Sum of window × filter (+ bias) for every window and filter, group by group, as one
    matrix product over im2col columns per block of samples.

    windows (N, C_in, H_out, W_out, kH, kW), weight (C_out, C_in/groups, kH, kW), bias (C_out,)
    -> (N, C_out, H_out, W_out).
    """
    N, C_in, H_out, W_out, kH, kW = windows.shape
    C_out = weight.shape[0]
    filters = weight.reshape(groups, C_out // groups, -1)  # (G, C_out/G, C_in/G·kH·kW)
    out = np.empty((N, C_out, H_out, W_out), dtype=np.result_type(windows, weight))
    for block in sample_blocks(N, C_in * kH * kW * H_out * W_out * out.itemsize):
        products = np.matmul(filters, im2col(windows[block], groups))  # (G, C_out/G, B·H_out·W_out)
        # the batch axis back in front, in the same pass that adds the bias
        by_sample = products.reshape(C_out, -1, H_out, W_out).transpose(1, 0, 2, 3)
        if bias is None:
            out[block] = by_sample
        else:
            np.add(by_sample, bias[:, None, None], out=out[block])
    return out


def correlate_transpose(
    grad: FloatArray,
    weight: FloatArray,
    groups: int,
    frame_size: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
) -> FloatArray:
    """The adjoint of `correlate`: each output's value times its filter, added back onto the
    cells its window reads (col2im); overlapping windows sum. This is also the transposed
    convolution's stamps.

    grad (N, C_out, H_out, W_out), weight (C_out, C_in/groups, kH, kW) -> (N, C_in, *frame_size).
    """
    N, C_out, H_out, W_out = grad.shape
    _, C_group, kH, kW = weight.shape
    filters = weight.reshape(groups, C_out // groups, C_group * kH * kW).transpose(0, 2, 1)
    if stamps_fit(grad.shape, weight.shape, frame_size, stride, dilation):
        return stamp_rows(grad, weight, groups, frame_size, dilation)
    # (G, Cg·kH·kW, C_out/G) · (N, G, C_out/G, H_out·W_out) -> (N, G, Cg·kH·kW, H_out·W_out)
    columns = np.matmul(filters, grad.reshape(N, groups, C_out // groups, H_out * W_out))
    columns = columns.reshape(N, groups * C_group, kH, kW, H_out, W_out)
    return add_windows(columns, frame_size, stride, dilation)


def stamps_fit(
    grad_shape: tuple[int, ...],
    weight_shape: tuple[int, ...],
    frame_size: tuple[int, int],
    stride: tuple[int, int],
    dilation: tuple[int, int],
) -> bool:
    """Whether `stamp_rows` serves: stride 1, every window inside the frame, and a frame at
    most twice as wide as the output (widening grad_output costs that ratio in products)."""
    (H_out, W_out), (kH, kW) = grad_shape[-2:], weight_shape[-2:]
    (Hp, Wp), (dH, dW) = frame_size, dilation
    fits = H_out + dH * (kH - 1) <= Hp and W_out + dW * (kW - 1) <= Wp
    return stride == (1, 1) and fits and Wp <= 2 * W_out


def stamp_rows(
    grad: FloatArray,
    weight: FloatArray,
    groups: int,
    frame_size: tuple[int, int],
    dilation: tuple[int, int],
) -> FloatArray:
    """`correlate_transpose` at stride 1, along whole flattened rows.

    grad_output is widened with zeros to the frame's Wp columns, so output (r, c) sits at
    p = r·Wp + c and its tap (i, j) lands on frame cell p + i·dH·Wp + j·dW: the wrap-around
    reaches only the widened zeros. For one kernel row i, every stamp is then
    frame[ch, i·dH·Wp + t] += Σ_k,j weight[k, ch, i, j] · S[k, j, t], with S[k, j] the widened
    grad_output shifted right by j·dW: one matrix product (kH·C_in rows, C_out·kW deep) per
    block of samples gives every row's stamps, and kH contiguous additions place them (col2im
    would add kH·kW column blocks, W_out cells at a time).
    grad (N, C_out, H_out, W_out), weight (C_out, C_in/groups, kH, kW) -> (N, C_in, Hp, Wp).
    """
    N, C_out, H_out, W_out = grad.shape
    _, C_group, kH, kW = weight.shape
    G, K_group = groups, C_out // groups
    (Hp, Wp), (dH, dW) = frame_size, dilation
    length = (H_out - 1) * Wp + W_out  # from the first output to the last, widened
    T = length + dW * (kW - 1)
    wide = np.zeros((N, G, K_group, H_out, Wp), dtype=grad.dtype)
    wide[..., :W_out] = grad.reshape(N, G, K_group, H_out, W_out)
    wide_flat = wide.reshape(N, G, K_group, H_out * Wp)[..., :length]
    # rows (i, ch), columns (k, j): (G, kH·C_in/G, C_out/G·kW)
    rows = weight.reshape(G, K_group, C_group, kH, kW).transpose(0, 3, 2, 1, 4)
    rows = np.ascontiguousarray(rows).reshape(G, kH * C_group, K_group * kW)
    frame = np.zeros((N, G, C_group, Hp * Wp), dtype=grad.dtype)
    for block in sample_blocks(N, G * K_group * kW * T * grad.itemsize):
        part = wide_flat[block]
        shifted = np.zeros((*part.shape[:3], kW, T), dtype=grad.dtype)  # (B, G, C_out/G, kW, T)
        for j in range(kW):
            shifted[..., j, j * dW : j * dW + length] = part
        stamps = np.matmul(rows, shifted.reshape(*part.shape[:2], K_group * kW, T))
        stamps = stamps.reshape(-1, G, kH, C_group, T)  # (B, G, kH, C_in/G, T)
        placed = frame[block]
        for i in range(kH):
            placed[..., i * dH * Wp : i * dH * Wp + T] += stamps[:, :, i]
    return frame.reshape(N, G * C_group, Hp, Wp)


def conv2d(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> FloatArray:
    """2-D cross-correlation, as nn.Conv2d computes it.

    input (N, C_in, H, W) or (C_in, H, W); weight (C_out, C_in/groups, kH, kW); bias (C_out,).
    padding: int, (rows, cols), "valid" or "same" (odd cell after, as PyTorch);
    padding_mode: "zeros", "reflect", "replicate" or "circular".
    Returns (N, C_out, H_out, W_out) or (C_out, H_out, W_out), with
    H_out = ⌊(H + pad_top + pad_bottom − dilation·(kH − 1) − 1) / stride⌋ + 1.
    """
    x, batched, filters, biases, geometry = conv_setup(
        input, weight, bias, stride, padding, dilation, groups, padding_mode
    )
    windows = windows_of(geometry.pad_input(x), geometry)
    return unbatch(correlate(windows, filters, groups, biases), batched)


def conv2d_loop(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    stride: Pair = 1,
    padding: Pair | str = 0,
    dilation: Pair = 1,
    groups: int = 1,
    padding_mode: str = "zeros",
) -> FloatArray:
    """conv2d written as the textbook sum, one output cell at a time (the readable twin)."""
    x, batched, filters, biases, geometry = conv_setup(
        input, weight, bias, stride, padding, dilation, groups, padding_mode
    )
    padded = geometry.pad_input(x)
    (sH, sW), (dH, dW) = geometry.stride, geometry.dilation
    C_out, C_group, kH, kW = filters.shape
    K_group = C_out // groups
    out = np.zeros((x.shape[0], C_out, *geometry.output_size), dtype=x.dtype)
    for n, k, r, c in np.ndindex(out.shape):
        group = k // K_group
        total = biases[k]
        for ci in range(C_group):
            for i in range(kH):
                for j in range(kW):
                    total += (
                        filters[k, ci, i, j]
                        * padded[n, group * C_group + ci, r * sH + i * dH, c * sW + j * dW]
                    )
        out[n, k, r, c] = total
    return unbatch(out, batched)


def pad_conv2d(
    input: ArrayLike,
    weight: ArrayLike,
    bias: ArrayLike | None = None,
    pads: tuple[int, int, int, int] = (0, 0, 0, 0),
    padding_mode: str = "zeros",
    stride: Pair = 1,
    dilation: Pair = 1,
    groups: int = 1,
) -> FloatArray:
    """F.pad(input, pads, mode) followed by an unpadded conv2d: PyTorch's asymmetric padding.
    `pads` is F.pad's (left, right, top, bottom)."""
    padded = pad(input, pads, pad_mode(padding_mode)) if any(pads) else input
    return conv2d(padded, weight, bias, stride, 0, dilation, groups)


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
