"""Why convolutions: a weight-shared sparse matrix, local, and equivariant to shifts."""

import streamlit as st

from ui import cache, controls
from ui.charts import show
from ui.errors import stop_with
from ui.frame import classroom_on
from ui.state import checked_link
from viz.explain import EQUIVARIANCE, matrix_explanation, shift_explanation

PAGE = "why"
LINK_KEYS = (
    controls.INPUT_KEYS | controls.KERNEL_KEYS | controls.TRANSPOSE_KEYS | controls.FRAME_KEYS | {"dy", "dx"}
)


st.title("Why convolutions")

with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        st.subheader("Input")
        choice = controls.input_controls(max_size=6, allow_image=False)
        st.subheader("Kernel")
        kernel = controls.kernel_controls(with_flip=False)
        st.subheader("Stride, zero padding, dilation")
        stride = controls.pair_inputs("Stride", "s", 1, 3, 1)
        padding = controls.pair_inputs("Padding", "p", 0, 2, 0)
        dilation = controls.pair_inputs("Dilation", "d", 1, 2, 1)
    classroom = classroom_on()
    try:
        grid = cache.input_grid(choice)
        matrix_spec, numbers = cache.matrix_view(grid, kernel, stride, padding, dilation, classroom)
    except ValueError as error:
        stop_with(error)

    st.subheader("A convolution is a sparse matrix that shares its weights")
    st.markdown(matrix_explanation(grid.shape, numbers))
    show(matrix_spec, "The convolution matrix, each entry coloured by the kernel weight it repeats")
    st.code(
        f"max |A·vec(x) − conv2d(x, w)|            = {numbers['forward_error']:.1e}\n"
        f"max |Aᵀ·vec(y) − conv_transpose2d(y, w)| = {numbers['transpose_error']:.1e}",
        language=None,
    )

    st.subheader("Shift the input, and the output shifts: equivariance")
    cols = st.columns(2)
    dy = int(cols[0].slider("Shift down", -3, 3, 1, key="dy", bind="query-params"))
    dx = int(cols[1].slider("Shift right", -3, 3, 1, key="dx", bind="query-params"))
    spec, shifts = cache.shift_view(grid, kernel, stride, dy, dx, classroom)
    show(spec, "The shifted input's output beside the shifted output, and their difference")
    st.markdown(shift_explanation(stride, dy, dx, shifts))
    st.markdown(EQUIVARIANCE)
