"""The Network page's lessons, cached: one entry per (settings, drawing), shared by every session.

Views are frozen and their arrays are never written, so every session gets the same object."""

from __future__ import annotations

import streamlit as st

from lessons import network, network_cell

network_view = st.cache_resource(max_entries=64, show_spinner=False)(network.build)
cell_view = st.cache_resource(max_entries=256, show_spinner=False)(network_cell.explain)
