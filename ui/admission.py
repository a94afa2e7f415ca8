"""How many sessions' scripts run at once in this process.

A Streamlit process runs each session's script in a thread of its own, all under one GIL. With a
class acting every 2 to 5 s, 20 to 30 reruns were in flight in each process; every thread gave up
the GIL at each message it queued (about 50 a rerun) and then waited to get it back, and waited
again on Streamlit's config lock (py-spy of a loaded process: its script threads mostly
waiting), so every rerun took as long as all of them together. Admitted two at a time, the
others wait their turn without contending: for 200 students through nginx with two processes,
p95 3.7-5.2 s -> 1.5-2.3 s and a quarter more reruns served (benchmarks/load_test.py).

Two turns rather than one, so that one session's most expensive request does not hold up every
other session of the process; and one turn per session: a rerun does not wait for the run it
replaces (Streamlit stops that run at its next Streamlit call), so a session's new run waits for
its old one to let go rather than taking the second turn. A long computation that is not page
drawing (a training chunk) gives its turn back while it runs (`released`).

Fragment reruns (a step of an animation, a training click) are not admitted here: they do not
run app.py, and they cost a fifth of a whole rerun.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

import streamlit as st

RUNS_AT_ONCE = 2
SESSION_LOCK = "_admission_session_lock"  # in session state: one run of the session at a time
_turns = threading.BoundedSemaphore(RUNS_AT_ONCE)  # module state: one per process, shared by its sessions
_holding = threading.local()  # whether this script thread holds a turn


def admitted() -> AbstractContextManager[None]:
    """Run the block once this session's previous run has let go and fewer than RUNS_AT_ONCE
    scripts of this process are inside one."""
    return turn(st.session_state.setdefault(SESSION_LOCK, threading.Lock()))


@contextmanager
def turn(session: threading.Lock) -> Iterator[None]:
    """Run the block once `session` (held by the session's runs) is free and a turn is."""
    with session, _turns:
        _holding.turn = True
        try:
            yield
        finally:
            _holding.turn = False


@contextmanager
def released() -> Iterator[None]:
    """Give this script's turn back while the block runs (a long computation), and wait for a
    turn again after it. Outside an admitted run, just run the block."""
    if not getattr(_holding, "turn", False):
        yield
        return
    _holding.turn = False
    _turns.release()
    try:
        yield
    finally:
        _turns.acquire()
        _holding.turn = True
