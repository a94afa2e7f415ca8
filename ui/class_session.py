"""A class, seen from one session: a student who joined (follows the instructor, answers the
open question) or the instructor who presents it (each page they show is published).

The store is shared by every process; what students poll every POLL_S seconds is read through a
per-process copy that lives STATE_TTL_S, so a class of 100 on one process costs the database
about one read a second, not fifty.
"""

from __future__ import annotations

import functools
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from class_store import ClassState, NoSuchClassError
from class_store.limits import CLASS_IDLE_S, MAX_ANSWER, MAX_NICKNAME, MAX_TITLE, normal_code
from practice.polls import from_body, read_poll_answer
from settings.page import FrameSettings
from ui.class_lesson import LEFT_LESSON, LESSON, lesson_bar, restore_lesson
from ui.follow import COOKIE, LESSON_COOKIE, follower
from ui.instructor import is_instructor
from ui.practice import as_plain_text, prose_and_code
from ui.session_notice import press
from ui.shared_store import store
from ui.state import PAGE_KEYS, SHOWN_PAGE

POLL_S = 2.0  # how often a student's session looks for the instructor's page and question
STATE_TTL_S = 1.0
MEMBER = "class_member"  # Member of the class this session joined
FOLLOWING = "class_following"  # whether the student follows the instructor
APPLIED = "class_applied_version"  # the last published link this session opened
ANSWERED = "class_answered"  # question id -> (answer as shown, right)
HOSTING = "class_hosting"  # the code of the class this instructor session presents
PUBLISHED = "class_published"  # the last link this instructor session published
JOIN_TRIES = "class_join_tries"  # times of recent wrong codes
MAX_JOIN_TRIES, JOIN_WINDOW_S = 5, 60.0
LEFT = "class_left"  # the student left: clear the cookie, do not restore from it
__all__ = ["MAX_NICKNAME", "MAX_TITLE", "normal_code"]  # for the Class page, with this module's own
NOTICE = "class_notice"  # what the last answer could not do


@dataclass(frozen=True)
class Member:
    code: str
    member_id: str
    nickname: str


_states: dict[str, tuple[float, ClassState | None]] = {}
_states_lock = threading.Lock()


def class_state(code: str) -> ClassState | None:
    """The class's state as of at most STATE_TTL_S ago, or None when it has ended or expired."""
    now = time.monotonic()
    with _states_lock:
        known = _states.get(code)
    if known is not None and now - known[0] < STATE_TTL_S:
        return known[1]
    try:
        state: ClassState | None = store().state(code)
    except NoSuchClassError:
        state = None
    with _states_lock:
        if len(_states) > 1024:  # codes are few; a flood of made-up ones must not grow this
            _states.clear()
        _states[code] = (now, state)
    return state


def forget_state(code: str) -> None:
    """Drop this process's copy (after the instructor changed the class)."""
    with _states_lock:
        _states.pop(code, None)


def member() -> Member | None:
    """The class this session joined, if any."""
    joined = st.session_state.get(MEMBER)
    return joined if isinstance(joined, Member) else None


def hosting() -> str | None:
    """The code of the class this session presents (instructor sessions only)."""
    code = st.session_state.get(HOSTING)
    return code if code and is_instructor() else None


def join(typed_code: str, nickname: str) -> str | None:
    """Join the class `typed_code` names; returns what went wrong in the student's terms, or None."""
    now = time.monotonic()
    tries = [t for t in st.session_state.get(JOIN_TRIES, []) if now - t < JOIN_WINDOW_S]
    st.session_state[JOIN_TRIES] = tries
    if len(tries) >= MAX_JOIN_TRIES:
        return f"Too many codes that open no class: try again in {JOIN_WINDOW_S - (now - tries[0]):.0f} s."
    code = normal_code(typed_code)
    if not code:
        tries.append(now)
        return "A class code is six letters and digits, like K7PX3M."
    joined = member()
    member_id = joined.member_id if joined is not None and joined.code == code else secrets.token_urlsafe(12)
    try:
        store().join(code, member_id, nickname)
    except NoSuchClassError:
        tries.append(now)
        hours = CLASS_IDLE_S / 3600
        return (
            f"No class is open with the code {code}: check it on the projector "
            f"(a class ends after {hours:.0f} idle hours)."
        )
    except ValueError as error:
        return f"{str(error)[:1].upper()}{str(error)[1:]}."
    st.session_state.pop(LEFT, None)
    st.session_state[MEMBER] = Member(code, member_id, nickname.strip())
    st.session_state[FOLLOWING] = True
    st.session_state[APPLIED] = 0
    return None


