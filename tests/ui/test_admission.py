"""At most RUNS_AT_ONCE scripts of a process run at once; the others wait their turn, then run."""

from __future__ import annotations

import threading

from ui.admission import RUNS_AT_ONCE, admitted


def test_scripts_beyond_the_limit_wait_for_a_turn_and_then_run():
    inside: set[int] = set()
    peak, ran = [0], []
    lock, done = threading.Lock(), threading.Event()
    entered = threading.Semaphore(0)

    def script(number: int) -> None:
        with admitted():
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


def test_a_script_that_stops_early_gives_its_turn_back():
    for _ in range(RUNS_AT_ONCE + 1):
        try:
            with admitted():
                raise RuntimeError("st.stop(), a rerun or an error ends a script early")
        except RuntimeError:
            pass
    both = threading.Barrier(RUNS_AT_ONCE, timeout=10)  # every turn is free: none was kept by them

    def script() -> None:
        with admitted():
            both.wait()

    threads = [threading.Thread(target=script) for _ in range(RUNS_AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    assert not both.broken and not any(thread.is_alive() for thread in threads)
