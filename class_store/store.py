"""The store: one class per code, its members, the questions asked and one answer per member.

`open_store()` reads `CONVLAB_DATABASE_URL`: `postgresql://…` for PostgreSQL, `sqlite:///path`
for a SQLite file; unset, a SQLite file in the user's data folder. Every method is one short
transaction; the store bounds what a class can hold (members, questions, lesson steps, text), so
no visitor can grow it without limit.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from class_store.backends import Backend, PostgresBackend, SQLiteBackend, Tx, default_sqlite_path
from class_store.limits import (
    CLASS_IDLE_S,
    MAX_ANSWER,
    MAX_LINK,
    MAX_MEMBERS,
    MAX_NICKNAME,
    MAX_PROMPT,
    MAX_QUESTIONS,
    _bounded,
    _new_code,
)
from class_store.records import (
    Answer,
    ClassState,
    Lesson,
    LessonStep,
    NoSuchClassError,
    PracticeAttempt,
    Question,
)
from class_store.saved import SavedStore
from class_store.schema import MIGRATIONS, VERSION_TABLE

__all__ = ["Answer", "ClassState", "Lesson", "LessonStep", "NoSuchClassError", "PracticeAttempt", "Question"]


class ClassStore(SavedStore):
    """Classes and lessons in one database. Thread-safe: each call is its own transaction."""

    def __init__(self, backend: Backend, clock: Any = time.time) -> None:
        self.backend, self.clock = backend, clock
        self._migrate()

    def _migrate(self) -> None:
        with self.backend.transaction(write=True) as tx:
            if isinstance(self.backend, PostgresBackend):
                tx.rows("SELECT pg_advisory_xact_lock(7215)")  # processes starting together queue here
            tx.count(VERSION_TABLE)
            version = tx.rows("SELECT MAX(version) FROM schema_version")[0][0] or 0
            for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    tx.count(statement)
                tx.count("INSERT INTO schema_version (version) VALUES (?)", number)

    def close(self) -> None:
        self.backend.close()

    @property
    def version(self) -> int:
        """The schema version this database is at."""
        with self.backend.transaction(write=False) as tx:
            return int(tx.rows("SELECT MAX(version) FROM schema_version")[0][0])

    # classes

    def open_class(self) -> str:
        """A new class; returns its code. Classes idle past CLASS_IDLE_S are deleted first."""
        now = self.clock()
        with self.backend.transaction(write=True) as tx:
            tx.count("DELETE FROM classes WHERE touched_at < ?", now - CLASS_IDLE_S)
            while True:
                code = _new_code()
                if not tx.rows("SELECT 1 FROM classes WHERE code = ?", code):
                    break
            tx.count("INSERT INTO classes (code, created_at, touched_at) VALUES (?, ?, ?)", code, now, now)
        return code

    def end_class(self, code: str) -> None:
        """Delete the class and everything in it: members, questions, answers."""
        with self.backend.transaction(write=True) as tx:
            tx.count(
                "DELETE FROM answers WHERE question_id IN (SELECT id FROM questions WHERE class_code = ?)",
                code,
            )
            tx.count("DELETE FROM questions WHERE class_code = ?", code)
            tx.count("DELETE FROM members WHERE class_code = ?", code)
            tx.count("DELETE FROM classes WHERE code = ?", code)

    def _live(self, tx: Tx, code: str) -> None:
        found = tx.rows("SELECT touched_at FROM classes WHERE code = ?", code)
        if not found or found[0][0] < self.clock() - CLASS_IDLE_S:
            raise NoSuchClassError(code)

    def state(self, code: str) -> ClassState:
        """The class's link and open question: what every following student reads."""
        with self.backend.transaction(write=False) as tx:
            found = tx.rows(
                "SELECT c.follow_link, c.follow_prompt, c.follow_version, c.touched_at, q.id, q.body, "
                "q.revealed FROM classes c LEFT JOIN questions q ON q.id = c.question_id WHERE c.code = ?",
                code,
            )
        if not found or found[0][3] < self.clock() - CLASS_IDLE_S:
            raise NoSuchClassError(code)
        link, prompt, version, _, question_id, body, revealed = found[0]
        question = None if question_id is None else Question(question_id, json.loads(body), bool(revealed))
        return ClassState(code, link, prompt, int(version), question)

    def publish(self, code: str, link: str, prompt: str = "") -> int:
        """Show `link` (a page and its query) to the followers; returns the new version."""
        link, prompt = _bounded(link, MAX_LINK, "A link"), _bounded(prompt, MAX_PROMPT, "A prompt")
        with self.backend.transaction(write=True) as tx:
            self._live(tx, code)
            tx.count(
                "UPDATE classes SET follow_link = ?, follow_prompt = ?, follow_version = follow_version + 1, "
                "touched_at = ? WHERE code = ?",
                link,
                prompt,
                self.clock(),
                code,
            )
            return int(tx.rows("SELECT follow_version FROM classes WHERE code = ?", code)[0][0])

    # members

    def join(self, code: str, member_id: str, nickname: str = "") -> None:
        """Add a member (or rename one who joined before). NoSuchClassError for a wrong or expired code;
        ValueError for a full class or a nickname past MAX_NICKNAME."""
        nickname = _bounded(nickname.strip(), MAX_NICKNAME, "A nickname")
        with self.backend.transaction(write=True) as tx:
            self._live(tx, code)
            renamed = tx.count(
                "UPDATE members SET nickname = ? WHERE class_code = ? AND member_id = ?",
                nickname,
                code,
                member_id,
            )
            if renamed:
                return
            if tx.rows("SELECT COUNT(*) FROM members WHERE class_code = ?", code)[0][0] >= MAX_MEMBERS:
                raise ValueError(f"this class is full: it has its {MAX_MEMBERS} students")
            tx.count(
                "INSERT INTO members (class_code, member_id, nickname, joined_at) VALUES (?, ?, ?, ?)",
                code,
                member_id,
                nickname,
                self.clock(),
            )

    def members(self, code: str) -> int:
        """How many have joined the class."""
        with self.backend.transaction(write=False) as tx:
            return int(tx.rows("SELECT COUNT(*) FROM members WHERE class_code = ?", code)[0][0])

    def nickname(self, code: str, member_id: str) -> str | None:
        """The nickname `member_id` joined `code` with ("" for none), or None if they did not."""
        with self.backend.transaction(write=False) as tx:
            found = tx.rows(
                "SELECT nickname FROM members WHERE class_code = ? AND member_id = ?", code, member_id
            )
        return found[0][0] if found else None

    # questions

    def ask(self, code: str, body: dict[str, Any]) -> str:
        """Open a question for the class (closing the one before); returns its id."""
        text = _bounded(json.dumps(body), 20_000, "A question")
        question_id, now = secrets.token_urlsafe(9), self.clock()
        with self.backend.transaction(write=True) as tx:
            self._live(tx, code)
            old = tx.rows(
                "SELECT id FROM questions WHERE class_code = ? "
                "ORDER BY asked_at DESC, id LIMIT 1000 OFFSET ?",
                code,
                MAX_QUESTIONS - 1,
            )
            for (old_id,) in old:
                tx.count("DELETE FROM answers WHERE question_id = ?", old_id)
                tx.count("DELETE FROM questions WHERE id = ?", old_id)
            tx.count(
                "INSERT INTO questions (id, class_code, asked_at, body) VALUES (?, ?, ?, ?)",
                question_id,
                code,
                now,
                text,
            )
            tx.count(
                "UPDATE classes SET question_id = ?, touched_at = ? WHERE code = ?", question_id, now, code
            )
        return question_id

    def close_question(self, code: str) -> None:
        """No open question: the students' answer box goes away (answers are kept)."""
        with self.backend.transaction(write=True) as tx:
            tx.count("UPDATE classes SET question_id = NULL WHERE code = ?", code)

    def reveal(self, question_id: str) -> None:
        """Show the answer and the arithmetic to the class."""
        with self.backend.transaction(write=True) as tx:
            tx.count("UPDATE questions SET revealed = 1 WHERE id = ?", question_id)

    def answer(self, question_id: str, member_id: str, answer: str, correct: bool) -> bool:
        """Record a member's answer; False when they had already answered (one vote each), or the
        question is gone or was revealed."""
        answer = _bounded(answer, MAX_ANSWER, "An answer")
        with self.backend.transaction(write=True) as tx:
            found = tx.rows(
                "SELECT q.revealed FROM questions q JOIN members m ON m.class_code = q.class_code "
                "WHERE q.id = ? AND m.member_id = ?",
                question_id,
                member_id,
            )
            if not found or found[0][0]:
                return False
            return (
                tx.count(
                    "INSERT INTO answers (question_id, member_id, answer, correct, answered_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    question_id,
                    member_id,
                    answer,
                    int(correct),
                    self.clock(),
                )
                == 1
            )

    def my_answer(self, question_id: str, member_id: str) -> tuple[str, bool] | None:
        """The member's answer to the question and whether it is right, or None."""
        with self.backend.transaction(write=False) as tx:
            found = tx.rows(
                "SELECT answer, correct FROM answers WHERE question_id = ? AND member_id = ?",
                question_id,
                member_id,
            )
        return (found[0][0], bool(found[0][1])) if found else None

    def tally(self, question_id: str) -> list[Answer]:
        """Each distinct answer with its count, most given first."""
        with self.backend.transaction(write=False) as tx:
            found = tx.rows(
                "SELECT answer, MAX(correct), COUNT(*) FROM answers WHERE question_id = ? "
                "GROUP BY answer ORDER BY COUNT(*) DESC, answer LIMIT 50",
                question_id,
            )
        return [Answer(answer, bool(correct), int(count)) for answer, correct, count in found]


def open_store(url: str | None = None) -> ClassStore:
    """The store `url` names (else CONVLAB_DATABASE_URL, else the default SQLite file)."""
    url = url if url is not None else os.environ.get("CONVLAB_DATABASE_URL", "")
    if url.startswith(("postgresql://", "postgres://")):
        return ClassStore(PostgresBackend(url))
    if url.startswith("sqlite:///"):
        return ClassStore(SQLiteBackend(Path(url.removeprefix("sqlite:///"))))
    if url:
        raise ValueError("CONVLAB_DATABASE_URL is postgresql://… or sqlite:///path")
    return ClassStore(SQLiteBackend(default_sqlite_path()))
