"""A class in real browsers: one instructor and two students, each in a browser context of
their own, through join, follow, a poll and its reveal; against SQLite and PostgreSQL."""

import re

import pytest
from playwright.sync_api import expect

from hosting.server import serving
from tests.browser.conftest import SETTLED, screenshot, settle

pytestmark = pytest.mark.browser
WAIT_MS = 30_000  # a student's screen polls every 2 s; a page switch then reruns the page


@pytest.fixture(params=["sqlite", "postgresql"])
def class_url(request, app_url):
    """The session's server (its store is the suite's SQLite file), or one on PostgreSQL."""
    if request.param == "sqlite":
        yield app_url
        return
    with serving(env={"CONVLAB_DATABASE_URL": request.getfixturevalue("postgres_url")}) as (url, _):
        yield url


def opened(browser, url: str, width: int = 1300):
    page = browser.new_context(viewport={"width": width, "height": 1000}).new_page()
    page.goto(url)
    page.wait_for_selector(SETTLED, timeout=60_000)
    return page


def join(browser, url: str, code: str, nickname: str):
    student = opened(browser, f"{url}/class?join={code}", width=400)  # a phone
    student.get_by_label("Nickname (optional)").fill(nickname)
    student.get_by_role("button", name="Join").click()
    student.get_by_text(f"You are in class {code} as {nickname}").wait_for(timeout=WAIT_MS)
    return student


def test_students_follow_the_instructor_answer_a_poll_and_see_their_own_result(browser, class_url):
    teacher = opened(browser, f"{class_url}/class")
    teacher.get_by_role("button", name="Open a class").click()
    heading = teacher.get_by_role("heading", name=re.compile(r"Code: [A-Z2-9]{6}"))
    heading.wait_for(timeout=WAIT_MS)
    code = heading.inner_text().split(": ")[1].strip()
    teacher.get_by_role("img", name=re.compile("Scan to join")).or_(
        teacher.get_by_text(f"Scan to join class {code}")
    ).first.wait_for()
    ada, bob = join(browser, class_url, code, "Ada"), join(browser, class_url, code, "<b>Bob</b>")
    teacher.get_by_text("2 joined").first.wait_for(timeout=WAIT_MS)

    # follow: the instructor opens Convolution and moves to step 4; both students' screens follow
    teacher.get_by_role("link", name="Convolution").first.click()
    settle(teacher)
    for student in (ada, bob):
        student.get_by_role("heading", name="Convolution", exact=True).wait_for(timeout=WAIT_MS)
    step_box = teacher.get_by_role("spinbutton", name=re.compile(r"^Step \(0 to"))
    step_box.fill("4")
    step_box.press("Enter")
    settle(teacher)
    for student in (ada, bob):
        expect(student.get_by_role("spinbutton", name=re.compile(r"^Step \(0 to"))).to_have_value(
            "4", timeout=WAIT_MS
        )
        assert re.search(r"/convolution\?(.*&)?step=4", student.evaluate("location.href"))

    # a poll from the figure: the output size of the layer on screen
    teacher.get_by_role("button", name="Ask", exact=True).click()
    settle(teacher)
    for student, answer in ((ada, "5x5"), (bob, "(7, 7)")):
        student.get_by_text("Your instructor asks: Output size").wait_for(timeout=WAIT_MS)
        student.locator(".st-key-class_question").get_by_label("Your answer").fill(answer)
        student.get_by_role("button", name="Send my answer").click()
        student.get_by_text("You answered").wait_for(timeout=WAIT_MS)
    teacher.get_by_text("2 of 2 answered").wait_for(timeout=WAIT_MS)
    teacher.get_by_role("button", name="Reveal the answer").click()
    teacher.get_by_text("The answer: 5x5.").first.wait_for(timeout=WAIT_MS)
    teacher.get_by_text("1 right, 1 wrong").wait_for(timeout=WAIT_MS)
    screenshot(teacher, "class-instructor-reveal")
    ada.get_by_text("Right: 5x5.").wait_for(timeout=WAIT_MS)
    bob.get_by_text("You answered 7x7; the answer is 5x5.").wait_for(timeout=WAIT_MS)
    bob.get_by_text("H_out").first.wait_for()  # the arithmetic, with the layer's numbers
    screenshot(bob, "class-student-result-phone")
    assert bob.locator("b", has_text="Bob").count() == 0  # the nickname is text, never markup

    # a student who stops following stays where they are; the end of the class reaches everyone
    bob.get_by_role("button", name="Stop following").click()
    settle(bob)
    teacher.get_by_role("link", name="Pooling").first.click()
    settle(teacher)
    ada.get_by_role("heading", name="Pooling", exact=True).wait_for(timeout=WAIT_MS)
    assert "/convolution" in bob.evaluate("location.href")
    teacher.get_by_role("link", name="Class").first.click()
    settle(teacher)
    teacher.get_by_role("button", name="End the class and delete its data").click()
    settle(teacher)
    ada.get_by_text(f"Class {code} has ended.").wait_for(timeout=WAIT_MS)
    for page in (teacher, ada, bob):
        page.context.close()
