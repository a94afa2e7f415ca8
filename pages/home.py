"""Home: what ConvLab is and what it teaches."""

import streamlit as st

st.title("ConvLab")
st.markdown(
    """
**See how convolutional layers compute, one number at a time.**

ConvLab animates what a convolutional layer does: the kernel sliding over its input, padding,
stride and dilation, many channels and many filters, pooling, backpropagation through
convolution and pooling, transposed convolution and receptive fields. Every number on screen is
computed by ConvLab's NumPy engine, which follows PyTorch's `torch.nn.functional` exactly, and
every step shows its arithmetic with your own numbers.

It is made for an instructor projecting it in a lecture hall, for a student exploring alone,
and for a class of students using one hosted copy at the same time.
"""
)
