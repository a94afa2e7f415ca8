"""The reference page of the latency budget: one slider and one 7x7 Plotly heatmap."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

value = st.slider("value", 0, 100, 50, key="value")
z = np.random.default_rng(value).integers(0, 10, size=(7, 7))
st.plotly_chart(go.Figure(go.Heatmap(z=z, texttemplate="%{z}")), width="content")