def leave() -> None:
    """Stop being part of a class in this session (the class keeps the answers given)."""
    for key in (MEMBER, FOLLOWING, APPLIED, ANSWERED):
        st.session_state.pop(key, None)
    st.session_state[LEFT] = True


def current_params(**step: int) -> dict[str, str]:
    """Every control's value on the page this session shows, as link text (classroom mode is each
    screen's own). Read from the session, not the query: Streamlit does not refresh the
    backend's query on a same-page rerun. `step` gives a step key's value where the surface has
    just moved it."""
    keys = st.session_state.get(PAGE_KEYS, frozenset())
    values = {key: st.session_state[key] for key in keys if key in st.session_state}
    params = {key: _as_text(value) for key, value in (values | step).items()}
    params.pop(FrameSettings.key("classroom"), None)
    return params


def current_link(**step: int) -> str:
    """The page this session shows and its `current_params`, as the class will open it."""
    params = current_params(**step)
    return st.session_state.get(SHOWN_PAGE, "") + ("?" + urlencode(params) if params else "")


def _as_text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def publish(**step: int) -> None:
    """The instructor's session: show the class this page, if it changed since the last run
    (called after each run of a page, and with the step from its surface's fragment)."""
    code = hosting()
    if code is None or not st.session_state.get("class_leading", True):
        return
    link = current_link(**step)
    if st.session_state.get(PUBLISHED) != (code, link):
        try:
            store().publish(code, link)
        except NoSuchClassError:
            st.session_state.pop(HOSTING, None)
            return
        st.session_state[PUBLISHED] = (code, link)


def _answer(question_id: str, answer: str | list[str]) -> None:
    """The answer form's callback: read the answer, and record the session's one vote."""
    joined, state = member(), None
    if joined is not None:
        state = class_state(joined.code)
    if joined is None or state is None or state.question is None or state.question.id != question_id:
        st.session_state[NOTICE] = "That question is closed."
        return
    exercise = from_body(state.question.body)
    try:
        shown, right = read_poll_answer(exercise, answer if isinstance(answer, list) else answer[:MAX_ANSWER])
    except ValueError as hint:
        st.session_state[NOTICE] = f"Not read as an answer: {hint}."
        return
    if store().answer(question_id, joined.member_id, shown, right):
        st.session_state.setdefault(ANSWERED, {})[question_id] = (shown, right)
    else:
        st.session_state[NOTICE] = "Your class has your answer to this question already: one each."


def _question_card(joined: Member, state: ClassState) -> None:
    question = state.question
    assert question is not None
    exercise = from_body(question.body)
    mine = st.session_state.get(ANSWERED, {}).get(question.id)
    if mine is None and question.revealed:
        mine = store().my_answer(question.id, joined.member_id)
    with st.container(border=True, key="class_question"):
        st.markdown(f"**Your instructor asks: {exercise.kind}**")
        prose_and_code(exercise.question)
        if question.revealed:
            if mine is None:
                st.info(f"The answer: {exercise.answer_text}.", icon=":material/visibility:")
            elif mine[1]:
                st.success(f"Right: {exercise.answer_text}.", icon=":material/check_circle:")
            else:
                st.error(
                    f"You answered {as_plain_text(mine[0])}; the answer is {exercise.answer_text}.",
                    icon=":material/cancel:",
                )
            with st.expander("How it is computed", expanded=True, icon=":material/calculate:"):
                prose_and_code(exercise.solution)
        elif mine is not None:
            st.caption(
                f"You answered {as_plain_text(mine[0])}. The answer is shown when your instructor reveals it."
            )
        else:
            with st.form(f"class_answer_{question.id}", border=False):
                field = f"class_answer_field_{question.id}"
                if exercise.choices:
                    st.pills("Your answer", exercise.choices, key=field)
                else:
                    st.text_input(
                        "Your answer", key=field, placeholder=exercise.placeholder, max_chars=MAX_ANSWER
                    )
                # a press is done even when it is a reconnected page's first (session_notice.press)
                send = functools.partial(st.form_submit_button, "Send my answer", type="primary")
                press(send, f"class_answer:{question.id}", _answer_field, question.id, field)
        notice = st.session_state.pop(NOTICE, None)
        if notice:
            st.warning(notice)


