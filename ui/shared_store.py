"""The process's one handle on the class store (classes, polls, lessons, kept Practice progress):
CONVLAB_DATABASE_URL, else a SQLite file. Not st.cache_resource, which any client can clear."""

from __future__ import annotations

import functools

from class_store import ClassStore, open_store


@functools.cache
def store() -> ClassStore:
    """The class store this server uses, opened (and migrated) on first use."""
    return open_store()
