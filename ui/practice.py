"""The Practice page's exercise cards: predict, check, then read the worked solution.

Attempts live in the session (not in widgets), so the score and the verdicts survive a visit to
another page through an exercise's link. Each Check and each opened solution is also written to the
store under the browser's anonymous id (a cookie), and read back when Practice opens in a new
session of that browser: a reload, a second tab, or a server that restarted. A Check that is a
reconnected page's first click is done too (ui/session_notice.py says why Streamlit would drop it).
"""

from __future__ import annotations

import functools
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace

import streamlit as st

from class_store.limits import MAX_ANSWER, MAX_ATTEMPTS
from class_store.records import PracticeAttempt
from practice.exercise import Exercise
from ui import follow
from ui.registry import PAGES
from ui.session_notice import browser_id_from_cookie, press
from ui.shared_store import store

ATTEMPTS = "practice_attempts"
HINT = "practice_hint"  # (exercise key, hint) for an answer the last Check could not read
PAGE_OF = {page.url_path: page for page in PAGES}
BROWSER = "practice_browser"  # this session's anonymous browser id, once Practice has run
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attempt:
    answer: str  # what the student answered, as they wrote it
    right: bool  # the latest answer is right
    tries: int
    revealed: bool = False  # the student asked to see the solution


def as_plain_text(text: str, limit: int = 60) -> str:
    """The student's own text, shown as typed: Markdown's special characters escaped."""
    text = text if len(text) <= limit else text[:limit] + "…"
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


def attempts() -> dict[str, Attempt]:
    """The session's attempts, by exercise key (created empty on first use)."""
    return st.session_state.setdefault(ATTEMPTS, {})


def score(keys: list[str]) -> tuple[int, int]:
    """(right, tried) among the exercises of `keys`."""
    done = [attempts()[key] for key in keys if key in attempts()]
    return sum(attempt.right for attempt in done), sum(attempt.tries > 0 for attempt in done)


def _browser() -> str:
    """This session's browser id. On the session's first call (the Practice page's first run, or
    a callback that came before it) it comes from the cookie, or is made, and the attempts the
    store kept for it join the session's."""
    browser_id = st.session_state.get(BROWSER)
    if isinstance(browser_id, str):
        return browser_id
    browser_id = browser_id_from_cookie()
    if browser_id is None:
        browser_id = secrets.token_urlsafe(16)
    else:
        _load(browser_id)
    st.session_state[BROWSER] = browser_id
    return browser_id


def keep_progress() -> None:
    """Once per full run of the Practice page: the browser's kept attempts in the session (on its
    first run), and the cookie written again with the browser's id (another 180 days)."""
    follow.remember_browser(_browser())


def _load(browser_id: str) -> int:
    """Add the browser's kept attempts to the session's (the session's own win); how many were kept."""
    try:
        kept = store().attempts_of(browser_id)
    except Exception:  # a store that does not answer costs the progress, not the page
        log.exception("could not read the kept Practice attempts")
        return 0
    for found in kept:
        attempts().setdefault(
            found.exercise_key, Attempt(found.answer, found.right, found.tries, found.revealed)
        )
    return len(kept)


def _save(key: str) -> None:
    """Write the session's attempt at `key` through to the store, under the browser's id."""
    browser_id, attempt = _browser(), attempts().get(key)
    if attempt is None:
        return
    try:
        store().save_attempt(
            browser_id, PracticeAttempt(key, attempt.answer, attempt.right, attempt.tries, attempt.revealed)
        )
    except Exception:  # the session keeps it; only a later session would miss it
        log.exception("could not keep a Practice attempt")


def _bound_session() -> None:
    """A session keeps as many attempts as the store does for a browser: the first made go first."""
    kept = attempts()
    while len(kept) > MAX_ATTEMPTS:
        del kept[next(iter(kept))]


def _record(key: str, answer: str, right: bool) -> None:
    _browser()  # a session's first Check adds to what the browser had kept, not from nothing
    before = attempts().get(key, Attempt("", False, 0))
    attempts()[key] = replace(before, answer=answer[:MAX_ANSWER], right=right, tries=before.tries + 1)
    _bound_session()
    _save(key)


def _reveal(key: str, before_an_attempt: bool) -> None:
    """Show the solution: after an attempt, or before one where solutions are open (no instructor
    key on the server, or a session that entered it)."""
    attempt = attempts().get(key, Attempt("", False, 0))
    if attempt.tries or before_an_attempt:
        attempts()[key] = replace(attempt, revealed=True)
        _bound_session()
        _save(key)


