"""The two databases behind the store, behind one small interface: SQL written with `?`
placeholders, one transaction per call."""

from __future__ import annotations

import os
import queue
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol


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


def default_sqlite_path() -> Path:
    """Where a host with no database URL keeps its classes: the user's data folder."""
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "convlab" / "classes.sqlite3"
