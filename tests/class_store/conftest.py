"""The store's tests run against SQLite and against a PostgreSQL started for the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from class_store import ClassStore, open_store


class Clock:
    """A clock the test moves by hand (expiry without waiting)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('store') / 'classes.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    emptied = open_store(url)
    with emptied.backend.transaction(write=True) as tx:  # each test starts empty
        tx.count("DROP SCHEMA public CASCADE")
        tx.count("CREATE SCHEMA public")
    emptied.close()
    return url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(database_url: str, clock: Clock) -> Iterator[ClassStore]:
    opened = open_store(database_url)
    opened.clock = clock
    yield opened
    opened.close()
