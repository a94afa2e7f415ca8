"""Control groups shared by the pages: each draws its widgets (bound to the URL) and returns
plain data. Widget keys are the URL's parameter names, so they stay short and stable."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from engine.analysis.stack import STACK_PRESETS
from engine.analysis.upstream import UPSTREAM_KINDS
from engine.geometry import PADDING_MODES, PADDING_RULES, padding_for
from engine.grid_text import grid_to_text
from engine.presets import INPUT_PRESETS, KERNEL_PRESETS, input_preset, kernel_preset
from ui.images import SAMPLES, digest

SOURCES = ("preset", "typed", "image")  # shown as they are: bound options appear in the URL by their label
RANDOM_KERNELS = {"random 3x3": (3, 3), "random 5x5": (5, 5), "random 2x4": (2, 4), "random 7x7": (7, 7)}
KERNEL_CHOICES = tuple(name for name in KERNEL_PRESETS if name != "random") + tuple(RANDOM_KERNELS)
MAX_ANIMATED = 32
MAX_IMAGE = 256


@dataclass(frozen=True)
class InputChoice:
    """Where the input comes from; `ui.cache.input_grid` turns it into an (H, W) array."""

    source: str
    preset: str
    size: tuple[int, int]
    seed: int
    typed: str
    sample: str
    upload_name: str = ""
    upload_digest: str = ""


@dataclass(frozen=True)
class KernelChoice:
    text: str
    bias: float
    flip: bool


@dataclass(frozen=True)
class ConvSettings:
    stride: tuple[int, int]
    padding_rule: str
    custom_padding: tuple[int, int, int, int]  # (left, right, top, bottom)
    padding_mode: str
    dilation: tuple[int, int]

    def pad(self, kernel_size: tuple[int, int]) -> tuple[int, int, int, int]:
        """F.pad amounts (left, right, top, bottom) for a kernel of `kernel_size`."""
        return padding_for(self.padding_rule, kernel_size, self.dilation, self.custom_padding, self.stride)


def preset_kernel_text(name: str, seed: int) -> str:
    """The kernel text a preset stands for (random ones drawn from the input's seed)."""
    if name in RANDOM_KERNELS:
        return grid_to_text(kernel_preset("random", RANDOM_KERNELS[name], np.random.default_rng(seed)))
    return grid_to_text(kernel_preset(name))


def _fill_typed_grid() -> None:
    """Switching to typed values starts from the current preset, so there is something to edit."""
    if st.session_state.get("src") == "typed":
        size = (st.session_state.get("h", 7), st.session_state.get("w", 7))
        grid = input_preset(
            st.session_state.get("preset", "random integers"),
            size,
            np.random.default_rng(st.session_state.get("seed", 0)),
        )
        st.session_state["grid"] = grid_to_text(grid)


def input_controls(max_size: int = MAX_IMAGE, allow_image: bool = True) -> InputChoice:
    """Input source, size and values. Sizes up to `max_size` (animation stops at 32)."""
    sources = SOURCES if allow_image else SOURCES[:2]
    source = st.radio(
        "Input",
        sources,
        key="src",
        bind="query-params",
        horizontal=True,
        on_change=_fill_typed_grid,
        help="A preset pattern, values you type, or an image.",
    )
    limit = max_size  # presets past 32 per side are shown in image mode
    preset, seed, typed, sample, upload = "random integers", 0, "", "cameraman", None
    if source != "typed":
        cols = st.columns(2)
        height = cols[0].number_input("Height", 1, limit, min(7, limit), key="h", bind="query-params")
        width = cols[1].number_input("Width", 1, limit, min(7, limit), key="w", bind="query-params")
    else:
        height = width = 0
    if source == "preset":
        preset = st.selectbox("Pattern", INPUT_PRESETS, key="preset", bind="query-params")
    if source in ("preset", "typed"):
        seed = st.number_input(
            "Seed",
            0,
            10**6,
            0,
            key="seed",
            bind="query-params",
            help="Random values come from this seed: the same seed gives the same numbers.",
        )
    if source == "typed":
        typed = st.text_area(
            "Values (rows separated by ; or new lines)",
            "1 2 3; 4 5 6; 7 8 9",
            key="grid",
            bind="query-params",
            height=120,
        )
    if source == "image":
        sample = st.selectbox("Sample picture", tuple(SAMPLES), key="sample", bind="query-params")
        upload = st.file_uploader(
            "…or upload a PNG or JPEG (up to 5 MB)", type=["png", "jpg", "jpeg"], key="upload"
        )
    data = upload.getvalue() if upload is not None else b""
    return InputChoice(
        source,
        preset,
        (int(height), int(width)),
        int(seed),
        typed,
        sample,
        upload.name if upload is not None else "",
        digest(data) if data else "",
    )


def _fill_kernel_text() -> None:
    name = st.session_state.get("kpreset", "Sobel x")
    st.session_state["kernel"] = preset_kernel_text(name, st.session_state.get("seed", 0))


def kernel_controls(with_flip: bool = True) -> KernelChoice:
    """Kernel preset (fills the editable values), the values, the bias and (optionally) the flip."""
    if "kernel" not in st.session_state and "kernel" not in st.query_params:
        _fill_kernel_text()  # a link that names only a preset opens with that preset's values
    st.selectbox(
        "Kernel preset",
        KERNEL_CHOICES,
        index=KERNEL_CHOICES.index("Sobel x"),
        key="kpreset",
        bind="query-params",
        on_change=_fill_kernel_text,
    )
    text = st.text_area("Kernel values (1 to 7 per side)", key="kernel", bind="query-params", height=110)
    bias = st.number_input("Bias b", -100.0, 100.0, 0.0, step=0.5, key="bias", bind="query-params")
    flip = with_flip and st.toggle(
        "True convolution (flip the kernel)",
        key="flip",
        bind="query-params",
        help="Deep-learning libraries compute cross-correlation: the kernel slides as it is. "
        "Mathematical convolution first rotates the kernel by 180 degrees. For a symmetric "
        "kernel the two agree; for Sobel or emboss they differ in sign or direction.",
    )
    return KernelChoice(text, float(bias), bool(flip))


def pair_inputs(label: str, key: str, low: int, high: int, default: int) -> tuple[int, int]:
    """Two number inputs, rows and columns, keyed `{key}h` and `{key}w`."""
    cols = st.columns(2)
    rows = cols[0].number_input(f"{label} (rows)", low, high, default, key=f"{key}h", bind="query-params")
    columns = cols[1].number_input(f"{label} (cols)", low, high, default, key=f"{key}w", bind="query-params")
    return int(rows), int(columns)


def side_inputs(sides: tuple[tuple[str, str], tuple[str, str]]) -> tuple[int, int]:
    """Two padding amounts side by side, each 0 to 8."""
    cols = st.columns(2)
    return tuple(
        int(col.number_input(label, 0, 8, 0, key=key, bind="query-params"))
        for col, (label, key) in zip(cols, sides)
    )


def conv_settings_controls() -> ConvSettings:
    """Stride, padding (valid/same/full or per side), padding mode and dilation."""
    stride = pair_inputs("Stride", "s", 1, 8, 1)
    rule = st.radio(
        "Padding",
        PADDING_RULES,
        key="padding",
        bind="query-params",
        horizontal=True,
        help='"same" keeps the size (stride 1 only), "full" computes every window that '
        "touches the input, custom sets each side.",
    )
    custom = (0, 0, 0, 0)
    if rule == "custom":
        top, bottom = side_inputs((("Top", "pt"), ("Bottom", "pb")))
        left, right = side_inputs((("Left", "pl"), ("Right", "pr")))
        custom = (int(left), int(right), int(top), int(bottom))
    mode = st.selectbox(
        "Padding mode",
        PADDING_MODES,
        key="mode",
        bind="query-params",
        help="What the padding cells hold: zeros, a mirror of the input without its edge "
        "(reflect), copies of the edge (replicate) or the opposite side (circular).",
    )
    dilation = pair_inputs("Dilation", "d", 1, 4, 1)
    return ConvSettings(stride, rule, custom, mode, dilation)


def upload_bytes() -> bytes:
    """The bytes of the current upload, or b"" when there is none."""
    upload = st.session_state.get("upload")
    return upload.getvalue() if upload is not None else b""


@dataclass(frozen=True)
class Zoom:
    """Image mode's zoomed block of output cells: rows r0..r1−1, cols c0..c1−1."""

    rows: tuple[int, int]
    cols: tuple[int, int]


def zoom_controls(output_size: tuple[int, int], side: int = 8) -> Zoom:
    """Top-left output cell of the zoomed block (at most `side` x `side` cells)."""
    cols = st.columns(2)
    limits = [max(n - min(side, n), 0) for n in output_size]
    for key, limit in zip(("zr", "zc"), limits):
        if st.session_state.get(key, 0) > limit:
            st.session_state[key] = limit
    r0 = int(cols[0].number_input("Zoom: first output row", 0, limits[0], 0, key="zr", bind="query-params"))
    c0 = int(
        cols[1].number_input("Zoom: first output column", 0, limits[1], 0, key="zc", bind="query-params")
    )
    return Zoom((r0, min(r0 + side, output_size[0])), (c0, min(c0 + side, output_size[1])))


POOL_KINDS = ("max", "min", "avg")


@dataclass(frozen=True)
class PoolSettings:
    """A pooling layer's settings, as F.max_pool2d / F.avg_pool2d take them."""

    kind: str
    kernel_size: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]
    dilation: tuple[int, int]
    ceil_mode: bool
    count_include_pad: bool

    def as_kwargs(self) -> dict:
        """Keyword arguments for the engine's pooling functions and trace_pool2d."""
        kwargs = {
            "kernel_size": self.kernel_size,
            "stride": self.stride,
            "padding": self.padding,
            "ceil_mode": self.ceil_mode,
        }
        if self.kind == "avg":
            return kwargs | {"count_include_pad": self.count_include_pad}
        return kwargs | {"dilation": self.dilation}


