"""The Class page in AppTest: joining with good, wrong and hostile input; an instructor's class."""

from class_store import open_store
from ui.class_session import MEMBER
from ui.shared_store import store


def joined(at, code: str, nickname: str = ""):
    at.text_input[0].set_value(code)
    at.text_input[1].set_value(nickname)
    return at.button(key="FormSubmitter:join-Join").click().run()


def test_a_student_joins_by_the_code_in_the_qr_link_and_the_class_counts_them(open_in_app):
    code = store().open_class()
    at = open_in_app("class", join=code.lower())
    assert at.text_input[0].value == code  # the link's code, read as typed
    at = joined(at, code, "Ada")
    assert not at.exception
    assert at.session_state[MEMBER].code == code
    assert any(f"You are in class {code} as Ada" in s.value for s in at.success)
    assert store().members(code) == 1


def test_wrong_malformed_and_ended_codes_get_a_message_and_no_membership(open_in_app):
    at = joined(open_in_app("class"), "ABC")
    assert "six letters and digits" in at.error[0].value
    at = joined(at, "ZZZZZZ")
    assert "No class is open with the code ZZZZZZ" in at.error[0].value
    ended = store().open_class()
    store().end_class(ended)
    at = joined(at, ended)
    assert f"No class is open with the code {ended}" in at.error[0].value
    assert MEMBER not in at.session_state
    for _ in range(3):  # five wrong codes a minute, then a wait
        at = joined(at, "QQQQQQ")
    assert "Too many codes" in at.error[0].value


def test_a_hostile_nickname_is_refused_or_shown_as_text(open_in_app):
    code = store().open_class()
    at = joined(open_in_app("class"), code, "x" * 10_000)
    refused = [e.value for e in at.error]
    kept = at.session_state[MEMBER].nickname if MEMBER in at.session_state else ""
    assert refused == ["A nickname is up to 40 characters; this one has 10,000."] or kept == "x" * 40
    at.session_state[MEMBER] = None  # join afresh
    at.run()
    at = joined(at, code, "<img src=x>**b**")
    assert "\\*\\*b\\*\\*" in at.success[0].value and "\\<img" in at.success[0].value  # escaped, not markup


def test_a_hostile_join_link_fills_nothing(open_in_app):
    at = open_in_app("class", join="<script>alert(1)</script>", lesson="x" * 5000)
    assert not at.exception
    assert at.text_input[0].value == ""


def test_on_a_personal_copy_anyone_opens_a_class_and_gets_its_code_and_qr(open_in_app):
    at = open_in_app("class")
    open_button = next(b for b in at.button if b.label == "Open a class")
    at = open_button.click().run()
    heading = next(m.value for m in at.markdown if m.value.startswith("## Code: "))
    code = heading.removeprefix("## Code: ")
    assert open_store().state(code).version >= 0
    assert at.image, "the QR code is drawn"
    assert f"/class?join={code}" in at.code[0].value


def present_a_class(at):
    at = next(b for b in at.button if b.label == "Open a class").click().run()
    return at, next(m.value for m in at.markdown if m.value.startswith("## Code: ")).removeprefix("## Code: ")


def test_the_instructor_asks_a_practice_exercise_and_the_store_holds_its_answer_key(open_in_app):
    at, code = present_a_class(open_in_app("class"))
    at.switch_page("app_pages/practice_page.py").run()
    asks = [b for b in at.button if b.label == "Ask the class"]
    assert asks, "every exercise that takes numbers can be asked"
    asks[0].click().run()
    question = store().state(code).question
    first_card = next(m.value for m in at.markdown if m.value.startswith("**1. "))
    assert question is not None and first_card.startswith(f"**1. {question.body['kind']}**\n\n")
    assert question.body["answer"], "the answer key stays on the server"


def test_a_lesson_link_lists_its_steps_as_text_and_starts_at_the_first(open_in_app):
    from class_store import LessonStep

    lesson_id = store().save_lesson(
        "Padding <b>", [LessonStep("convolution?h=9", "Where is *the* padding?"), LessonStep("pooling", "")]
    )
    at = open_in_app("class", lesson=lesson_id)
    assert [t.value for t in at.text][:2] == ["1. Where is *the* padding?", "2. pooling"]
    at = next(b for b in at.button if b.label == "Start the lesson").click().run()
    assert any("step 1 of 2" in c.value for c in at.caption)