def _answer_field(question_id: str, field: str) -> None:
    """Send what the student put in the answer form's `field`."""
    _answer(question_id, st.session_state.get(field) or "")


def _follow(on: bool) -> None:
    st.session_state[FOLLOWING] = on


def _member_cookie(joined: Member, version: int, following: bool) -> str:
    return f"{joined.code}.{joined.member_id}.{version}.{int(following)}"


def _restore() -> None:
    """A new session of a browser that joined a class (a followed link, a reload, a restarted
    server) or goes through a lesson: take both back from their cookies."""
    cookies = st.context.cookies
    if MEMBER not in st.session_state and not st.session_state.get(LEFT):
        code, member_id, version, following = ([*str(cookies.get(COOKIE, ""))[:80].split("."), "", "", ""])[
            :4
        ]
        if normal_code(code) == code and member_id and version.isdigit():
            nickname = store().nickname(code, member_id)
            if nickname is not None:
                st.session_state[MEMBER] = Member(code, member_id, nickname)
                st.session_state[APPLIED] = int(version)
                st.session_state[FOLLOWING] = following != "0"
    restore_lesson()


@st.fragment(run_every=POLL_S)
def _student_bar() -> None:
    joined = member()
    if joined is None:
        return
    state = class_state(joined.code)
    if state is None:
        follower({COOKIE: ("", 0)})
        st.warning(f"Class {joined.code} has ended.", icon=":material/event_busy:")
        st.button("Leave the class", on_click=leave, key="class_leave_ended")
        return
    following = st.session_state.get(FOLLOWING, True)
    opening = None
    if following and state.link and state.version > st.session_state.get(APPLIED, 0):
        st.session_state[APPLIED] = state.version
        opening = "/" + state.link
    applied = st.session_state.get(APPLIED, 0)
    follower({COOKIE: (_member_cookie(joined, applied, following), int(CLASS_IDLE_S))}, opening)
    with st.container(horizontal=True, vertical_alignment="center", key="class_bar"):
        name = f" as {as_plain_text(joined.nickname)}" if joined.nickname else ""
        st.caption(f"Class {joined.code}{name}")
        # a button, not a toggle: a page the class opens must not reset it
        label, icon = ("Stop following", "pause") if following else ("Follow the instructor", "play_arrow")
        press(
            functools.partial(st.button, label, icon=f":material/{icon}:"), "follow", _follow, not following
        )
    if following and state.prompt:
        st.text(state.prompt)
    if state.question is not None:
        _question_card(joined, state)


def class_bar(page: StreamlitPage) -> None:
    """At the top of every page: a student's class (following, the open question), or the lesson
    the session goes through."""
    st.session_state[PAGE_KEYS] = frozenset()  # the page's checked_link names its keys
    _restore()
    if hosting() is None and member() is not None:
        _student_bar()
    elif LESSON in st.session_state:
        lesson_bar()
    elif st.session_state.get(LEFT) or st.session_state.get(LEFT_LESSON):
        follower({COOKIE: ("", 0), LESSON_COOKIE: ("", 0)})  # this session's handshake still has them
