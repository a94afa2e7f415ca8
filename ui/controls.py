"""The control groups as pages draw them: a settings declaration and this page's bounds."""

from __future__ import annotations

import streamlit as st

from lessons.images import digest
from settings.input import MAX_IMAGE, InputSettings
from settings.kernel import KernelSettings
from settings.page import ZoomSettings
from settings.volume import VolumeSettings, group_options
from ui.widgets import current, draw

UPLOAD_KEY = "upload"


def input_controls(max_size: int = MAX_IMAGE, allow_image: bool = True) -> InputSettings:
    """Input source, size and values; sizes up to `max_size`; pictures and uploads if allowed."""
    sources = ("preset", "typed", "image") if allow_image else ("preset", "typed")
    settings = draw(
        InputSettings,
        limits={"source": {"options": sources}, "height": {"high": max_size}, "width": {"high": max_size}},
    )
    if settings.source == "image":
        st.file_uploader("…or upload a PNG or JPEG (up to 5 MB)", type=["png", "jpg", "jpeg"], key=UPLOAD_KEY)
    return settings


def upload(settings: InputSettings) -> tuple[str, str, bytes]:
    """(name, SHA-256, bytes) of the current upload in image mode, or empty."""
    file = st.session_state.get(UPLOAD_KEY) if settings.source == "image" else None
    if file is None:
        return "", "", b""
    data = file.getvalue()
    return file.name, digest(data) if data else "", data


def kernel_controls(with_flip: bool = True) -> KernelSettings:
    """Kernel preset (fills the editable values), the values, the bias and (optionally) the flip."""
    return draw(KernelSettings, limits={} if with_flip else {"flip": {"shown": lambda values: False}})


def zoom_controls(output_size: tuple[int, int], side: int = 8) -> tuple[int, int]:
    """Top-left output cell of image mode's zoomed block (at most `side` x `side` cells)."""
    highs = [max(n - min(side, n), 0) for n in output_size]
    zoom = draw(ZoomSettings, limits={"row": {"high": highs[0]}, "col": {"high": highs[1]}})
    return zoom.row, zoom.col


def volume_controls() -> VolumeSettings:
    """The input volume and filters; the groups offered divide both C_in and K."""
    image = current(VolumeSettings, "source") == "image"
    options = group_options(
        3 if image else current(VolumeSettings, "input_channels"), current(VolumeSettings, "filters")
    )
    return draw(VolumeSettings, limits={"groups": {"options": options}})
