from __future__ import annotations

import threading

import pytest

from class_store import LessonStep, NoSuchClassError, open_store
from class_store.limits import CLASS_IDLE_S, CODE_ALPHABET, MAX_MEMBERS, MAX_NICKNAME, normal_code
from class_store.schema import MIGRATIONS


def test_a_new_database_is_migrated_once_and_a_second_process_finds_it_ready(database_url, store):
    assert store.version == len(MIGRATIONS)
    again = open_store(database_url)
    again.clock = store.clock
    assert again.version == len(MIGRATIONS)
    code = store.open_class()
    assert again.state(code).version == 0  # the same data, through another connection
    again.close()


def test_processes_starting_together_agree_on_one_schema(database_url):
    stores, errors = [], []

    def start() -> None:
        try:
            stores.append(open_store(database_url))
        except Exception as error:  # pragma: no cover - the assertion below reports it
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {opened.version for opened in stores} == {len(MIGRATIONS)}
    for opened in stores:
        opened.close()


def test_class_codes_are_six_unambiguous_characters_and_read_back_as_typed(store):
    code = store.open_class()
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("01IO")
    assert normal_code(f" {code[:3].lower()}-{code[3:]} ") == code
    assert normal_code("ABC") == "" and normal_code("ABCDE0") == "" and normal_code("x" * 10_000) == ""


def test_a_wrong_an_ended_or_an_expired_code_finds_no_class(store, clock):
    with pytest.raises(NoSuchClassError):
        store.state("ZZZZZZ")
    ended = store.open_class()
    store.end_class(ended)
    with pytest.raises(NoSuchClassError):
        store.join(ended, "m1")
    idle = store.open_class()
    clock.now += CLASS_IDLE_S + 1
    with pytest.raises(NoSuchClassError):
        store.state(idle)
    store.open_class()  # opening a class deletes the expired ones
    with store.backend.transaction(write=False) as tx:
        assert tx.rows("SELECT COUNT(*) FROM classes WHERE code = ?", idle)[0][0] == 0


def test_followers_read_each_published_link_with_a_growing_version(store):
    code = store.open_class()
    assert store.publish(code, "convolution?h=9&w=9", "Where does the window go?") == 1
    assert store.publish(code, "pooling?pk=3") == 2
    state = store.state(code)
    assert (state.link, state.prompt, state.version) == ("pooling?pk=3", "", 2)


def test_members_join_once_each_and_a_full_class_says_so(store):
    code = store.open_class()
    store.join(code, "m1", "Ada")
    store.join(code, "m1", "Ada L.")  # a second join renames, it does not add
    assert (
        store.members(code) == 1
        and store.nickname(code, "m1") == "Ada L."
        and store.nickname(code, "m2") is None
    )
    with pytest.raises(ValueError, match=f"up to {MAX_NICKNAME} characters; this one has 10,000"):
        store.join(code, "m2", "x" * 10_000)
    with store.backend.transaction(write=True) as tx:
        for index in range(MAX_MEMBERS - 1):
            tx.count(
                "INSERT INTO members (class_code, member_id, nickname, joined_at) VALUES (?, ?, '', 0)",
                code,
                f"filler{index}",
            )
    with pytest.raises(ValueError, match="full"):
        store.join(code, "late")


def test_one_vote_per_member_per_question_and_the_tally_counts_them(store):
    code = store.open_class()
    for member in ("a", "b", "c", "d"):
        store.join(code, member)
    question = store.ask(code, {"kind": "Output size", "answer_text": "5x5"})
    assert store.state(code).question is not None
    assert store.state(code).question.body == {"kind": "Output size", "answer_text": "5x5"}
    assert store.answer(question, "a", "5x5", True)
    assert not store.answer(question, "a", "6x6", False)  # a second vote is refused
    assert store.answer(question, "b", "5x5", True)
    assert store.answer(question, "c", "6x6", False)
    assert not store.answer(question, "stranger", "5x5", True)  # not a member
    tally = store.tally(question)
    assert [(a.answer, a.correct, a.count) for a in tally] == [("5x5", True, 2), ("6x6", False, 1)]
    assert store.my_answer(question, "a") == ("5x5", True)
    assert store.my_answer(question, "d") is None
    store.reveal(question)
    assert store.state(code).question.revealed
    assert not store.answer(question, "d", "5x5", True)  # too late once revealed
    store.close_question(code)
    assert store.state(code).question is None
    assert store.tally(question)[0].count == 2  # answers are kept


def test_a_new_question_replaces_the_open_one_and_ending_the_class_deletes_every_answer(store):
    code = store.open_class()
    store.join(code, "a")
    first = store.ask(code, {"n": 1})
    store.answer(first, "a", "1", True)
    second = store.ask(code, {"n": 2})
    assert store.state(code).question.id == second
    store.end_class(code)
    with store.backend.transaction(write=False) as tx:
        for table in ("classes", "members", "questions", "answers"):
            assert tx.rows(f"SELECT COUNT(*) FROM {table}")[0][0] == 0, table


def test_two_hundred_answers_from_eight_threads_are_all_counted(store):
    code = store.open_class()
    members = [f"m{index}" for index in range(200)]
    for member in members:
        store.join(code, member)
    question = store.ask(code, {"n": 1})
    results: list[bool] = []

    def vote(chunk: list[str]) -> None:
        for member in chunk:
            results.append(store.answer(question, member, "4", member.endswith("0")))
            results.append(store.answer(question, member, "9", False))  # the flood: refused

    threads = [threading.Thread(target=vote, args=(members[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 200
    assert sum(answer.count for answer in store.tally(question)) == 200


def test_lessons_keep_their_steps_in_order_and_refuse_what_is_too_long(store):
    steps = [LessonStep("convolution?h=9", "Predict the size"), LessonStep("pooling?pk=3", "")]
    lesson_id = store.save_lesson("Padding", steps)
    lesson = store.lesson(lesson_id)
    assert lesson is not None and lesson.title == "Padding" and lesson.steps == tuple(steps)
    assert store.lesson("NOSUCHID") is None
    with pytest.raises(ValueError, match="1 to 40 steps; this one has 0"):
        store.save_lesson("Empty", [])
    with pytest.raises(ValueError, match="A prompt is up to 500 characters"):
        store.save_lesson("Long", [LessonStep("convolution", "x" * 501)])


def test_a_database_url_of_another_kind_is_refused_with_the_two_it_takes():
    with pytest.raises(ValueError, match="postgresql://"):
        open_store("mysql://somewhere")
