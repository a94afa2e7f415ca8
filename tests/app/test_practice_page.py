"""Practice page: answering right, wrong and unreadably; the score; the set in the URL; the
instructor view; and every exercise's link opening its page with the exercise's configuration."""

import re

import pytest

from practice.generate import exercise_set
from practice.review import review_questions
from tests.app.conftest import blocks
from tests.app.test_session_notice import reconnected_on

SET = "3"
EXERCISES = exercise_set(int(SET), 10)
LINKED = EXERCISES + review_questions()


def answer(at, index, text, key_prefix=SET):
    key = f"{key_prefix}:{index}"
    at.text_input(key=f"answer_{key}").input(text)
    return at.button(key=f"FormSubmitter:form_{key}-Check").click().run()


def metrics(at):
    return {metric.label: metric.value for metric in at.metric}


def test_the_page_opens_with_ten_exercises_and_no_score(open_in_app):
    at = open_in_app("practice", set=SET)
    assert not at.exception
    assert len(at.text_input) == 10 + 4  # the chapter's four questions are typed too, none is a choice
    assert not at.button_group
    assert metrics(at) == {"Set": "3", "Right": "0 of 14", "Tried": "0 of 14"}


def test_a_right_answer_is_confirmed_counted_and_explained(open_in_app):
    at = answer(open_in_app("practice", set=SET), 0, EXERCISES[0].answer_text)
    assert [s.value for s in at.success] == [f"Right: {EXERCISES[0].answer_text}."]
    assert metrics(at)["Right"] == "1 of 14" and metrics(at)["Tried"] == "1 of 14"
    assert at.expander[0].label == "Worked solution"
    assert any(EXERCISES[0].answer_text in m.value for m in at.expander[0].markdown)


def test_a_wrong_answer_is_marked_and_can_be_tried_again(open_in_app):
    at = answer(open_in_app("practice", set=SET), 1, "1")
    assert "Not quite" in at.error[0].value and not at.success
    assert metrics(at)["Right"] == "0 of 14" and metrics(at)["Tried"] == "1 of 14"
    at = answer(at, 1, EXERCISES[1].answer_text)
    assert metrics(at)["Right"] == "1 of 14"
    at = answer(at, 1, "1")  # the latest answer is the one that counts
    assert metrics(at)["Right"] == "0 of 14" and "Not quite" in at.error[0].value


@pytest.mark.parametrize("text", ["", "no idea", "<script>x</script>"])
def test_an_unreadable_answer_gets_a_hint_not_an_error_and_is_not_counted(open_in_app, text):
    at = answer(open_in_app("practice", set=SET), 0, text)
    assert not at.exception and not at.error
    assert "Not read as an answer: there is no number in your answer" in at.warning[0].value
    assert metrics(at)["Tried"] == "0 of 14"


def test_the_students_text_is_shown_as_typed_not_as_markdown(open_in_app):
    at = answer(open_in_app("practice", set=SET), 0, "**1** [x](http://a)")
    assert "\\*\\*1\\*\\* \\[x\\]\\(http\\:" in at.error[0].value


def test_a_size_can_be_written_in_any_usual_form(open_in_app):
    size = review_questions()[1]
    assert size.answer == (31, 31)
    at = open_in_app("practice", set=SET)
    at.text_input(key="answer_review:1").input("(31, 31)")
    at = at.button(key="FormSubmitter:form_review:1-Check").click().run()
    assert "Right: 31x31." in [s.value for s in at.success]


def test_the_advantages_question_is_answered_in_words_and_counts(open_in_app):
    at = open_in_app("practice", set=SET)
    at.text_input(key="answer_review:0").input(
        "the same weights everywhere, and each output sees a small window"
    )
    at = at.button(key="FormSubmitter:form_review:0-Check").click().run()
    assert "Right: parameter sharing and local connectivity." in [s.value for s in at.success]
    assert metrics(at)["Right"] == "1 of 14" and metrics(at)["Tried"] == "1 of 14"
    at.text_input(key="answer_review:0").input("translation invariance")
    at = at.button(key="FormSubmitter:form_review:0-Check").click().run()
    assert metrics(at)["Right"] == "0 of 14" and "Not quite" in at.error[0].value


