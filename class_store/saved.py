"""What outlives a class: lessons (a titled sequence of links with a prompt each) and the Practice
progress of anonymous browsers. A base of `ClassStore`, on the same database."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from class_store.backends import Backend
from class_store.limits import (
    ATTEMPT_CHECK_EVERY,
    ATTEMPT_KEEP_S,
    ATTEMPT_ROWS_AFTER_EVICTION,
    MAX_ANSWER,
    MAX_ATTEMPT_ROWS,
    MAX_ATTEMPTS,
    MAX_BROWSER_ID,
    MAX_EXERCISE_KEY,
    MAX_LESSON_STEPS,
    MAX_LINK,
    MAX_PROMPT,
    MAX_TITLE,
    _bounded,
    _new_code,
)
from class_store.records import Lesson, LessonStep, PracticeAttempt

# The browsers that go when the table is over its bound: the least recently active first, as many
# as it takes to free `?` rows (a browser's rows go together; ties broken by id, so every database
# picks the same ones).
_LEAST_RECENT_BROWSERS = """
    SELECT browser_id FROM (
        SELECT browser_id, COUNT(*) AS n, SUM(COUNT(*)) OVER (
            ORDER BY MAX(updated_at), browser_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS upto
        FROM practice_attempts GROUP BY browser_id
    ) AS ranked WHERE upto - n < ?"""


class SavedStore:
    """Lessons and Practice attempts; each call one transaction."""

    backend: Backend
    clock: Any = time.time
    # the table's bound (class attributes, so that a test can make them small)
    max_attempt_rows = MAX_ATTEMPT_ROWS
    attempt_rows_after_eviction = ATTEMPT_ROWS_AFTER_EVICTION
    attempt_check_every = ATTEMPT_CHECK_EVERY
    _saves_since_check = ATTEMPT_CHECK_EVERY  # a process's first save counts the table

    # lessons

    def save_lesson(self, title: str, steps: Sequence[LessonStep]) -> str:
        """Store a lesson (a titled sequence of links with a prompt each); returns its id."""
        title = _bounded(title.strip(), MAX_TITLE, "A lesson's title")
        if not 1 <= len(steps) <= MAX_LESSON_STEPS:
            raise ValueError(f"a lesson has 1 to {MAX_LESSON_STEPS} steps; this one has {len(steps)}")
        for step in steps:
            _bounded(step.link, MAX_LINK, "A link")
            _bounded(step.prompt, MAX_PROMPT, "A prompt")
        lesson_id = _new_code(8)
        with self.backend.transaction(write=True) as tx:
            tx.count(
                "INSERT INTO lessons (id, title, created_at) VALUES (?, ?, ?)", lesson_id, title, self.clock()
            )
            for position, step in enumerate(steps):
                tx.count(
                    "INSERT INTO lesson_steps (lesson_id, position, link, prompt) VALUES (?, ?, ?, ?)",
                    lesson_id,
                    position,
                    step.link,
                    step.prompt,
                )
        return lesson_id

    def lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, or None."""
        with self.backend.transaction(write=False) as tx:
            found = tx.rows("SELECT title FROM lessons WHERE id = ?", lesson_id)
            steps = tx.rows(
                "SELECT link, prompt FROM lesson_steps WHERE lesson_id = ? ORDER BY position", lesson_id
            )
        if not found:
            return None
        return Lesson(lesson_id, found[0][0], tuple(LessonStep(link, prompt) for link, prompt in steps))

    # Practice attempts, by an anonymous browser id

    def save_attempt(self, browser_id: str, attempt: PracticeAttempt) -> None:
        """Keep the browser's attempt at the exercise (replacing the one before). A browser keeps
        its MAX_ATTEMPTS latest; attempts untouched for ATTEMPT_KEEP_S go, any browser's; and every
        `attempt_check_every` saves of this process the whole table is held to its bound
        (`_hold_to_bound`), so browser ids made up by the thousand cannot fill the database."""
        browser_id = _bounded(browser_id, MAX_BROWSER_ID, "A browser id")
        key = _bounded(attempt.exercise_key, MAX_EXERCISE_KEY, "An exercise key")
        now = self.clock()
        with self.backend.transaction(write=True) as tx:
            tx.count("DELETE FROM practice_attempts WHERE updated_at < ?", now - ATTEMPT_KEEP_S)
            tx.count(
                'INSERT INTO practice_attempts (browser_id, exercise_key, answer, "right", tries, revealed, '
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (browser_id, exercise_key) DO UPDATE "
                'SET answer = excluded.answer, "right" = excluded."right", tries = excluded.tries, '
                "revealed = excluded.revealed, updated_at = excluded.updated_at",
                browser_id,
                key,
                attempt.answer[:MAX_ANSWER],
                int(attempt.right),
                max(0, min(attempt.tries, 1_000_000)),
                int(attempt.revealed),
                now,
            )
            kept = tx.rows("SELECT COUNT(*) FROM practice_attempts WHERE browser_id = ?", browser_id)
            if kept[0][0] > MAX_ATTEMPTS:
                tx.count(
                    "DELETE FROM practice_attempts WHERE browser_id = ? AND exercise_key IN ("
                    "SELECT exercise_key FROM practice_attempts WHERE browser_id = ? "
                    "ORDER BY updated_at DESC, exercise_key LIMIT 1000 OFFSET ?)",
                    browser_id,
                    browser_id,
                    MAX_ATTEMPTS,
                )
            self._saves_since_check += 1
            if self._saves_since_check >= self.attempt_check_every:
                self._saves_since_check = 0
                self._hold_to_bound(tx)

    def _hold_to_bound(self, tx: Any) -> None:
        """Past `max_attempt_rows` rows in all, delete the least recently active browsers' progress
        (all of a browser's rows, never part) until at most `attempt_rows_after_eviction` are left:
        the margin means a flood pays for the count and the sort once per many rows, not per save.
        Between two counts a process adds at most `attempt_check_every` rows, so the table never
        holds more than the bound plus that many per process."""
        total = int(tx.rows("SELECT COUNT(*) FROM practice_attempts")[0][0])
        if total > self.max_attempt_rows:
            tx.count(
                f"DELETE FROM practice_attempts WHERE browser_id IN ({_LEAST_RECENT_BROWSERS})",
                total - self.attempt_rows_after_eviction,
            )

    def attempts_of(self, browser_id: str) -> list[PracticeAttempt]:
        """The browser's kept attempts (none older than ATTEMPT_KEEP_S), latest first."""
        with self.backend.transaction(write=False) as tx:
            found = tx.rows(
                'SELECT exercise_key, answer, "right", tries, revealed FROM practice_attempts '
                "WHERE browser_id = ? AND updated_at >= ? ORDER BY updated_at DESC, exercise_key LIMIT ?",
                browser_id[:MAX_BROWSER_ID],
                self.clock() - ATTEMPT_KEEP_S,
                MAX_ATTEMPTS,
            )
        return [
            PracticeAttempt(key, answer, bool(right), int(tries), bool(revealed))
            for key, answer, right, tries, revealed in found
        ]
