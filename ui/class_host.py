"""The instructor's class tools: open a class and project its code, see who joined, ask the
class a question and show its answers live, reveal the arithmetic, compose a lesson.

Every tool needs the instructor key on a class server (ui.instructor); a personal copy has them open.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from class_store import LessonStep, NoSuchClassError
from class_store.limits import MAX_LESSON_STEPS, MAX_PROMPT, normal_code
from engine.trace.conv import ConvTrace
from engine.trace.pool import PoolTrace
from practice.exercise import Exercise
from practice.polls import can_poll, figure_questions, from_body, to_body
from settings.classes import JoinSettings
from settings.page import StepSettings
from ui.charts import show
from ui.class_session import (
    HOSTING,
    PUBLISHED,
    class_state,
    current_link,
    current_params,
    forget_state,
    hosting,
)
from ui.frame import classroom_on
from ui.practice import prose_and_code
from ui.shared_store import store
from ui.state import SHOWN_PAGE
from viz.class_poll import poll_histogram

RESULTS_S = 1.0  # the projector's histogram refreshes this often
DRAFT = "lesson_draft"  # the lesson being composed: [LessonStep]


def open_class() -> None:
    """The Open button's callback: a new class, presented by this session."""
    st.session_state[HOSTING] = store().open_class()
    st.session_state.pop(PUBLISHED, None)


def present(typed_code: str) -> str | None:
    """Present an open class from this session (another device of the same instructor); what
    went wrong, or None."""
    code = normal_code(typed_code)
    if not code or class_state(code) is None:
        return "No class is open with that code."
    st.session_state[HOSTING] = code
    st.session_state.pop(PUBLISHED, None)
    return None


def end_class(code: str) -> None:
    """Delete the class, its members and answers; the students see that it ended."""
    store().end_class(code)
    forget_state(code)
    st.session_state.pop(HOSTING, None)


def class_link(**values: str) -> str:
    """A link to the Class page with JoinSettings values (`code`: what the QR code holds;
    `lesson`), on the host the instructor is using."""
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    params = {JoinSettings.key(name): value for name, value in values.items()}
    return f"{parts.scheme}://{parts.netloc}/class?{urlencode(params)}"


def qr_png(text: str) -> bytes:
    """A QR code of `text`, large enough to scan from the back of a lecture hall."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=12, border=2)
    return buffer.getvalue()


def ask(exercise: Exercise) -> None:
    """Open `exercise` as the class's question (the one before closes)."""
    code = hosting()
    if code is None:
        return
    try:
        store().ask(code, to_body(exercise))
    except NoSuchClassError:
        st.session_state.pop(HOSTING, None)
    forget_state(code)


def ask_button(exercise: Exercise, key: str) -> None:
    """ "Ask the class" beside an exercise, for the instructor presenting a class."""
    if hosting() is not None and can_poll(exercise):
        st.button("Ask the class", key=key, on_click=ask, args=(exercise,), icon=":material/campaign:")


def figure_poll(
    trace: ConvTrace | PoolTrace, step: int, size_formula: str, arithmetic: Callable[[int], str]
) -> None:
    """Below a figure, for the instructor presenting a class: ask the class to predict the output
    size, or the next step's value or window (practice.polls.figure_questions)."""
    if hosting() is None:
        return
    step_key = StepSettings.key("step")
    params = {k: v for k, v in current_params().items() if k != step_key}
    page = st.session_state.get(SHOWN_PAGE, "")
    questions = figure_questions(trace, step, page, params, size_formula, arithmetic, step_key)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        kind = st.selectbox("Ask the class to predict", list(questions), key="class_figure_kind")
        st.button(
            "Ask", key="class_figure_ask", on_click=lambda: ask(questions[kind]), icon=":material/campaign:"
        )


def _reveal(question_id: str, code: str) -> None:
    store().reveal(question_id)
    forget_state(code)


def _close(code: str) -> None:
    store().close_question(code)
    forget_state(code)


@st.fragment(run_every=RESULTS_S)
def live_class() -> None:
    """Who joined and the open question's answers, as they arrive; Reveal shows the class the
    answer and the arithmetic."""
    code = hosting()
    state = class_state(code) if code else None
    if code is None or state is None:
        return
    joined = store().members(code)
    st.markdown(f"**Class {code}** · {joined} joined")
    if state.question is None:
        return
    question = state.question
    exercise = from_body(question.body)
    tally = [(a.answer, a.correct, a.count) for a in store().tally(question.id)]
    given, right = sum(c for *_, c in tally), sum(c for _, ok, c in tally if ok)
    with st.container(border=True, key="class_results"):
        st.markdown(f"**The class answers: {exercise.kind}**")
        prose_and_code(exercise.question)
        marked = question.revealed or st.toggle("Show which are right", key="class_marked")
        summary = f"{given} of {joined} answered"
        st.markdown(summary + (f": **{right} right, {given - right} wrong**" if marked else "."))
        if tally:
            show(poll_histogram(tally, marked, classroom_on()), f"The class's answers: {summary}")
        with st.container(horizontal=True):
            if not question.revealed:
                st.button("Reveal the answer", type="primary", on_click=_reveal, args=(question.id, code))
            st.button("Close the question", on_click=_close, args=(code,))
        if question.revealed:
            st.success(f"The answer: {exercise.answer_text}.", icon=":material/visibility:")
            prose_and_code(exercise.solution)


def add_to_lesson() -> None:
    """The lesson composer's button on every page: this page, with a prompt, as the next step."""
    draft: list[LessonStep] = st.session_state.setdefault(DRAFT, [])
    if len(draft) >= MAX_LESSON_STEPS:
        st.caption(f"The lesson has its {MAX_LESSON_STEPS} steps.")
        return
    adding = st.popover(f"Add this page to the lesson ({len(draft)} steps)", icon=":material/playlist_add:")
    with adding, st.form("lesson_add", border=False, clear_on_submit=True):
        st.text_area("Prompt for this step (optional)", key="lesson_prompt", max_chars=MAX_PROMPT)
        st.form_submit_button(
            "Add",
            on_click=lambda: draft.append(
                LessonStep(current_link(), str(st.session_state.get("lesson_prompt") or "").strip())
            ),
        )


def host_bar() -> None:
    """At the top of every page of the instructor presenting a class: its code, who joined,
    whether the class follows, the open question's live answers."""
    code = hosting()
    if code is None:
        return
    with st.container(border=True, key="class_host_bar"):
        live_class()
        with st.container(horizontal=True, vertical_alignment="center"):
            st.toggle(
                "The class follows me",
                value=True,
                key="class_leading",
                help="Every page and setting you show opens on your students' screens within about 2 s.",
            )
            add_to_lesson()