def placeholder_numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text.replace(",", ""))]


def test_no_placeholder_gives_an_answer_away(open_in_app):
    at = open_in_app("practice", set=SET)
    boxes = {box.key: box.proto.placeholder for box in at.text_input}
    for index, item in enumerate(EXERCISES):  # a format example, drawn apart from the answer
        shown = boxes[f"answer_{SET}:{index}"]
        assert placeholder_numbers(shown)[: len(item.answer)] != list(item.answer), shown
    for index, item in enumerate(review_questions()):  # fixed questions: not even half an answer
        shown = boxes[f"answer_review:{index}"]
        assert not set(placeholder_numbers(shown)) & set(item.answer), shown  # "5, 25" for (5, 9)
        assert item.answer_text.lower() not in shown.lower()


def test_the_set_number_in_the_link_gives_everyone_the_same_exercises(open_in_app):
    first, second = open_in_app("practice", set="42"), open_in_app("practice", set="42")
    other = open_in_app("practice", set="43")
    questions = [m.value for m in first.markdown]
    assert questions == [m.value for m in second.markdown]
    assert questions != [m.value for m in other.markdown]


def test_a_new_set_changes_the_number_in_the_link(open_in_app):
    at = open_in_app("practice", set=SET)
    at = at.button(key=next(b.key for b in at.button if b.label == "A new set")).click().run()
    assert at.query_params["set"] != [SET] and metrics(at)["Set"] != SET


def test_a_bad_set_number_in_the_link_falls_back_with_a_notice(open_in_app):
    at = open_in_app("practice", set="-5")
    assert not at.exception and metrics(at)["Set"] == "1"
    assert "set=-5" in at.info[0].value


def test_the_instructor_view_shows_every_answer(open_in_app):
    at = open_in_app("practice", set=SET)
    at = at.toggle(key="teacher").set_value(True).run()
    key = at.dataframe[0].value
    assert list(key["answer"]) == [item.answer_text for item in EXERCISES]
    assert len(at.expander) == 10 + 4 and all(expander.proto.expanded for expander in at.expander)


@pytest.mark.parametrize("index", range(len(LINKED)))
def test_each_exercise_opens_on_its_page_with_its_configuration(open_page, index):
    item = LINKED[index]
    at = open_page(item.page, **item.params)
    assert not at.exception and not at.error
    assert not any("could not be used" in info.value for info in at.info), item.params
    shown = " ".join(blocks(at)) + " ".join(str(m.value) for m in at.metric)
    if item.kind.startswith(("One", "Output size")):  # the page shows the number asked for
        assert all(re.search(rf"[=:] {value:g}\b", shown) for value in item.answer), shown


def test_worked_solutions_draw_their_formulas_as_wrapped_code_not_fences(open_in_app):
    at = open_in_app("practice", set=SET)
    at.text_input(key="answer_review:1").input("31")
    at = at.button(key="FormSubmitter:form_review:1-Check").click().run()
    solution = at.expander[0]
    assert "H_out" in " ".join(code.value for code in solution.code)
    assert all(code.proto.wrap_lines for code in solution.code)
    assert not any("```" in md.value for md in solution.markdown)


def browser_sends(monkeypatch, cookie: str) -> None:
    """The browser-id cookie a new session's browser sends (AppTest cannot set cookies)."""
    monkeypatch.setattr("ui.follow.browser_cookie", lambda: cookie)


def a_browser_that_answered(open_in_app, monkeypatch) -> str:
    browser_sends(monkeypatch, "")
    at = answer(open_in_app("practice", set=SET), 0, EXERCISES[0].answer_text)
    at = answer(at, 1, "1")
    assert metrics(at)["Right"] == "1 of 14" and metrics(at)["Tried"] == "2 of 14"
    browser_id = at.session_state["practice_browser"]
    assert 16 <= len(browser_id) <= 43
    return browser_id