def _read(exercise: Exercise, value: str | list[str] | None) -> tuple[str, bool | str]:
    """The answer widget's value as text, and whether it is right, or a hint (str) when it
    cannot be read."""
    if exercise.choices:
        chosen = [] if value is None else [value] if isinstance(value, str) else list(value)
        verdict: bool | str = exercise.is_right_choice(chosen) if chosen else "pick an option first"
        return "; ".join(chosen), verdict
    text = value if isinstance(value, str) else ""
    try:
        return text, exercise.is_right(text)
    except ValueError as hint:
        return text, str(hint)


def _check(key: str, exercise: Exercise) -> None:
    """The Check button's callback: it runs before the page, so the score above is current."""
    answer, verdict = _read(exercise, st.session_state.get(f"answer_{key}"))
    if isinstance(verdict, str):
        st.session_state[HINT] = (key, verdict)
    else:
        _record(key, answer, verdict)


def _answer_input(key: str, exercise: Exercise) -> None:
    if exercise.choices:
        many = len(exercise.answer) > 1
        st.pills(
            f"Your answer (pick {len(exercise.answer)})" if many else "Your answer",
            exercise.choices,
            selection_mode="multi" if many else "single",
            key=f"answer_{key}",
        )
    else:
        st.text_input("Your answer", key=f"answer_{key}", placeholder=exercise.placeholder)


FENCE = re.compile(r"```[^\n]*\n(.*?)\n?```", re.DOTALL)


def prose_and_code(text: str) -> None:
    """Our Markdown with its fenced blocks drawn by st.code with wrapped lines: a fence inside
    st.markdown scrolls sideways on a phone, and formulas must wrap (DESIGN 4)."""
    position = 0
    for fence in FENCE.finditer(text):
        if text[position : fence.start()].strip():
            st.markdown(text[position : fence.start()])
        st.code(fence.group(1), language=None, wrap_lines=True)
        position = fence.end()
    if text[position:].strip():
        st.markdown(text[position:])


def exercise_card(
    key: str,
    number: int,
    exercise: Exercise,
    show_answer: bool,
    before_an_attempt: bool = True,
    ask: Callable[[Exercise, str], None] | None = None,
) -> None:
    """One exercise: the question, an answer form, the verdict, and once tried (or for the
    instructor) the worked solution with a link that opens the exercise on its page.
    `before_an_attempt`: whether the solution may be opened before the student has answered;
    `ask(exercise, key)` draws a way to ask it of a class."""
    tried = attempts().get(key, Attempt("", False, 0)).tries > 0
    with st.container(border=True):
        prose_and_code(f"**{number}. {exercise.kind}**\n\n{exercise.question}")  # one element, not two
        with st.form(f"form_{key}", border=False):
            _answer_input(key, exercise)
            with st.container(horizontal=True):
                # a press is done even when it is a reconnected page's first (session_notice.press)
                check = functools.partial(st.form_submit_button, "Check", type="primary")
                press(check, f"check:{key}", _check, key, exercise)
                if before_an_attempt or tried:
                    reveal = functools.partial(st.form_submit_button, "Show the solution")
                    press(reveal, f"reveal:{key}", _reveal, key, before_an_attempt)
        if st.session_state.get(HINT, (None,))[0] == key:
            st.warning(
                f"Not read as an answer: {st.session_state.pop(HINT)[1]}.", icon=":material/edit_note:"
            )
        _verdict(key, exercise, show_answer)
        if ask is not None:
            ask(exercise, f"ask_{key}")


def _verdict(key: str, exercise: Exercise, show_answer: bool) -> None:
    attempt = attempts().get(key)
    if attempt is not None and attempt.right:
        st.success(f"Right: {exercise.answer_text}.", icon=":material/check_circle:")
    elif attempt is not None and attempt.tries:
        st.error(
            f"Not quite: you answered “{as_plain_text(attempt.answer)}”. "
            "Try again, or open the worked solution.",
            icon=":material/cancel:",
        )
    if attempt is None and not show_answer:
        return
    expanded = show_answer or (attempt is not None and attempt.revealed)
    with st.expander("Worked solution", expanded=expanded, icon=":material/calculate:"):
        st.markdown(f"**Answer:** {exercise.answer_text}")
        prose_and_code(exercise.solution)
        page = PAGE_OF[exercise.page]
        st.page_link(
            page.path,
            label=f"Open this on the {page.title} page",
            icon=page.icon,
            query_params=exercise.params,
        )
