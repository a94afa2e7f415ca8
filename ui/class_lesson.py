"""A lesson gone through at one's own pace: the bar at the top of each of its pages (its prompt,
Previous, Next), its step kept in a cookie so that each step's page, opened as a real
navigation, finds it again."""

from __future__ import annotations

import streamlit as st

from class_store.limits import CLASS_IDLE_S
from ui.follow import LESSON_COOKIE, follower
from ui.practice import as_plain_text
from ui.shared_store import store

LESSON = "lesson_at"  # (lesson id, step index) of the lesson this session goes through
OPENING = "lesson_opening"  # the lesson bar opens its step's page on this run
LEFT_LESSON = "lesson_left"  # the session left its lesson: do not restore it from the cookie


def restore_lesson() -> None:
    """A new session of a browser going through a lesson: its step, from the cookie."""
    if LESSON not in st.session_state and not st.session_state.get(LEFT_LESSON):
        lesson_id, _, at = str(st.context.cookies.get(LESSON_COOKIE, "")).partition(".")
        if lesson_id.isalnum() and at.isdigit():
            st.session_state[LESSON] = (lesson_id[:12], int(at))


def go_to_lesson_step(lesson_id: str, at: int) -> None:
    """Go to step `at` of the lesson (the lesson bar opens its page)."""
    st.session_state[LESSON] = (lesson_id, at)
    st.session_state[OPENING] = True
    st.session_state.pop(LEFT_LESSON, None)


def _leave_lesson() -> None:
    st.session_state.pop(LESSON, None)
    st.session_state[LEFT_LESSON] = True


def lesson_bar() -> None:
    """A lesson gone through at one's own pace: its prompt, Previous and Next."""
    lesson_id, at = st.session_state[LESSON]
    lesson = store().lesson(lesson_id)
    if lesson is None or not 0 <= at < len(lesson.steps):
        _leave_lesson()
        return
    step = lesson.steps[at]
    opening = "/" + step.link if st.session_state.pop(OPENING, False) else None
    follower({LESSON_COOKIE: (f"{lesson_id}.{at}", int(CLASS_IDLE_S))}, opening)
    with st.container(border=True, key="lesson_bar"):
        st.caption(f"Lesson: {as_plain_text(lesson.title, 100)} · step {at + 1} of {len(lesson.steps)}")
        if step.prompt:
            st.text(step.prompt)
        with st.container(horizontal=True):
            last = len(lesson.steps) - 1
            st.button(
                "Previous",
                disabled=at == 0,
                icon=":material/arrow_back:",
                on_click=go_to_lesson_step,
                args=(lesson_id, at - 1),
            )
            st.button(
                "Next",
                disabled=at == last,
                icon=":material/arrow_forward:",
                on_click=go_to_lesson_step,
                args=(lesson_id, at + 1),
            )
            st.button("Leave the lesson", on_click=_leave_lesson)