@pytest.mark.parametrize("written", ["{id}", "{id}.0badc0de.1796140000"])  # as now, and as before
def test_practice_progress_survives_a_reload_in_a_new_session(open_in_app, monkeypatch, written):
    browser_id = a_browser_that_answered(open_in_app, monkeypatch)
    browser_sends(monkeypatch, written.format(id=browser_id))
    at = open_in_app("practice", set=SET)
    assert metrics(at)["Right"] == "1 of 14" and metrics(at)["Tried"] == "2 of 14"
    assert [s.value for s in at.success] == [f"Right: {EXERCISES[0].answer_text}."]
    assert "Not quite" in at.error[0].value
    assert not at.info and not at.toast  # a reload: the student reloaded, nothing to tell


def test_after_a_restart_the_progress_is_kept_and_the_student_is_told_once(open_in_app, monkeypatch):
    browser_id = a_browser_that_answered(open_in_app, monkeypatch)
    browser_sends(monkeypatch, browser_id)
    at = reconnected_on("practice", monkeypatch, set=SET)
    assert metrics(at)["Right"] == "1 of 14" and metrics(at)["Tried"] == "2 of 14"
    assert len(at.info) == 1
    assert at.info[0].value.startswith("The server restarted or this tab was away for a while")
    assert "Your Practice answers were kept." in at.info[0].value
    at = answer(at, 2, EXERCISES[2].answer_text)
    assert metrics(at)["Tried"] == "3 of 14" and not at.info  # once
    assert metrics(open_in_app("practice", set=SET))["Tried"] == "3 of 14"  # kept through the store


@pytest.mark.parametrize(
    "cookie", ["x", "<b>hi</b>.0badc0de.1", "a" * 100, "../../etc/passwd.x.y", "aaaaaaaaaaaaaaaa aaaa.1.1"]
)
def test_a_cookie_we_could_not_have_written_starts_afresh(open_in_app, monkeypatch, cookie):
    browser_sends(monkeypatch, cookie)
    at = open_in_app("practice", set=SET)
    assert not at.exception and not at.info
    assert metrics(at)["Tried"] == "0 of 14"
    assert at.session_state["practice_browser"] not in cookie


def test_an_opened_solution_is_kept_too(open_in_app, monkeypatch):
    browser_sends(monkeypatch, "")
    at = open_in_app("practice", set=SET)
    at = at.button(key=f"FormSubmitter:form_{SET}:4-Show the solution").click().run()
    browser_id = at.session_state["practice_browser"]
    assert at.session_state["practice_attempts"][f"{SET}:4"].revealed
    browser_sends(monkeypatch, browser_id)
    again = open_in_app("practice", set=SET)
    assert again.session_state["practice_attempts"][f"{SET}:4"].revealed
    assert metrics(again)["Tried"] == "0 of 14"  # a solution read is not an answer tried


def test_the_cookie_lives_as_long_as_the_store_keeps_its_progress():
    from class_store.limits import ATTEMPT_KEEP_S
    from ui.follow import BROWSER_AGE_S

    assert BROWSER_AGE_S == ATTEMPT_KEEP_S == 180 * 86400


def test_a_session_keeps_at_most_500_attempts_and_answers_of_200_characters(open_in_app, monkeypatch):
    from ui.practice import Attempt

    browser_sends(monkeypatch, "")
    at = open_in_app("practice", set=SET)
    at.session_state["practice_attempts"] = {f"old:{n}": Attempt("1", False, 1) for n in range(500)}
    at = answer(at, 0, "9" * 5_000)  # a paste no box would take
    kept = at.session_state["practice_attempts"]
    assert len(kept) == 500
    assert "old:0" not in kept and "old:1" in kept  # the first made went
    assert kept[f"{SET}:0"].answer == "9" * 200
