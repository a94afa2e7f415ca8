"""The animation surface on the real pages, in headless Chromium: five widths, classroom on and off.
Each page and mode is loaded once and resized through the widths: a load per width was most of
the suite's time.

Every page runs on the session's one server (conftest.app_url). The checks wait on conditions
(attributes, the link, text), never on time.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SETTLED, screenshot

pytestmark = pytest.mark.browser

WIDTHS = (390, 820, 1280, 1400, 1920)
ISSUE_CONV = "convolution?h=10&w=10&sh=2&sw=2"  # CS231n's "does not fit": row 9 and column 9 unread

# page (with its link) -> (surfaces on it, the first surface's input cells, of which unread, its link key)
PAGES = {
    ISSUE_CONV: (1, 100, 19, "step"),
    "pooling": (1, 49, 13, "step"),  # 7x7, 2x2 windows: the 7th row and column are unread
    "volumes": (1, 25, 0, "step"),
    "backprop": (2, 49, 0, "wstep"),  # dL/dW and dL/dX on the first tab; pooling's tab is hidden
    "transposed": (2, 49, 0, "tstep"),
}

# Every visible window outline against the union of the cells whose centres it holds, in one call.
WINDOWS = """root => [...root.querySelectorAll('[data-window]')]
  .filter(w => w.getAttribute('visibility') !== 'hidden')
  .map(w => {
    const id = w.getAttribute('data-window'), box = w.getBoundingClientRect();
    const inside = [...root.querySelectorAll(`[data-panel='${id}'][data-cell]`)]
      .map(c => c.getBoundingClientRect())
      .filter(c => { const x = c.x + c.width / 2, y = c.y + c.height / 2;
                     return x > box.left && x < box.right && y > box.top && y < box.bottom; });
    const union = inside.length ? [Math.min(...inside.map(c => c.left)), Math.min(...inside.map(c => c.top)),
      Math.max(...inside.map(c => c.right)), Math.max(...inside.map(c => c.bottom))] : null;
    return {id, cells: inside.length, window: [box.left, box.top, box.right, box.bottom], union};
  })"""


# Re-laid out for `width` (the arg): the viewport has it, the sidebar is in the state a page opened
# at that width has, no CSS transition is running, and the page's and every surface's geometry is
# the same as at the previous animation frame (called once a frame: polling="raf").
SETTLED_AT_WIDTH = """width => {
  const sidebar = document.querySelector("[data-testid='stSidebar']");
  const surfaces = [...document.querySelectorAll('.cl-surface')];
  const now = JSON.stringify([
    window.innerWidth, document.documentElement.scrollWidth,
    sidebar && sidebar.getBoundingClientRect().right,
    ...surfaces.map(s => [s.clientWidth, ...[...s.querySelectorAll('svg[data-panel-svg]')]
      .map(svg => [svg.getAttribute('width'), svg.getBoundingClientRect().width])]),
  ]);  // reading the geometry first starts any transition the new width calls for
  const moving = document.getAnimations().some(a => a instanceof CSSTransition && a.playState === 'running');
  const same = now === window.__clGeometry;
  window.__clGeometry = now;
  const collapsed = !sidebar || sidebar.getAttribute('data-collapsed') === String(width <= 768);
  return window.innerWidth === width && collapsed && !moving && same;
}"""


def open_surface(page, app_url, path, width=1280, classroom=False, query=""):
    page.set_viewport_size({"width": width, "height": 1000})
    sep = "&" if "?" in path else "?"
    page.goto(f"{app_url}/{path}{sep}classroom={'true' if classroom else 'false'}{query}")
    page.wait_for_selector(SETTLED, timeout=60_000)  # may match before the first run starts,
    page.locator(".cl-surface [data-cell]").first.wait_for(timeout=60_000)
    page.wait_for_selector(SETTLED, timeout=60_000)  # so: the run that drew the cells has ended
    return page.locator(".cl-surface").first


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


def assert_every_window_sits_on_whole_cells(root):
    for found in root.evaluate(WINDOWS):
        assert found["cells"] > 0 and found["union"] is not None, found
        assert found["window"] == pytest.approx(found["union"], abs=1), found


def resize(page, width: int) -> None:
    """Narrow or widen the open page to `width` and wait until everything has re-laid out for it:
    Streamlit's sidebar has taken the state a page opened at that width has (collapsed up to 768 px),
    its slide has finished, and the page's geometry and the surface's drawing stayed the same
    across two animation frames (the surface lays out on its ResizeObserver)."""
    page.set_viewport_size({"width": width, "height": 1000})
    page.wait_for_function(SETTLED_AT_WIDTH, arg=width, polling="raf", timeout=30_000)


def check_the_first_step(page, root, path):
    """Step 0, as the page opens: every cell drawn, the unread ones marked, every window on whole cells."""
    surfaces, cells, unread, _ = PAGES[path]
    shown = page.locator(".cl-surface:visible")
    expect(shown).to_have_count(surfaces)
    expect(root.locator("[data-panel='input0'][data-cell]")).to_have_count(cells)
    expect(root.locator("[data-panel='input0'][data-unread='true']")).to_have_count(unread)
    for index in range(surfaces):
        assert_every_window_sits_on_whole_cells(shown.nth(index))


def check_the_last_step(page, root, path, width, classroom):
    """End: the last step's window on whole cells, the step in the link and the step box, and
    nothing wider than the window."""
    key = PAGES[path][3]
    root.focus()
    page.keyboard.press("End")
    last = str(int(root.get_attribute("data-steps")) - 1)
    expect(root).to_have_attribute("data-step", last)
    assert_every_window_sits_on_whole_cells(root)
    expect(page).to_have_url(re.compile(rf"[?&]{key}={last}\b"))  # reported once the keys stop
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0  # nothing scrolls sideways
    for svg in root.locator("svg").all():
        box = svg.bounding_box()
        assert box["x"] + box["width"] <= width
    if classroom and width >= 1280 and path == ISSUE_CONV:  # a 10x10 grid keeps every value printed
        assert "tiny" not in (root.locator("[data-panel-svg='input0']").get_attribute("class") or "")
    expect(page.get_by_label(re.compile(r"^Step \(0 to")).first).to_have_value(last)
    screenshot(page, f"surface-{path.split('?')[0]}-{width}-{'classroom' if classroom else 'screen'}")


@pytest.mark.parametrize("classroom", [False, True], ids=["screen", "classroom"])
@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p.split("?")[0])
def test_every_cell_is_drawn_and_every_window_covers_exactly_its_cells_at_every_width(
    page, app_url, subtests, path, classroom
):
    """One page load per page and mode: every width is reached by resizing it, at step 0 from the
    widest down, then at the last step (End: one rerun reports it) from the narrowest up."""
    root = open_surface(page, app_url, path, WIDTHS[-1], classroom)
    for width in reversed(WIDTHS):
        with subtests.test(width=width, step="first"):
            resize(page, width)
            check_the_first_step(page, root, path)
    for width in WIDTHS:
        with subtests.test(width=width, step="last"):
            resize(page, width)
            check_the_last_step(page, root, path, width, classroom)


def test_the_issue_cases_mark_the_cells_no_window_reads(page, app_url):
    root = open_surface(page, app_url, ISSUE_CONV)
    for cell in ["9,0", "9,9", "0,9"]:
        expect(root.locator(f"[data-panel='input0'][data-cell='{cell}']")).to_have_attribute(
            "data-unread", "true"
        )
    expect(root.locator("[data-panel='input0'][data-cell='8,8']")).not_to_have_attribute(
        "data-unread", "true"
    )
    assert_window_covers(root, "input0", range(3), range(3))
    root.focus()
    page.keyboard.press("End")  # out[3, 3]: rows and cols 6..8
    expect(root).to_have_attribute("data-step", "15")
    assert_window_covers(root, "input0", range(6, 9), range(6, 9))
    assert_window_covers(root, "output", [3], [3])
    pool = open_surface(page, app_url, "pooling")
    for cell in ["6,0", "0,6", "6,6"]:
        expect(pool.locator(f"[data-panel='input0'][data-cell='{cell}']")).to_have_attribute(
            "data-unread", "true"
        )
    expect(page.get_by_text("Such cells are marked ×")).to_be_visible()


def test_no_frame_sampled_during_play_is_blank(page, app_url):
    root = open_surface(page, app_url, ISSUE_CONV, 1280, classroom=True)
    root.get_by_label("Speed").select_option(label="fast")
    root.get_by_role("button", name="Play").click()
    seen = set()
    for _ in range(8):
        step = int(root.get_attribute("data-step"))
        page.wait_for_function(
            "([el, s]) => Number(el.getAttribute('data-step')) !== s", arg=[root.element_handle(), step]
        )
        cells = root.locator("[data-panel='input0'][data-cell]").count()
        printed = root.locator("[data-panel-svg='input0'] .values text").evaluate_all(
            "texts => texts.filter(t => t.textContent && getComputedStyle(t).display !== 'none').length"
        )
        assert cells == 100 and printed == 100
        seen.add(int(root.get_attribute("data-step")))
    assert len(seen) >= 4  # the frames sampled were different steps


@pytest.mark.parametrize(
    ("path", "index", "key"),
    [
        ("convolution", 0, "step"),
        ("pooling", 0, "step"),
        ("volumes", 0, "step"),
        ("backprop", 1, "xstep"),
        ("transposed", 0, "tstep"),
    ],
)
def test_pausing_puts_the_step_in_the_link_the_step_box_and_the_arithmetic(page, app_url, path, index, key):
    open_surface(page, app_url, path)
    root = page.locator(".cl-surface").nth(index)
    root.get_by_role("button", name="Play").click()
    page.wait_for_function("el => Number(el.getAttribute('data-step')) >= 2", arg=root.element_handle())
    root.get_by_role("button", name="Pause").click()
    step = root.get_attribute("data-step")
    expect(page).to_have_url(re.compile(rf"[?&]{key}={step}\b"))
    expect(page.get_by_label(re.compile(r"^Step \(0 to")).nth(index)).to_have_value(step)
    label = root.locator(".cl-label").text_content().split(" · ")[1]  # e.g. out[1, 2]
    arithmetic = page.locator(".cl-plain").filter(has_text=label.split("[")[0] + "[")
    expect(arithmetic.first).to_contain_text(label)


def test_arrow_keys_a_click_and_the_step_box_move_one_step_everywhere(page, app_url):
    root = open_surface(page, app_url, ISSUE_CONV)
    arithmetic = page.locator(".cl-plain").first
    root.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(root).to_have_attribute("data-step", "2")
    expect(page).to_have_url(re.compile(r"[?&]step=2\b"))
    expect(arithmetic).to_have_text(re.compile(r"^out\[0, 2\] = "))
    root.locator("[data-panel='output'][data-cell='1,2']").click()
    expect(root).to_have_attribute("data-step", "6")
    expect(page).to_have_url(re.compile(r"[?&]step=6\b"))
    expect(arithmetic).to_have_text(re.compile(r"^out\[1, 2\] = "))
    box = page.get_by_label(re.compile(r"^Step \(0 to"))
    box.fill("9")
    box.press("Enter")
    expect(root).to_have_attribute("data-step", "9")
    expect(arithmetic).to_have_text(re.compile(r"^out\[2, 1\] = "))
    assert_window_covers(root, "input0", range(4, 7), range(2, 5))


OUTPUTS = (
    "root => [...root.querySelectorAll(`[data-panel-svg='output'] .values text`)].map(t => t.textContent)"
)


def test_a_new_bias_repaints_the_same_cells_and_a_new_size_redraws_them(page, app_url):
    root = open_surface(page, app_url, "convolution?h=6&w=6&bias=0", query="&step=5")
    values = root.locator("[data-panel-svg='output'] .values text")
    before = [float(v) for v in root.evaluate(OUTPUTS)]
    cell = root.locator("[data-panel='input0'][data-cell='0,0']").element_handle()
    first = values.first.text_content()
    bias = page.get_by_label("Bias b")
    bias.fill("2")
    bias.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]bias=2"))
    expect(values.first).not_to_have_text(first)
    after = [float(v) for v in root.evaluate(OUTPUTS)]
    assert after == pytest.approx([v + 2 for v in before])  # every output cell, exactly b higher
    assert cell.evaluate("c => c.isConnected")  # repainted in place, not rebuilt
    expect(root).to_have_attribute("data-step", "5")  # the step shown stays
    assert_window_covers(root, "input0", range(1, 4), range(1, 4))  # out[1, 1] of a 4x4 output
    height = page.get_by_label("Height")
    height.fill("5")
    height.press("Enter")
    expect(root.locator("[data-panel='input0'][data-cell]")).to_have_count(5 * 6)  # a new shape: new cells
    assert not cell.evaluate("c => c.isConnected")
    assert_every_window_sits_on_whole_cells(root)


def test_a_link_with_a_step_opens_the_surface_at_that_step(page, app_url):
    root = open_surface(page, app_url, ISSUE_CONV, query="&step=9")
    expect(root).to_have_attribute("data-step", "9")
    assert_window_covers(root, "input0", range(4, 7), range(2, 5))  # out[2, 1]


def test_predict_mode_checks_answers_and_the_page_keeps_the_score(page, app_url):
    root = open_surface(page, app_url, ISSUE_CONV)
    root.get_by_label("Predict before each step").check()
    root.get_by_label("Your answer").fill("4 x 4")
    root.get_by_role("button", name="Check").click()
    expect(root.locator(".cl-feedback")).to_have_text("Right: 4 x 4.")
    expect(page.get_by_text("1 of 1 right")).to_be_visible()
    root.get_by_role("button", name="Next step").click()
    expect(root).to_have_attribute("data-step", "0")  # not revealed before the answer
    root.locator("[data-panel='input0'][data-cell='0,2']").click()  # step 1's window starts at (0, 2)
    expect(root.locator(".cl-feedback")).to_have_text("Right: (0, 2).")
    expect(root).to_have_attribute("data-step", "1")
    expect(page.get_by_text("2 of 2 right")).to_be_visible()
    root.get_by_role("button", name="Next step").click()
    root.locator("[data-panel='input0'][data-cell='0,0']").click()
    expect(root.locator(".cl-feedback")).to_have_text("Not quite: it is (0, 4).")
    expect(page.get_by_text("2 of 3 right")).to_be_visible()
    root.get_by_label("What to predict").select_option("value")
    root.get_by_role("button", name="Next step").click()
    truth = root.locator("[data-panel-svg='output'] .values text").nth(3).text_content()
    root.get_by_label("Your answer").fill(truth)
    root.get_by_role("button", name="Check").click()
    expect(root.locator(".cl-feedback")).to_have_text(f"Right: {truth}.")
    expect(page.get_by_text("3 of 4 right")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]step=3\b"))


def test_classroom_mode_prints_every_value_of_a_16x16_grid_at_1280(page, app_url):
    root = open_surface(page, app_url, "convolution?h=16&w=16", 1280, classroom=True)
    expect(root.locator("[data-panel='input0'][data-cell]")).to_have_count(256)
    assert "tiny" not in (root.locator("[data-panel-svg='input0']").get_attribute("class") or "")
    sizes = root.locator("[data-panel-svg='input0'] .values text").evaluate_all(
        "texts => texts.map(t => t.getBoundingClientRect().height)"
    )
    assert len(sizes) == 256 and min(sizes) >= 7  # every value printed, at a readable size
