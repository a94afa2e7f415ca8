"""Home: what ConvLab is, how to read its colours, and a tour of the pages."""

import streamlit as st

from text.chapters import CHAPTERS
from ui.charts import colour_legend
from ui.registry import PAGES

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

st.caption(
    "ConvLab follows four chapters: "
    + ", ".join(CHAPTERS[:-1])
    + f" and {CHAPTERS[-1]}. Where a chapter slips, the page that teaches the point says so."
)

st.subheader("A tour")
for page in PAGES:
    st.page_link(page.path, label=f"**{page.title}**", icon=page.icon)
    st.caption(page.summary)

st.subheader("How to read the colours")
colour_legend(LEGEND)
st.markdown(
    "Signed values (kernels, outputs, gradients) use a brown–white–teal scale centred on 0: brown "
    "is negative, white is zero, teal is positive. Inputs go from white to blue. A small × marks a "
    "cell that no window reads. **Classroom mode**, in the sidebar, enlarges everything for a projector."
)
