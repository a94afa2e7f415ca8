"""Home: what ConvLab is, how to read its colours, and a tour of the pages."""

import streamlit as st

from ui.registry import PAGES
from viz.theme import ROLE_COLOURS

LEGEND = [
    ("input", "the input map"),
    ("padding", "padding cells around the input: zeros, or copies of input cells"),
    ("kernel", "the kernel, its weights"),
    ("output", "the output map"),
    ("gradient", "gradients, in backpropagation"),
    ("highlight", "the current window, the current output cell and the step's arithmetic"),
]

st.title("ConvLab")
st.markdown(
    """
**See how convolutional layers compute, one number at a time.**

Every number on screen comes from ConvLab's NumPy engine, which follows PyTorch's
`torch.nn.functional` exactly (shapes, padding modes, pooling edge rules, gradients), and every
step shows its arithmetic with your own numbers. Every setting lives in the page's link: copy
it to reopen exactly what you see, the step included.
"""
)

st.subheader("A tour")
for page in PAGES:
    st.page_link(page.path, label=f"**{page.title}**", icon=page.icon)
    st.caption(page.summary)

st.subheader("How to read the colours")
swatches = "".join(
    f'<div style="display:flex;align-items:center;gap:.6rem;margin:.25rem 0">'
    f'<span style="width:1.1rem;height:1.1rem;border-radius:3px;background:{ROLE_COLOURS[role]}"></span>'
    f"<span><b>{role}</b>: {meaning}</span></div>"
    for role, meaning in LEGEND
)
st.html(swatches)
st.markdown(
    "Signed values (kernels, outputs, gradients) use a brown–white–teal scale centred on 0: brown "
    "is negative, white is zero, teal is positive. Inputs go from white to blue. A small × marks a "
    "cell that no window reads. **Classroom mode**, in the sidebar, enlarges everything for a projector."
)
