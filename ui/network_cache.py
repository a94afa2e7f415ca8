"""The Network page's lessons, in the lesson cache (ui/cache.py): one entry per (settings,
drawing), shared by every session, bounded in bytes with the other lessons, dropped when unused,
and out of reach of a client's clear-cache message (st.cache_resource was neither).

Views are frozen and their arrays are never written, so every session gets the same object."""

from __future__ import annotations

from lessons import network, network_cell
from ui.cache import LESSONS

network_view = LESSONS(network.build)
cell_view = LESSONS(network_cell.explain)
