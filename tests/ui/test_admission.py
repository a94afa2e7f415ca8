"""At most RUNS_AT_ONCE scripts of a process run at once, one per session; the others wait their
turn, then run; a long computation gives its turn back while it runs."""

from __future__ import annotations

import threading

from ui.admission import RUNS_AT_ONCE, released, turn


def test_scripts_beyond_the_limit_wait_for_a_turn_and_then_run():
    inside: set[int] = set()
    peak, ran = [0], []
    lock, done = threading.Lock(), threading.Event()
    entered = threading.Semaphore(0)

    def script(number: int) -> None:
        with turn(threading.Lock()):  # each its own session
            with lock:
                inside.add(number)
                peak[0] = max(peak[0], len(inside))
            entered.release()
            done.wait()
            with lock:
                inside.remove(number)
                ran.append(number)

    threads = [threading.Thread(target=script, args=(n,)) for n in range(RUNS_AT_ONCE + 3)]
    for thread in threads:
        thread.start()
    for _ in range(RUNS_AT_ONCE):
        assert entered.acquire(timeout=10)  # the first RUNS_AT_ONCE are admitted at once
    assert not entered.acquire(timeout=0.3)  # the next one waits while they run
    done.set()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(ran) == list(range(RUNS_AT_ONCE + 3)) and peak[0] == RUNS_AT_ONCE


def every_turn_is_free() -> bool:
    """Whether RUNS_AT_ONCE other sessions can all be inside at once right now."""
    together = threading.Barrier(RUNS_AT_ONCE, timeout=10)

    def script() -> None:
        with turn(threading.Lock()):
            together.wait()

    threads = [threading.Thread(target=script) for _ in range(RUNS_AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    return not together.broken and not any(thread.is_alive() for thread in threads)


def test_a_script_that_stops_early_gives_its_turn_back():
    for _ in range(RUNS_AT_ONCE + 1):
        try:
            with turn(threading.Lock()):
                raise RuntimeError("st.stop(), a rerun or an error ends a script early")
        except RuntimeError:
            pass
    assert every_turn_is_free()


def test_a_run_waits_for_its_own_session_s_previous_run_not_for_a_second_turn():
    """Streamlit does not wait for a run it replaces: a session's new run must not take a second
    turn while its old one still computes, or one student could stall the whole process."""
    session = threading.Lock()
    old_inside, old_go, new_inside = threading.Event(), threading.Event(), threading.Event()

    def run(inside: threading.Event, go: threading.Event | None) -> None:
        with turn(session):
            inside.set()
            if go is not None:
                assert go.wait(10)

    old = threading.Thread(target=run, args=(old_inside, old_go))
    old.start()
    assert old_inside.wait(10)
    new = threading.Thread(target=run, args=(new_inside, None))
    new.start()
    assert not new_inside.wait(0.3)  # the same session's next run waits for the old one
    second = threading.Event()

    def other_session() -> None:
        with turn(threading.Lock()):
            second.set()

    other = threading.Thread(target=other_session)
    other.start()
    assert second.wait(10)  # while they wait, another session still finds a turn
    old_go.set()
    assert new_inside.wait(10)
    for thread in (old, new, other):
        thread.join(timeout=10)


def test_a_long_computation_gives_its_turn_back_while_it_runs():
    with turn(threading.Lock()), released():
        assert every_turn_is_free()  # other sessions run while this one computes
    assert every_turn_is_free()  # the turn it took again after the block is given back at the end
