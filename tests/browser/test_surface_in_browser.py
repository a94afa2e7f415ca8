"""The animation surface in headless Chromium, at five widths, classroom mode on and off."""

import re

import pytest
from playwright.sync_api import expect

from hosting.server import running
from tests.browser.conftest import screenshot, settle

pytestmark = pytest.mark.browser

WIDTHS = (390, 820, 1280, 1400, 1920)
CONV, POOL, VOLUME, TRANSPOSE = range(4)  # the demo's surfaces, in page order


@pytest.fixture(scope="module")
def demo_url():
    with running("tests/browser/surface_demo.py") as url:
        yield url


def open_demo(page, url, width=1280, classroom=False, query=""):
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto(f"{url}/?classroom={'true' if classroom else 'false'}{query}")
    settle(page)
    page.locator(".cl-surface").nth(TRANSPOSE).locator("[data-cell]").first.wait_for()


def surface(page, index=CONV):
    return page.locator(".cl-surface").nth(index)


def box_of(locators) -> tuple[float, float, float, float]:
    """The union of the locators' rectangles on screen: (left, top, right, bottom)."""
    boxes = [loc.bounding_box() for loc in locators]
    return (
        min(b["x"] for b in boxes),
        min(b["y"] for b in boxes),
        max(b["x"] + b["width"] for b in boxes),
        max(b["y"] + b["height"] for b in boxes),
    )


def assert_window_covers(root, panel, rows, cols):
    """The outline on `panel` covers exactly the cells rows x cols (within 1 px)."""
    outline = box_of([root.locator(f"[data-window='{panel}']")])
    cells = box_of([root.locator(f"[data-panel='{panel}'][data-cell='{r},{c}']") for r in rows for c in cols])
    assert outline == pytest.approx(cells, abs=1), (panel, outline, cells)


