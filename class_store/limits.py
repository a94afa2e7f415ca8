"""What a class may hold, and the class codes: limits every store method checks before it writes."""

from __future__ import annotations

import secrets

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
MAX_BROWSER_ID = 64
ATTEMPT_KEEP_S = 180 * 86400.0  # attempts untouched this long are deleted (the browser cookie's lifetime)
# Practice attempts kept in all, whatever the number of browser ids a client makes up: past this,
# the least recently active browsers' progress goes, down to ATTEMPT_ROWS_AFTER_EVICTION. A row
# holds at most ~330 bytes of text (id, key, answer), so the table stays under ~70 MB.
MAX_ATTEMPT_ROWS = 200_000
ATTEMPT_ROWS_AFTER_EVICTION = 180_000
ATTEMPT_CHECK_EVERY = 64  # saves by one process between two counts of the whole table


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