def pool_controls(prefix: str = "") -> PoolSettings:
    """Kind, kernel, stride (the kernel size unless set, as PyTorch), padding, dilation, ceil mode.
    `prefix` keeps the URL keys apart when a page also has convolution controls."""
    kind = st.radio(
        "Pooling",
        POOL_KINDS,
        key=f"{prefix}kind",
        bind="query-params",
        horizontal=True,
        help="Max keeps the largest value of each window, min the smallest, avg their mean.",
    )
    kernel = pair_inputs("Kernel", f"{prefix}k", 1, 7, 2)
    same_as_kernel = st.toggle(
        "Stride = kernel (PyTorch's default)", True, key=f"{prefix}skernel", bind="query-params"
    )
    stride = kernel if same_as_kernel else pair_inputs("Stride", f"{prefix}s", 1, 8, 2)
    padding = pair_inputs("Padding", f"{prefix}p", 0, 3, 0)
    dilation = pair_inputs("Dilation", f"{prefix}d", 1, 4, 1) if kind != "avg" else (1, 1)
    ceil_mode = st.toggle(
        "Ceil mode",
        key=f"{prefix}ceil",
        bind="query-params",
        help="Round the output size up: a last, partial window is kept if it starts inside "
        "the input or the left padding.",
    )
    count_include_pad = kind == "avg" and st.toggle(
        "Count padding in the mean",
        True,
        key=f"{prefix}incpad",
        bind="query-params",
        help="count_include_pad: divide by the whole window, padding included, or only by its input cells.",
    )
    return PoolSettings(kind, kernel, stride, padding, dilation, bool(ceil_mode), bool(count_include_pad))