@pytest.mark.parametrize("classroom", [False, True], ids=["screen", "classroom"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_cell_is_drawn_and_the_window_covers_exactly_its_cells(page, demo_url, width, classroom):
    open_demo(page, demo_url, width, classroom)
    conv = surface(page)
    expect(conv.locator("[data-panel='input0'][data-cell]")).to_have_count(100)  # the whole 10x10
    expect(conv.locator("[data-panel='input0'][data-unread='true']")).to_have_count(19)
    expect(surface(page, POOL).locator("[data-panel='input0'][data-cell]")).to_have_count(49)
    expect(surface(page, VOLUME).locator("[data-panel='input2'][data-cell]")).to_have_count(49)  # padded 5x5
    assert_window_covers(conv, "input0", range(3), range(3))
    conv.focus()
    page.keyboard.press("End")  # the last step, out[3, 3]: rows and cols 6..8
    expect(conv).to_have_attribute("data-step", "15")
    assert_window_covers(conv, "input0", range(6, 9), range(6, 9))
    assert_window_covers(conv, "output", [3], [3])
    assert_window_covers(surface(page, POOL), "input0", range(2), range(2))
    assert_window_covers(surface(page, VOLUME), "input1", range(3), range(3))
    assert_window_covers(surface(page, TRANSPOSE), "output0", range(3), range(3))
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0  # nothing scrolls sideways
    for index in range(4):
        right = max(
            b["x"] + b["width"]
            for b in map(lambda s: s.bounding_box(), surface(page, index).locator("svg").all())
        )
        assert right <= width
    if classroom and width >= 1280:  # a 10x10 grid keeps every value printed
        assert "tiny" not in (conv.locator("[data-panel-svg='input0']").get_attribute("class") or "")
    screenshot(page, f"surface-{width}-{'classroom' if classroom else 'screen'}")


def test_no_frame_sampled_during_play_is_blank(page, demo_url):
    open_demo(page, demo_url, 1280, classroom=True)
    conv = surface(page)
    conv.get_by_label("Speed").select_option(label="fast")
    conv.get_by_role("button", name="Play").click()
    seen = set()
    for _ in range(8):
        step = int(conv.get_attribute("data-step"))
        page.wait_for_function(
            "([el, s]) => Number(el.getAttribute('data-step')) !== s", arg=[conv.element_handle(), step]
        )
        cells = conv.locator("[data-panel='input0'][data-cell]").count()
        printed = conv.locator("[data-panel-svg='input0'] .values text").evaluate_all(
            "texts => texts.filter(t => t.textContent && getComputedStyle(t).display !== 'none').length"
        )
        assert cells == 100 and printed == 100
        seen.add(int(conv.get_attribute("data-step")))
    assert len(seen) >= 4  # the frames sampled were different steps


def test_pausing_puts_the_step_in_the_link_and_the_page(page, demo_url):
    open_demo(page, demo_url)
    conv = surface(page)
    conv.get_by_role("button", name="Play").click()
    page.wait_for_function("el => Number(el.getAttribute('data-step')) >= 2", arg=conv.element_handle())
    conv.get_by_role("button", name="Pause").click()
    step = conv.get_attribute("data-step")
    settle(page)
    expect(page.get_by_text(f"Convolution step {step};")).to_be_visible()
    assert re.search(rf"[?&]step={step}\b", page.url)
    expect(page.get_by_label("Step", exact=True).first).to_have_value(step)


def test_arrow_keys_and_a_click_on_an_output_cell_move_the_step(page, demo_url):
    open_demo(page, demo_url)
    conv = surface(page)
    conv.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(conv).to_have_attribute("data-step", "2")
    settle(page)
    expect(page.get_by_text("Convolution step 2;")).to_be_visible()
    conv.locator("[data-panel='output'][data-cell='1,2']").click()
    expect(conv).to_have_attribute("data-step", "6")
    settle(page)
    expect(page.get_by_text("Convolution step 6;")).to_be_visible()
    assert re.search(r"[?&]step=6\b", page.url)
    conv.focus()
    page.keyboard.press("ArrowLeft")
    expect(conv).to_have_attribute("data-step", "5")


def test_a_link_with_a_step_opens_the_surface_at_that_step(page, demo_url):
    open_demo(page, demo_url, query="&step=9")
    expect(surface(page)).to_have_attribute("data-step", "9")
    assert_window_covers(surface(page), "input0", range(4, 7), range(2, 5))  # out[2, 1]


def test_predict_mode_checks_right_and_wrong_answers(page, demo_url):
    open_demo(page, demo_url)
    conv = surface(page)
    conv.get_by_label("Predict before each step").check()
    conv.get_by_label("Your answer").fill("4 x 4")
    conv.get_by_role("button", name="Check").click()
    expect(conv.locator(".cl-feedback")).to_have_text("Right: 4 x 4.")
    settle(page)
    conv.get_by_role("button", name="Next step").click()
    expect(conv).to_have_attribute("data-step", "0")  # not revealed before the answer
    conv.locator("[data-panel='input0'][data-cell='0,2']").click()  # step 1's window starts at (0, 2)
    expect(conv.locator(".cl-feedback")).to_have_text("Right: (0, 2).")
    expect(conv).to_have_attribute("data-step", "1")
    settle(page)
    conv.get_by_role("button", name="Next step").click()
    conv.locator("[data-panel='input0'][data-cell='0,0']").click()
    expect(conv.locator(".cl-feedback")).to_have_text("Not quite: it is (0, 4).")
    settle(page)
    conv.get_by_label("What to predict").select_option("value")
    conv.get_by_role("button", name="Next step").click()
    truth = conv.locator("[data-panel-svg='output'] .values text").nth(3).text_content()
    conv.get_by_label("Your answer").fill(truth)
    conv.get_by_role("button", name="Check").click()
    expect(conv.locator(".cl-feedback")).to_have_text(f"Right: {truth}.")
    settle(page)
    expect(page.get_by_text("score 3 of 4")).to_be_visible()
    assert re.search(r"[?&]step=3\b", page.url)
