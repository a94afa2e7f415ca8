"""The instructor key (issue 16): with a key on the server, the answer key and early solutions
open only in a session that entered it, and the sets cannot be recomputed from the set number;
without one, a personal copy keeps everything open. The key never reaches the link or the page."""

import re

import pytest

from practice.generate import exercise_set, set_seed
from ui.instructor import ENV_VAR, FIELD, MAX_FAILURES

KEY = "correct-horse-battery-42"
SET = "3"


def rendered(at) -> str:
    """Every element's protobuf as text: what the browser would be sent."""
    parts = []

    def walk(node):
        parts.append(str(getattr(node, "proto", "") or ""))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def questions(at) -> list[str]:
    """The generated exercises' questions: each card reads "**n. kind**", then its question."""
    cards = (re.match(r"\*\*\d+\. [^*]+\*\*\n\n(.*)", m.value, re.DOTALL) for m in at.tabs[0].markdown)
    return [card.group(1).strip() for card in cards if card]


def enter_key(at, key):
    at.text_input(key=FIELD).input(key)
    return at.button(key="FormSubmitter:instructor_form-Open instructor features").click().run()


@pytest.fixture
def with_key(monkeypatch):
    monkeypatch.setenv(ENV_VAR, KEY)


@pytest.fixture
def without_key(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)


def show_buttons(at) -> list:
    return [b for b in at.button if b.label == "Show the solution"]


def test_without_a_key_everything_is_open(without_key, open_in_app):
    at = open_in_app("practice", set=SET)
    assert not at.exception
    assert not [t for t in at.text_input if t.key == FIELD]  # nothing to enter on a personal copy
    assert at.toggle(key="teacher").label.startswith("Instructor view")
    assert len(show_buttons(at)) == 10 + 4  # solutions may be opened before an attempt


def test_with_a_key_the_answer_key_and_early_solutions_are_closed(with_key, open_in_app):
    at = open_in_app("practice", set=SET)
    assert not at.exception
    assert not [t for t in at.toggle if t.key == "teacher"]
    assert show_buttons(at) == []
    assert at.text_input(key=FIELD).proto.type == at.text_input(key=FIELD).proto.PASSWORD


def test_a_student_who_answered_may_open_the_solution(with_key, open_in_app):
    at = open_in_app("practice", set=SET)
    at.text_input(key=f"answer_{SET}:0").input("1")
    at = at.button(key=f"FormSubmitter:form_{SET}:0-Check").click().run()
    assert len(show_buttons(at)) == 1
    assert at.expander[0].label == "Worked solution"


def test_a_wrong_key_gets_a_message_and_opens_nothing(with_key, open_in_app):
    at = enter_key(open_in_app("practice", set=SET), "guess")
    assert "not the instructor key" in at.sidebar.error[0].value
    assert not [t for t in at.toggle if t.key == "teacher"] and show_buttons(at) == []
    assert at.text_input(key=FIELD).value == ""  # the box is emptied once read


def test_wrong_keys_are_rate_limited_so_even_the_right_one_waits(with_key, open_in_app):
    at = open_in_app("practice", set=SET)
    for _ in range(MAX_FAILURES):
        at = enter_key(at, "guess")
    at = enter_key(at, KEY)
    assert "Too many wrong keys" in at.sidebar.error[0].value
    assert not [t for t in at.toggle if t.key == "teacher"]


def test_the_right_key_opens_the_answer_key_and_is_never_shown_or_linked(with_key, open_in_app):
    at = enter_key(open_in_app("practice", set=SET), KEY)
    assert not at.exception
    assert "open in this session" in at.sidebar.success[0].value
    at = at.toggle(key="teacher").set_value(True).run()
    assert len(at.dataframe[0].value["answer"]) == 10
    assert len(show_buttons(at)) == 10 + 4
    page = rendered(at)
    assert "Instructor view" in page and "Worked solution" in page  # the walk reaches the widgets
    assert KEY not in str(dict(at.query_params)) and KEY not in page
    assert KEY not in repr(at.session_state)  # the box was emptied; only a fingerprint is kept


def test_locking_closes_the_session_again(with_key, open_in_app):
    at = enter_key(open_in_app("practice", set=SET), KEY)
    lock = next(b for b in at.sidebar.button if b.label == "Lock instructor features")
    at = lock.click().run()
    assert not [t for t in at.toggle if t.key == "teacher"] and at.text_input(key=FIELD)


def test_the_class_shares_a_set_that_only_the_secret_can_recompute(monkeypatch, open_in_app):
    shown = {}
    for name, key in (("first", KEY), ("again", KEY), ("other", KEY + "x")):
        monkeypatch.setenv(ENV_VAR, key)
        shown[name] = questions(open_in_app("practice", set=SET))
    monkeypatch.delenv(ENV_VAR)
    shown["open"] = questions(open_in_app("practice", set=SET))
    assert len(shown["first"]) == 10
    assert shown["first"] == shown["again"]  # one class, one set
    assert shown["first"] != shown["other"]  # another server's secret, other exercises
    assert shown["first"] != shown["open"]  # not the set anyone can generate from the number
    # the question's prose (its matrices follow as wrapped code)
    assert shown["open"] == [e.question.partition("```")[0].strip() for e in exercise_set(int(SET), 10)]


def test_the_set_seed_depends_on_the_number_and_the_secret():
    assert set_seed(3, KEY) == set_seed(3, KEY)
    assert len({set_seed(3, KEY), set_seed(4, KEY), set_seed(3, KEY + "x"), set_seed(3, None)}) == 4
    assert set_seed(3, None) == 3 and set_seed(3, "") == 3  # no secret: today's sets
