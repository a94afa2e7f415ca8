"""The lesson cache: bounded in bytes, entries expire, one computation per key, and the
websocket's clear-cache message (any client can send it) does not empty it."""

from types import SimpleNamespace

import numpy as np
import pytest
from streamlit.runtime.app_session import AppSession

from settings.network import NetworkSettings
from settings.stack import StackSettings
from ui import cache
from ui.cache import BoundedCache, nbytes


def test_entries_past_the_byte_budget_drop_the_least_recently_used():
    store = BoundedCache(max_bytes=4_000_000, idle_s=60)
    calls = []
    block = store(lambda n: calls.append(n) or np.zeros(n // 8))
    sizes = [900_000 + 8 * i for i in range(5)]
    first = block(sizes[0])
    for n in sizes[1:4]:
        block(n)
    assert block(sizes[0]) is first  # a hit, now the most recently used
    block(sizes[4])  # over 4 MB: the least recently used (sizes[1]) goes
    assert store.bytes <= 4_000_000 and len(store) == 4
    block(sizes[0]), block(sizes[1])
    assert calls == [*sizes, sizes[1]]


def test_an_entry_larger_than_a_quarter_of_the_budget_is_returned_but_not_kept():
    store = BoundedCache(max_bytes=1_000_000, idle_s=60)
    big = store(lambda n: np.ones(n))
    assert big(50_000).shape == (50_000,)
    assert len(store) == 0 and store.bytes == 0


def test_entries_unused_for_the_idle_time_expire(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("ui.cache.time.monotonic", lambda: clock[0])
    store = BoundedCache(max_bytes=10**8, idle_s=60)
    calls = []
    square = store(lambda x: calls.append(x) or x * x)
    square(3), square(3)
    clock[0] += 61
    square(4)
    assert len(store) == 1 and calls == [3, 4]


def test_arrays_are_keyed_by_their_values_and_underscore_arguments_are_not_keys():
    store = BoundedCache(max_bytes=10**8, idle_s=60)
    calls = []

    def total(grid, _note):
        calls.append(_note)
        return float(grid.sum())

    cached = store(total)
    assert cached(np.arange(4.0), "a") == cached(np.arange(4.0), "b") == 6.0
    assert cached(np.arange(5.0), "c") == 10.0 and calls == ["a", "c"]


def test_errors_are_not_cached():
    store = BoundedCache(max_bytes=10**8, idle_s=60)
    calls = []

    def fails():
        calls.append(1)
        raise ValueError("no")

    cached = store(fails)
    for _ in range(2):
        with pytest.raises(ValueError):
            cached()
    assert len(calls) == 2 and len(store) == 0


def test_nbytes_counts_array_buffers_inside_containers():
    grid = np.zeros((100, 100))
    assert 80_000 <= nbytes({"a": [grid, grid], "b": (grid[1:],)}) < 90_000


def test_the_clients_clear_cache_message_does_not_empty_the_lesson_cache():
    rows = cache.stack_table(StackSettings())
    assert len(cache.LESSONS) >= 1
    session = SimpleNamespace(_session_state=SimpleNamespace(clear=lambda: None))
    AppSession._handle_clear_cache_request(session)  # what Streamlit runs for the message
    assert cache.stack_table(StackSettings()) is rows


def test_the_network_pages_views_are_lesson_cache_entries_a_client_cannot_clear():
    settings = NetworkSettings()
    cache.LESSONS.clear()
    view, cell = cache.network_view(settings, None), cache.cell_view(settings, None)
    before = cache.LESSONS.bytes
    assert before == nbytes(view) + nbytes(cell)  # counted in the lesson cache's byte budget
    session = SimpleNamespace(_session_state=SimpleNamespace(clear=lambda: None))
    AppSession._handle_clear_cache_request(session)
    assert cache.network_view(settings, None) is view
    assert cache.cell_view(settings, None) is cell and cache.LESSONS.bytes == before


def test_the_clients_clear_cache_message_does_not_rerun_the_heap_freeze():
    from ui.frame import freeze_heap

    freeze_heap()
    session = SimpleNamespace(_session_state=SimpleNamespace(clear=lambda: None))
    AppSession._handle_clear_cache_request(session)  # a full collection each time, if it did
    assert freeze_heap.cache_info().currsize == 1
