"""Class: join a class with its code, or (instructor) open one, project its code and compose a lesson."""

import streamlit as st

from settings.classes import JoinSettings
from settings.fields import keys_of
from settings.page import FrameSettings
from ui import class_host, class_session
from ui.class_lesson import go_to_lesson_step
from ui.instructor import is_instructor, key_form
from ui.shared_store import store
from ui.state import checked_link
from ui.widgets import current

PAGE = "class"
LINK_KEYS = keys_of(JoinSettings, FrameSettings)

st.title("Class")
with checked_link(PAGE, LINK_KEYS):
    with st.sidebar:
        key_form()
    code_in_link = class_session.normal_code(current(JoinSettings, "code") or "")
    lesson_in_link = (current(JoinSettings, "lesson") or "").upper()[:12]

    if lesson_in_link:
        lesson = store().lesson(lesson_in_link)
        if lesson is None:
            st.warning("This link's lesson was not found: check the link with whoever shared it.")
        else:
            st.subheader(f"Lesson: {lesson.title}" if lesson.title else "Lesson")
            for number, step in enumerate(lesson.steps, start=1):
                st.text(f"{number}. {step.prompt or step.link}")
            st.button(
                "Start the lesson",
                type="primary",
                icon=":material/play_arrow:",
                on_click=go_to_lesson_step,
                args=(lesson.id, 0),
            )

    joined = class_session.member()
    hosting = class_session.hosting()
    if hosting is None:
        st.subheader("Join your class")
        if joined is not None:
            name = f" as {class_session.as_plain_text(joined.nickname)}" if joined.nickname else ""
            st.success(
                f"You are in class {joined.code}{name}. While you follow the instructor, your screen "
                "shows what they show; questions appear at the top of the page.",
                icon=":material/groups:",
            )
            st.button("Leave the class", on_click=class_session.leave, icon=":material/logout:")
        else:
            st.markdown(
                "Type the code on the projector, or scan its QR code. A nickname is optional; no account."
            )
            with st.form("join", border=False):
                typed = st.text_input("Class code", value=code_in_link, max_chars=12, placeholder="K7PX3M")
                nickname = st.text_input("Nickname (optional)", max_chars=class_session.MAX_NICKNAME)
                if st.form_submit_button("Join", type="primary", icon=":material/login:"):
                    problem = class_session.join(typed, nickname)
                    if problem is None:
                        st.rerun()
                    st.error(problem, icon=":material/error:")

    if is_instructor():
        st.subheader("Teach a class")
        if hosting is None:
            st.markdown(
                "Open a class and project its code: students join from their phones or laptops, see every "
                "page you show, and answer the questions you ask from a figure or from Practice."
            )
            st.button(
                "Open a class", type="primary", on_click=class_host.open_class, icon=":material/co_present:"
            )
            with st.form("present", border=False):
                other = st.text_input(
                    "Or present a class you opened on another device: its code", max_chars=12
                )
                if st.form_submit_button("Present it"):
                    problem = class_host.present(other)
                    if problem is None:
                        st.rerun()
                    st.error(problem, icon=":material/error:")
        else:
            link = class_host.class_link(code=hosting)
            left, right = st.columns([2, 1])
            with left:
                st.markdown(f"## Code: {hosting}")
                st.code(link, language=None, wrap_lines=True)
                st.markdown(
                    "Pages you open now open on your students' screens; ask a question from a figure "
                    "(*Ask the class to predict*, below the animation) or from a Practice exercise."
                )
                st.button(
                    "End the class and delete its data",
                    on_click=class_host.end_class,
                    args=(hosting,),
                    icon=":material/delete_forever:",
                )
            right.image(class_host.qr_png(link), caption=f"Scan to join class {hosting}", width=260)

        st.subheader("Compose a lesson")
        draft = st.session_state.get(class_host.DRAFT, [])
        st.markdown(
            "On any page, *Add this page to the lesson* (at the top while you present a class) keeps "
            "the page with its settings and a prompt. Save the lesson to get one link for it: students go "
            "through it at their own pace, or in step with you while they follow your class."
        )
        for number, step in enumerate(draft, start=1):
            st.text(f"{number}. {step.link}" + (f": {step.prompt}" if step.prompt else ""))
        if not hosting:
            class_host.add_to_lesson()
        if draft:
            with st.form("lesson_save", border=False):
                title = st.text_input("Lesson title", max_chars=class_session.MAX_TITLE)
                if st.form_submit_button("Save the lesson", type="primary"):
                    lesson_id = store().save_lesson(title, draft)
                    st.session_state[class_host.DRAFT] = []
                    st.session_state["lesson_saved"] = lesson_id
            if st.button("Start again"):
                st.session_state[class_host.DRAFT] = []
                st.rerun()
        saved = st.session_state.get("lesson_saved")
        if saved:
            st.success("Saved. Share this link:", icon=":material/link:")
            st.code(class_host.class_link(lesson=saved), language=None)
