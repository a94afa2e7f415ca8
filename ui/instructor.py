"""The instructor key: a server secret that opens the instructor features in the sessions that
entered it.

The host sets `CONVLAB_INSTRUCTOR_KEY` (or `instructor_key` in Streamlit's secrets). With no key
set, a personal copy has every feature open. The key is compared in constant time, cleared from
the password box as soon as it is read, and never written to a link, a log or the page: the
session keeps only a fingerprint of it, so a key changed on the server locks every session again.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time

import streamlit as st

from practice.generate import set_seed

ENV_VAR = "CONVLAB_INSTRUCTOR_KEY"
SECRET_NAME = "instructor_key"
FIELD = "instructor_key_field"  # the password box; emptied once read
OPENED = "instructor_opened"  # fingerprint of the key this session entered
FAILURES = "instructor_failures"  # times of recent wrong keys
NOTICE = "instructor_notice"  # (kind, text) to show after the form's callback
MAX_FAILURES = 5
FAILURE_WINDOW_S = 60.0


def configured_key() -> str | None:
    """The key the host set, or None on a personal copy."""
    key = os.environ.get(ENV_VAR, "")
    if not key and st.secrets.load_if_toml_exists():
        key = str(st.secrets.get(SECRET_NAME, "") or "")
    return key or None


def _fingerprint(key: str) -> str:
    return hmac.new(key.encode(), b"convlab instructor session", hashlib.sha256).hexdigest()


def is_instructor() -> bool:
    """Whether this session may see instructor features: always without a key, else once entered."""
    key = configured_key()
    if key is None:
        return True
    opened = st.session_state.get(OPENED, "")
    return bool(opened) and hmac.compare_digest(opened, _fingerprint(key))


def exercise_seed(set_number: int) -> int:
    """The generator seed of a set: the set number, keyed by the secret when the host set one."""
    return set_seed(set_number, configured_key())


def _recent_failures(now: float) -> list[float]:
    failures = [t for t in st.session_state.get(FAILURES, []) if now - t < FAILURE_WINDOW_S]
    st.session_state[FAILURES] = failures
    return failures


def _try_key() -> None:
    """The form's callback: read the box, empty it, and open the session if the key is right."""
    entered = str(st.session_state.get(FIELD, "") or "")
    st.session_state[FIELD] = ""
    key, now = configured_key(), time.monotonic()
    failures = _recent_failures(now)
    if key is None:
        return
    if len(failures) >= MAX_FAILURES:
        wait = FAILURE_WINDOW_S - (now - failures[0])
        st.session_state[NOTICE] = ("error", f"Too many wrong keys: try again in {wait:.0f} s.")
    elif entered and hmac.compare_digest(entered.encode(), key.encode()):
        st.session_state[OPENED] = _fingerprint(key)
        st.session_state[FAILURES] = []
        st.session_state[NOTICE] = ("success", "Instructor features are open in this session.")
    else:
        failures.append(now)
        left = MAX_FAILURES - len(failures)
        st.session_state[NOTICE] = (
            "error",
            f"That is not the instructor key ({left} tries left this minute).",
        )


def _lock() -> None:
    st.session_state.pop(OPENED, None)


def key_form() -> None:
    """In the sidebar: the password box, or a note that instructor features are open. Nothing
    on a personal copy, where they are always open."""
    if configured_key() is None:
        return
    st.subheader("Instructor")
    if is_instructor():
        st.caption("Instructor features are open in this session.")
        st.button("Lock instructor features", on_click=_lock, icon=":material/lock:")
    else:
        with st.form("instructor_form", border=False, enter_to_submit=True):
            st.text_input(
                "Instructor key",
                type="password",
                key=FIELD,
                help="Set by whoever hosts ConvLab. It opens the answer key in this session only.",
            )
            st.form_submit_button("Open instructor features", on_click=_try_key, icon=":material/key:")
    notice = st.session_state.pop(NOTICE, None)
    if notice is not None:
        kind, text = notice
        (st.success if kind == "success" else st.error)(text)
