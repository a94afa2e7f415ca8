"""The store: one class per code, its members, the questions asked and one answer per member.

`open_store()` reads `CONVLAB_DATABASE_URL`: `postgresql://…` for PostgreSQL, `sqlite:///path`
for a SQLite file; unset, a SQLite file in the user's data folder. Every method is one short
transaction; the store bounds what a class can hold (members, questions, lesson steps, text), so
no visitor can grow it without limit.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from class_store.schema import MIGRATIONS, VERSION_TABLE

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
CLASS_IDLE_S = 12 * 3600.0  # a class nobody touched for this long has expired
MAX_MEMBERS = 500
MAX_NICKNAME = 40
MAX_ANSWER = 200
MAX_QUESTIONS = 200  # per class: the oldest go first
MAX_LESSON_STEPS = 40
MAX_PROMPT = 500
MAX_TITLE = 100
MAX_LINK = 2000
MAX_ATTEMPTS = 500  # Practice attempts kept per browser: the most recently changed
MAX_EXERCISE_KEY = 40
ATTEMPT_KEEP_S = 30 * 86400.0  # a browser's attempts untouched for this long are deleted


class NoSuchClassError(LookupError):
    """The code names no class: mistyped, ended by its instructor, or expired."""


@dataclass(frozen=True)
class Question:
    id: str
    body: dict[str, Any]  # what the UI stored: the exercise, its answer, its solution
    revealed: bool


@dataclass(frozen=True)
class ClassState:
    """What a student's session polls: where the class is, and the open question."""

    code: str
    link: str  # the page and query the instructor shows ("" before the first)
    prompt: str
    version: int  # grows with every link the instructor publishes
    question: Question | None


@dataclass(frozen=True)
class Answer:
    answer: str  # as the UI normalised it (e.g. "5x5"), never raw markup
    correct: bool
    count: int


@dataclass(frozen=True)
class LessonStep:
    link: str
    prompt: str


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    steps: tuple[LessonStep, ...]


@dataclass(frozen=True)
class PracticeAttempt:
    """One browser's latest attempt at one Practice exercise."""

    exercise_key: str
    answer: str  # as the student wrote it, cut to MAX_ANSWER characters
    right: bool
    tries: int
    revealed: bool


class Tx(Protocol):
    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]: ...
    def count(self, sql: str, *params: object) -> int: ...


class Backend(Protocol):
    def transaction(self, write: bool) -> Any: ...  # a context manager yielding a Tx
    def close(self) -> None: ...


class _Cursor:
    """A DB-API cursor behind SQL written with `?` placeholders."""

    def __init__(self, cursor: Any, placeholder: str) -> None:
        self.cursor, self.placeholder = cursor, placeholder

    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        self.cursor.execute(sql.replace("?", self.placeholder), params)
        return list(self.cursor.fetchall()) if self.cursor.description else []

    def count(self, sql: str, *params: object) -> int:
        self.cursor.execute(sql.replace("?", self.placeholder), params)
        return int(self.cursor.rowcount)


class SQLiteBackend:
    """A SQLite file in WAL mode: readers never wait for the writer, writers queue for 5 s."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue(maxsize=16)
        with self._connection() as connection:
            connection.execute("PRAGMA journal_mode=WAL")

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            connection = self._idle.get_nowait()
        except queue.Empty:
            connection = self._connect()
        try:
            yield connection
        finally:
            try:
                self._idle.put_nowait(connection)
            except queue.Full:
                connection.close()

    @contextmanager
    def transaction(self, write: bool) -> Iterator[Tx]:
        with self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield _Cursor(connection.cursor(), "?")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().close()


class PostgresBackend:
    """PostgreSQL through a small pool of psycopg connections per process."""

    def __init__(self, url: str) -> None:
        from psycopg_pool import ConnectionPool  # only a host with a database URL needs it

        self.pool = ConnectionPool(url, min_size=1, max_size=8, open=True, timeout=10.0)

    @contextmanager
    def transaction(self, write: bool) -> Iterator[Tx]:
        with self.pool.connection() as connection, connection.cursor() as cursor:  # commits, or rolls back
            yield _Cursor(cursor, "%s")

    def close(self) -> None:
        self.pool.close()


def _new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normal_code(text: str) -> str:
    """A code as typed (`k7px 3m`, `K7PX-3M`) in the form the store keeps, or "" if it cannot be one."""
    code = "".join(ch for ch in text.upper()[:40] if ch.isalnum())
    return code if len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code) else ""


def _bounded(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise ValueError(f"{what} is up to {limit:,} characters; this one has {len(text):,}")
    return text


class ClassStore:
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
        its MAX_ATTEMPTS latest; attempts untouched for ATTEMPT_KEEP_S go, any browser's."""
        browser_id = _bounded(browser_id, 64, "A browser id")
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

    def attempts_of(self, browser_id: str) -> list[PracticeAttempt]:
        """The browser's kept attempts (none older than ATTEMPT_KEEP_S), latest first."""
        with self.backend.transaction(write=False) as tx:
            found = tx.rows(
                'SELECT exercise_key, answer, "right", tries, revealed FROM practice_attempts '
                "WHERE browser_id = ? AND updated_at >= ? ORDER BY updated_at DESC, exercise_key LIMIT ?",
                browser_id[:64],
                self.clock() - ATTEMPT_KEEP_S,
                MAX_ATTEMPTS,
            )
        return [
            PracticeAttempt(key, answer, bool(right), int(tries), bool(revealed))
            for key, answer, right, tries, revealed in found
        ]


def default_sqlite_path() -> Path:
    """Where a host with no database URL keeps its classes: the user's data folder."""
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "convlab" / "classes.sqlite3"


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