@dataclass(frozen=True)
class VolumeChoice:
    """A multi-channel layer: its input volume and its filters."""

    source: str  # "random" or "image" (a sample's red, green and blue channels)
    channels: int
    size: tuple[int, int]
    seed: int
    sample: str
    filters: int
    kernel_size: tuple[int, int]
    groups: int
    with_bias: bool


def volume_controls() -> VolumeChoice:
    """Input volume (random integers or a picture's RGB channels, up to 16x16), filters and groups."""
    source = st.radio(
        "Input volume",
        ("random", "image"),
        key="vsrc",
        bind="query-params",
        horizontal=True,
        help="Random integers from a seed, or a sample picture split into red, green and blue.",
    )
    sample = (
        st.selectbox("Sample picture", tuple(SAMPLES), key="sample", bind="query-params")
        if source == "image"
        else "cameraman"
    )
    channels = (
        3
        if source == "image"
        else int(st.number_input("Input channels C_in", 1, 4, 3, key="cin", bind="query-params"))
    )
    cols = st.columns(2)
    height = int(cols[0].number_input("Height", 1, 16, 5, key="h", bind="query-params"))
    width = int(cols[1].number_input("Width", 1, 16, 5, key="w", bind="query-params"))
    seed = int(
        st.number_input(
            "Seed",
            0,
            10**6,
            0,
            key="seed",
            bind="query-params",
            help="Input values (when random), weights and biases come from this seed.",
        )
    )
    filters = int(st.number_input("Filters K", 1, 4, 2, key="filters", bind="query-params"))
    kernel = pair_inputs("Kernel", "k", 1, 5, 3)
    options = [g for g in range(1, channels + 1) if channels % g == 0 and filters % g == 0]
    if st.session_state.get("groups", 1) not in options:
        st.session_state["groups"] = 1
    groups = st.selectbox(
        "Groups",
        options,
        key="groups",
        bind="query-params",
        help="Each filter sees C_in/groups channels; groups = C_in = K is a depthwise convolution.",
    )
    with_bias = st.toggle("Biases", True, key="vbias", bind="query-params")
    return VolumeChoice(
        source, channels, (height, width), seed, sample, filters, kernel, int(groups), bool(with_bias)
    )


@dataclass(frozen=True)
class UpstreamChoice:
    """Where the backward pass starts: dL/dY (see engine.analysis.upstream.upstream_gradient)."""

    kind: str
    seed: int
    cell: tuple[int, int]
    target: float


