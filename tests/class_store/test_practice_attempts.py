"""Practice attempts kept per browser: write through, read back, bounded in rows, text and age."""

from __future__ import annotations

import pytest

from class_store import open_store
from class_store.limits import ATTEMPT_KEEP_S, MAX_ANSWER, MAX_ATTEMPTS
from class_store.records import PracticeAttempt
from class_store.schema import MIGRATIONS


def test_an_attempt_is_kept_replaced_and_read_back_by_its_browser_only(store):
    assert store.attempts_of("b1") == []
    store.save_attempt("b1", PracticeAttempt("3:0", "5x5", False, 1, False))
    store.save_attempt("b1", PracticeAttempt("3:0", "7x7", True, 2, True))
    store.save_attempt("b2", PracticeAttempt("3:0", "1", False, 1, False))
    assert store.attempts_of("b1") == [PracticeAttempt("3:0", "7x7", True, 2, True)]
    assert store.attempts_of("b2") == [PracticeAttempt("3:0", "1", False, 1, False)]
    assert store.attempts_of("nobody") == []


def test_attempts_outlive_the_process_that_wrote_them(database_url, store):
    store.save_attempt("b1", PracticeAttempt("review:1", "31x31", True, 1, False))
    again = open_store(database_url)  # a restarted server opens the same database
    again.clock = store.clock
    assert again.version == len(MIGRATIONS)
    assert again.attempts_of("b1") == [PracticeAttempt("review:1", "31x31", True, 1, False)]
    again.close()


def test_a_long_answer_is_cut_and_a_long_key_or_id_is_refused(store):
    store.save_attempt("b1", PracticeAttempt("3:1", "9" * 10_000, False, 1, False))
    assert store.attempts_of("b1")[0].answer == "9" * MAX_ANSWER
    with pytest.raises(ValueError):
        store.save_attempt("b1", PracticeAttempt("k" * 1000, "1", False, 1, False))
    with pytest.raises(ValueError):
        store.save_attempt("b" * 1000, PracticeAttempt("3:1", "1", False, 1, False))


def test_a_browser_keeps_its_latest_attempts_only(store, clock):
    for index in range(MAX_ATTEMPTS + 5):
        clock.now += 1
        store.save_attempt("b1", PracticeAttempt(f"9:{index}", "1", False, 1, False))
    kept = store.attempts_of("b1")
    assert len(kept) == MAX_ATTEMPTS
    assert kept[0].exercise_key == f"9:{MAX_ATTEMPTS + 4}"  # the oldest five went
    assert "9:4" not in {attempt.exercise_key for attempt in kept}
    assert "9:5" in {attempt.exercise_key for attempt in kept}


def test_old_attempts_are_neither_read_nor_kept(store, clock):
    store.save_attempt("old", PracticeAttempt("3:0", "1", True, 1, False))
    clock.now += ATTEMPT_KEEP_S + 1
    assert store.attempts_of("old") == []
    store.save_attempt("new", PracticeAttempt("3:0", "1", True, 1, False))  # deletes any browser's old rows
    with store.backend.transaction(write=False) as tx:
        assert tx.rows("SELECT browser_id FROM practice_attempts") == [("new",)]


def test_a_database_of_the_first_schema_is_migrated_and_keeps_its_classes(database_url, monkeypatch):
    import class_store.store as store_module

    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:1])
    first = open_store(database_url)
    assert first.version == 1
    code = first.open_class()
    first.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    migrated = open_store(database_url)
    assert migrated.version == len(MIGRATIONS)
    assert migrated.state(code).code == code
    migrated.save_attempt("b1", PracticeAttempt("3:0", "1", True, 1, False))
    assert len(migrated.attempts_of("b1")) == 1
    migrated.close()


def test_progress_is_kept_for_the_cookies_lifetime_of_180_days_then_goes(store, clock):
    store.save_attempt("away", PracticeAttempt("3:0", "5x5", True, 1, False))
    clock.now += 179 * 86400  # a student back after a semester's break
    assert store.attempts_of("away") == [PracticeAttempt("3:0", "5x5", True, 1, False)]
    clock.now += 2 * 86400  # 181 days untouched
    assert store.attempts_of("away") == []
    store.save_attempt("other", PracticeAttempt("3:0", "1", True, 1, False))
    with store.backend.transaction(write=False) as tx:
        assert tx.rows("SELECT browser_id FROM practice_attempts") == [("other",)]


def rows_by_browser(store) -> dict[str, int]:
    with store.backend.transaction(write=False) as tx:
        found = tx.rows("SELECT browser_id, COUNT(*) FROM practice_attempts GROUP BY browser_id")
    return {browser: int(count) for browser, count in found}


def test_made_up_browser_ids_cannot_grow_the_table_past_its_bound(store, clock):
    store.max_attempt_rows, store.attempt_rows_after_eviction, store.attempt_check_every = 30, 20, 1
    clock.now += 1
    for index in range(12):  # a real student, earlier in the day
        store.save_attempt("student", PracticeAttempt(f"4:{index}", "1", False, 1, False))
    for index in range(100):  # a client that makes up a new cookie for every Check
        clock.now += 1
        store.save_attempt(f"fake{index:03d}", PracticeAttempt("4:0", "1", False, 1, False))
        assert sum(rows_by_browser(store).values()) <= 30
    clock.now += 1
    store.save_attempt("student", PracticeAttempt("4:0", "2", True, 2, False))  # back, not kept
    kept = rows_by_browser(store)
    # the flood filled the table to 31 and was cut to 20 several times: the least recently active
    # browsers went, the student's twelve first (they had been idle longest), the latest fakes stayed
    assert "fake099" in kept and "fake000" not in kept
    assert kept["student"] == 1
    assert sum(kept.values()) <= 30


def test_eviction_takes_a_browsers_rows_together_and_the_least_recent_first(store, clock):
    store.max_attempt_rows, store.attempt_rows_after_eviction, store.attempt_check_every = 10, 6, 1
    for browser, count in (("oldest", 3), ("older", 3), ("recent", 3)):
        clock.now += 10
        for index in range(count):
            store.save_attempt(browser, PracticeAttempt(f"1:{index}", "1", True, 1, False))
    clock.now += 10
    store.save_attempt("oldest", PracticeAttempt("1:0", "1", True, 2, False))  # active again: now the newest
    assert rows_by_browser(store) == {"oldest": 3, "older": 3, "recent": 3}
    clock.now += 10
    store.save_attempt("new", PracticeAttempt("1:0", "1", True, 1, False))
    store.save_attempt("new", PracticeAttempt("1:1", "1", True, 1, False))  # 11 rows: 5 must go
    # "older" (3 rows) then "recent" (3 rows) were the least recently active: 6 freed, 5 left
    assert rows_by_browser(store) == {"oldest": 3, "new": 2}


def test_between_two_counts_the_table_grows_by_at_most_the_check_interval(store, clock):
    store.max_attempt_rows, store.attempt_rows_after_eviction, store.attempt_check_every = 40, 30, 8
    for index in range(200):
        clock.now += 1
        store.save_attempt(f"id{index:03d}", PracticeAttempt("2:0", "1", False, 1, False))
        assert sum(rows_by_browser(store).values()) <= 40 + 8
    assert sum(rows_by_browser(store).values()) >= 30  # cut to the margin, not emptied
