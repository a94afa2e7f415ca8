"""Why convolutions: a weight-shared sparse matrix, local, and equivariant to shifts."""

import streamlit as st

from settings.fields import keys_of
from settings.input import InputSettings
from settings.kernel import KernelSettings
from settings.page import FrameSettings, ShiftSettings
from settings.transpose import MatrixSettings
from text.prose import EQUIVARIANCE
from ui import cache, controls
from ui.charts import show, still
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.plain import plain_block
from ui.state import checked_link
from ui.widgets import draw

PAGE = "why"
LINK_KEYS = keys_of(InputSettings, KernelSettings, MatrixSettings, ShiftSettings, FrameSettings)

st.title("Why convolutions")

with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        st.subheader("Input")
        inputs = controls.input_controls(max_size=6, allow_image=False)
        st.subheader("Kernel")
        kernel = controls.kernel_controls(with_flip=False)
        st.subheader("Stride, zero padding, dilation")
        layer = draw(MatrixSettings)
    classroom = classroom_on()
    try:
        grid = cache.input_grid(inputs)
        matrix = cache.matrix_view(grid, kernel, layer.stride, layer.padding, layer.dilation, classroom)
    except ValueError as error:
        stop_with(error)

    st.subheader("A convolution is a sparse matrix that shares its weights")
    st.markdown(matrix.explanation)
    show(matrix.figure, "The convolution matrix, each entry coloured by the kernel weight it repeats")
    plain_block(matrix.checks)

    st.subheader("Shift the input, and the output shifts: equivariance")
    shift = draw(ShiftSettings)
    try:
        shifted = cache.shift_view(grid, kernel, layer.stride, shift.down, shift.right, classroom)
    except ValueError as error:
        stop_with(error)
    still(shifted.grids, "The shifted input's output beside the shifted output, and their difference")
    st.markdown(shifted.explanation)
    st.markdown(EQUIVARIANCE)
