"""Suite-wide settings: modest hypothesis example counts and no deadlines (CI machines are noisy);
a class store of the suite's own (never the user's), and one PostgreSQL for the tests that need it."""

import os
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from hosting.postgres import throwaway_postgres

settings.register_profile(
    "convlab", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("convlab")

# Every app this suite runs (AppTest, and the servers browser tests start) keeps its classes here.
os.environ["CONVLAB_DATABASE_URL"] = (
    f"sqlite:///{tempfile.mkdtemp(prefix='convlab-classes-')}/classes.sqlite3"
)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL cluster started from Debian's package for this test session."""
    with throwaway_postgres() as url:
        yield url
