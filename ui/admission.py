"""How many sessions' scripts run at once in this process.

A Streamlit process runs each session's script in a thread of its own, all under one GIL. With a
class acting every 2 to 5 s, 20 to 30 reruns were in flight in each process; every thread gave up
the GIL at each message it queued (about 50 a rerun) and then waited to get it back, and waited
again on Streamlit's config lock, so a process used 0.65 of a core while reruns waited seconds
(py-spy of a loaded process: its threads mostly waiting). Admitted two at a time, the others
wait their turn without contending: p95 3.7 s -> 1.7 s for 200 students through nginx with two
processes (benchmarks/load_test.py). Two rather than one, so that one session's most expensive
request (a training chunk, a large picture) does not hold up every other session of the process.

Fragment reruns (a step of an animation) are not admitted here: they do not run app.py, and they
cost a fifth of a whole rerun.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

RUNS_AT_ONCE = 2
_turns = threading.BoundedSemaphore(RUNS_AT_ONCE)  # module state: one per process, shared by its sessions


@contextmanager
def admitted() -> Iterator[None]:
    """Run the block once fewer than RUNS_AT_ONCE scripts of this process are inside one."""
    with _turns:
        yield