def upstream_controls() -> UpstreamChoice:
    """The upstream gradient dL/dY: ones, random, one-hot at a cell, or from a loss with a target."""
    kind = st.radio(
        "Upstream gradient dL/dY",
        UPSTREAM_KINDS,
        key="upstream",
        bind="query-params",
        horizontal=True,
        help="ones: L = ΣY; random: integers from the seed; one-hot: L = Y[r, c], what one output "
        "depends on; loss: L = ½·Σ(Y − T)², so dL/dY = Y − T.",
    )
    cell, target = (0, 0), 0.0
    if kind == "one-hot":
        cols = st.columns(2)
        cell = (
            int(cols[0].number_input("Output row", 0, 63, 0, key="hotr", bind="query-params")),
            int(cols[1].number_input("Output col", 0, 63, 0, key="hotc", bind="query-params")),
        )
    if kind == "loss":
        target = float(
            st.number_input(
                "Target T (every cell)", -100.0, 100.0, 0.0, step=1.0, key="target", bind="query-params"
            )
        )
    return UpstreamChoice(kind, int(st.session_state.get("seed", 0)), cell, target)


def _fill_stack() -> None:
    """A preset writes its layers and its input shape (all bound to the URL)."""
    shape, text = STACK_PRESETS[_chosen_preset()]
    st.session_state["stack"] = text
    st.session_state["ic"], st.session_state["ih"], st.session_state["iw"] = shape


def _chosen_preset() -> str:
    """The preset in the session, or the link's, before the selectbox has read the link."""
    name = st.session_state.get("net") or st.query_params.get("net", "")
    return name if name in STACK_PRESETS else "three stacked 3x3"


def stack_controls() -> tuple[tuple[int, int, int], str]:
    """The layer stack editor shared by Receptive field and Architectures: a preset, the layers
    as text (one per line: add, remove or reorder lines), and the input (C, H, W)."""
    shape, text = STACK_PRESETS[_chosen_preset()]
    seeds = {"stack": text, "ic": shape[0], "ih": shape[1], "iw": shape[2]}
    for key, value in seeds.items():  # what the link does not give comes from its preset
        if key not in st.session_state and key not in st.query_params:
            st.session_state[key] = value
    st.selectbox(
        "Network preset", tuple(STACK_PRESETS), key="net", bind="query-params", on_change=_fill_stack
    )
    text = st.text_area(
        "Layers, one per line",
        key="stack",
        bind="query-params",
        height=220,
        help="conv 64 3x3 s1 p1 d1 relu · pool max 2x2 s2 · fc 84. Add, delete or move lines to edit.",
    )
    cols = st.columns(3)
    channels = int(cols[0].number_input("Input C", 1, 512, key="ic", bind="query-params"))
    height = int(cols[1].number_input("H", 1, 1024, key="ih", bind="query-params"))
    width = int(cols[2].number_input("W", 1, 1024, key="iw", bind="query-params"))
    return (channels, height, width), text


@dataclass(frozen=True)
class TransposeSettings:
    stride: tuple[int, int]
    padding: tuple[int, int]
    output_padding: tuple[int, int]
    dilation: tuple[int, int]

    def as_kwargs(self) -> dict:
        return {
            "stride": self.stride,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "dilation": self.dilation,
        }


def transpose_controls() -> TransposeSettings:
    """conv_transpose2d's stride, padding (cropped from the output), output_padding and dilation."""
    stride = pair_inputs("Stride", "s", 1, 4, 2)
    padding = pair_inputs("Padding (cropped)", "p", 0, 4, 0)
    output_padding = pair_inputs("Output padding", "op", 0, 3, 0)
    dilation = pair_inputs("Dilation", "d", 1, 3, 1)
    return TransposeSettings(stride, padding, output_padding, dilation)


# The URL keys each control group reads, so a page's link check knows them without a copied list.
INPUT_KEYS = frozenset({"src", "h", "w", "preset", "seed", "grid", "sample"})
KERNEL_KEYS = frozenset({"kpreset", "kernel", "bias", "flip"})
CONV_KEYS = frozenset({"sh", "sw", "padding", "pt", "pb", "pl", "pr", "mode", "dh", "dw"})
POOL_KEYS = frozenset({"kind", "kh", "kw", "skernel", "sh", "sw", "ph", "pw", "dh", "dw", "ceil", "incpad"})
VOLUME_KEYS = frozenset({"vsrc", "sample", "cin", "h", "w", "seed", "filters", "kh", "kw", "groups", "vbias"})
UPSTREAM_KEYS = frozenset({"upstream", "hotr", "hotc", "target"})
TRANSPOSE_KEYS = frozenset({"sh", "sw", "ph", "pw", "oph", "opw", "dh", "dw"})
STACK_KEYS = frozenset({"net", "stack", "ic", "ih", "iw"})
FRAME_KEYS = frozenset({"classroom"})


def prefixed(keys: frozenset, prefix: str) -> frozenset:
    return frozenset(prefix + key for key in keys)
