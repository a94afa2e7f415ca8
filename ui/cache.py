"""The lessons, cached: built once per configuration and shared by every session.

Everything cached here is immutable (read-only arrays, frozen traces and views, specs nobody
mutates), so the cache hands the same object to every student without copying. Settings are
frozen dataclasses, so they are the cache keys; arrays are keyed by their bytes.

The cache is ours, not `st.cache_resource`: it is bounded in bytes (an image-mode trace is tens
of MB, so a count of entries bounds nothing), entries expire when nobody has used them for a
while, and Streamlit's websocket "clear cache" message, which any client can send and which
empties every `st.cache_*` for everyone (DESIGN 5b), does not reach it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import sys
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from lessons import (
    backprop,
    convolution,
    inputs,
    network,
    network_cell,
    pooling,
    stack,
    transposed,
    volumes,
    why,
)
from practice import generate, review

F = TypeVar("F", bound=Callable[..., Any])

MAX_BYTES = int(os.environ.get("CONVLAB_CACHE_MB", "400")) * 2**20  # per process, all entries
IDLE_S = float(os.environ.get("CONVLAB_CACHE_IDLE_S", "1800"))  # unused this long: dropped


_LEAVES = frozenset((str, int, float, bool, bytes, type(None)))  # hold no further objects


def nbytes(value: Any, seen: set[int] | None = None) -> int:
    """Memory an entry holds: arrays by their buffers, containers and dataclasses walked once."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        base = value if value.base is None or not isinstance(value.base, np.ndarray) else value.base
        return value.nbytes if base is value else nbytes(base, seen) + 112
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        return size + sum(nbytes(k, seen) + nbytes(v, seen) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        if _LEAVES.issuperset(map(type, value)):  # numbers and text (a payload's cells): one C loop
            return size + sum(map(sys.getsizeof, value))
        return size + sum(nbytes(item, seen) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return size + sum(nbytes(getattr(value, f.name), seen) for f in dataclasses.fields(value))
    return size


_DIGESTS: dict[int, tuple[weakref.ref, bytes]] = {}  # read-only arrays seen: id -> (array, digest)


def _digest(array: np.ndarray) -> bytes:
    """The array's bytes' digest; remembered for read-only arrays (the cache's own results come
    back every rerun, and a 256x256 picture would be hashed again each time)."""
    known = _DIGESTS.get(id(array))
    if known is not None and known[0]() is array:
        return known[1]
    digest = hashlib.blake2b(np.ascontiguousarray(array).tobytes(), digest_size=16).digest()
    if not array.flags.writeable:  # the lessons promise read-only arrays never change
        key = id(array)
        _DIGESTS[key] = (weakref.ref(array, lambda _: _DIGESTS.pop(key, None)), digest)
    return digest


def _key_part(value: Any) -> Any:
    """A hashable stand-in for an argument: arrays by shape, dtype and a digest of their bytes."""
    if isinstance(value, np.ndarray):
        return ("ndarray", value.shape, value.dtype.str, _digest(value))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_key_part(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, _key_part(v)) for k, v in value.items())))
    return value


class BoundedCache:
    """Least recently used entries of several functions under one byte budget, each dropped
    after `idle_s` unused. One computation per key at a time (a class opening the same link
    computes it once); exceptions are not cached. An entry larger than a quarter of the budget
    is returned but not kept."""

    def __init__(self, max_bytes: int = MAX_BYTES, idle_s: float = IDLE_S) -> None:
        self.max_bytes, self.idle_s = max_bytes, idle_s
        self._entries: OrderedDict[Any, tuple[Any, int, float]] = OrderedDict()  # key -> value, bytes, used
        self._bytes = 0
        self._lock = threading.Lock()
        self._computing: dict[Any, threading.Lock] = {}

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _get(self, key: Any, now: float) -> tuple[bool, Any]:
        with self._lock:
            self._expire(now)
            if key not in self._entries:
                return False, None
            value, size, _ = self._entries.pop(key)
            self._entries[key] = (value, size, now)  # most recently used last
            return True, value

    def _put(self, key: Any, value: Any, now: float) -> None:
        size = nbytes(value)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._entries:
                self._bytes -= self._entries.pop(key)[1]
            self._entries[key], self._bytes = (value, size, now), self._bytes + size
            while self._bytes > self.max_bytes:
                self._bytes -= self._entries.popitem(last=False)[1][1]

    def _expire(self, now: float) -> None:
        while self._entries:
            key, (_, size, used) = next(iter(self._entries.items()))
            if now - used <= self.idle_s:
                return
            del self._entries[key]
            self._bytes -= size

    def get_or_compute(self, key: Any, compute: Callable[[], Any]) -> Any:
        found, value = self._get(key, time.monotonic())
        if found:
            return value
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        try:
            with gate:
                found, value = self._get(key, time.monotonic())
                if not found:
                    value = compute()
                    self._put(key, value, time.monotonic())
        finally:
            with self._lock:
                self._computing.pop(key, None)
        return value

    def __call__(self, function: F) -> F:
        """Cache `function`; arguments whose names start with `_` are left out of the key."""
        names = function.__code__.co_varnames[: function.__code__.co_argcount]
        skipped = {i for i, name in enumerate(names) if name.startswith("_")}

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = (
                function.__module__,
                function.__qualname__,
                tuple(_key_part(a) for i, a in enumerate(args) if i not in skipped),
                tuple(sorted((k, _key_part(v)) for k, v in kwargs.items() if not k.startswith("_"))),
            )
            return self.get_or_compute(key, lambda: function(*args, **kwargs))

        return wrapper  # type: ignore[return-value]


LESSONS = BoundedCache()
cached = LESSONS


@cached
def _input_grid(settings, upload_name: str, upload_digest: str, _upload: bytes):
    return inputs.input_grid(settings, upload_name, _upload)


def input_grid(settings, upload: tuple[str, str, bytes] = ("", "", b"")):
    """(H, W) input; `upload` is (name, SHA-256, bytes), keyed by its digest."""
    name, digest, data = upload
    return _input_grid(settings, name, digest, data)


feature_map = cached(convolution.feature_map)
convolution_view = cached(convolution.build)
volumes_view = cached(volumes.build)
volume_3d = cached(volumes.step_3d)
textbook_layers = cached(volumes.textbook_layers)
pool_trace = cached(pooling.trace)
pooling_view = cached(pooling.build)
backprop_view = cached(backprop.build)
numerical_check = cached(backprop.numerical_check)
pool_backward = cached(backprop.pool_backward)
transposed_view = cached(transposed.build)
matrix_view = cached(why.matrix_view)
shift_view = cached(why.shift_view)
stack_table = cached(stack.table)
effective_field = cached(stack.effective_field)
regions = cached(stack.regions)
exercise_set = cached(generate.exercise_set)
review_questions = cached(review.review_questions)
field_view = cached(stack.field_view)
unit_at = cached(stack.unit_at)
layer_sizes = cached(stack.layer_sizes)
network_view = cached(network.build)
cell_view = cached(network_cell.explain)
