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
