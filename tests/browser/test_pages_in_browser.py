"""The real app in headless Chromium: pages load, controls redraw, uploads and links are safe.

The animation surface on the animated pages is tested in test_surface_in_browser.py."""

import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from practice.generate import exercise_set
from tests.browser.conftest import screenshot, settle
from tests.hostile_files import HOSTILE_UPLOADS

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "convolution",
    "pooling",
    "volumes",
    "backprop",
    "transposed",
    "why",
    "receptive",
    "architectures",
    "practice",
]
STATIC = ("", "architectures", "practice")  # pages without a chart
ANIMATED = ("convolution", "pooling", "volumes", "backprop", "transposed")  # drawn by the surface


def open_page(page, app_url, path="", query=""):
    page.goto(f"{app_url}/{path}{'?' + query if query else ''}")
    settle(page)
    drawn = ".cl-surface [data-cell]" if path in ANIMATED else "h1" if path in STATIC else ".js-plotly-plot"
    page.wait_for_selector(drawn, timeout=60_000)


def arithmetic(page):
    """The step's arithmetic, as text under the figure (assert on it with `expect`, which retries)."""
    return page.locator(".cl-plain").first


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_without_an_exception(page, app_url, path):
    elsewhere: list[str] = []  # a classroom may be offline, and nothing should tell another host who visits
    page.on(
        "request",
        lambda r: None if r.url.startswith((app_url, "data:", "blob:")) else elsewhere.append(r.url),
    )
    open_page(page, app_url, path)
    assert page.locator("[data-testid='stException']").count() == 0
    assert elsewhere == []  # everything comes from ConvLab's own server (the favicon was a Google font)
    expect(page.locator("[data-testid='stSidebar']").get_by_text("Classroom mode")).to_have_count(
        1
    )  # the frame
    unnamed = page.locator(
        "[data-testid='stPlotlyChart']:not([aria-label]), [data-testid='stPlotlyChart'][aria-label='']"
    )
    assert unnamed.count() == 0  # every chart has an accessible name (its alt text)
    screenshot(page, f"page-{path or 'home'}")


def test_changing_the_bias_changes_the_arithmetic(page, app_url):
    open_page(page, app_url, "convolution")
    expect(arithmetic(page)).to_contain_text("+ bias 0 = ")
    bias = page.get_by_label("Bias b")
    bias.fill("5")
    bias.press("Enter")
    settle(page)
    expect(arithmetic(page)).to_contain_text("+ bias 5 = ")


def test_controls_are_reached_and_changed_with_the_keyboard_alone(page, app_url):
    open_page(page, app_url, "convolution")
    for _ in range(60):  # Tab through the page, as a keyboard user does, to the bias
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Bias b":
            break
    else:
        pytest.fail("Tab never reached the bias")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    settle(page)
    expect(arithmetic(page)).to_contain_text("+ bias 3 = ")  # the step's arithmetic, as text


@pytest.mark.parametrize(
    ("kind", "name", "data", "message"), HOSTILE_UPLOADS, ids=[upload[0] for upload in HOSTILE_UPLOADS]
)
def test_a_hostile_upload_is_refused_with_a_message_and_the_page_goes_on(
    page, app_url, kind, name, data, message
):
    open_page(page, app_url, "convolution", "src=image")
    page.locator("input[type='file']").set_input_files(
        {"name": name, "mimeType": "image/png", "buffer": data()}
    )
    settle(page)
    if kind == "too large":  # refused by Streamlit's uploader itself, before ConvLab sees it
        expect(page.get_by_text(re.compile(r"5\.0 ?MB"))).to_be_visible()
    else:
        expect(page.locator("[data-testid='stAlert']").filter(has_text=message)).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    page.get_by_label("Bias b").fill("2")
    page.get_by_label("Bias b").press("Enter")
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert urllib.request.urlopen(f"{app_url}/_stcore/health", timeout=10).read() == b"ok"


def test_a_hostile_link_runs_no_script_in_the_browser(page, app_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    markup = urllib.parse.quote("<script>alert(1)</script><img src=x onerror=alert(2)>")
    page.goto(f"{app_url}/convolution?kernel={markup}&h={markup}&sample={markup}")
    settle(page)
    expect(page.get_by_text("could not be used")).to_be_visible()
    expect(page.get_by_text("Row 1 of the kernel holds")).to_be_visible()
    assert dialogs == [] and page.locator("[data-testid='stException']").count() == 0


def field_summary(page):
    return page.locator("[data-testid='stMarkdown']").filter(has_text="sees input rows").first


def test_clicking_a_unit_follows_its_receptive_field(page, app_url):
    open_page(page, app_url, "receptive", "net=three+stacked+3x3")
    expect(field_summary(page)).to_contain_text("of layer 3")
    page.locator(".scatterlayer .trace").first.locator("path.point").nth(16 * 16).click(
        force=True
    )  # layer 1, (0, 0)
    settle(page)
    expect(field_summary(page)).to_contain_text("Unit (0, 0) of layer 1 sees input rows 0 to 2")


def test_editing_the_stack_redraws_the_field(page, app_url):
    open_page(page, app_url, "receptive", "net=three+stacked+3x3")
    stack = page.get_by_role("textbox", name="Layers, one per line")
    stack.fill("conv 8 5x5\nconv 8 5x5")
    stack.press("Control+Enter")
    settle(page)
    expect(field_summary(page)).to_contain_text("a 9x9 field")
    screenshot(page, "receptive-edited-stack")


def test_a_student_works_through_ten_exercises_and_opens_one_on_its_page(page, app_url):
    exercises = exercise_set(5, 10)
    computed = next(i for i, item in enumerate(exercises) if item.kind == "One output value")
    open_page(page, app_url, "convolution")  # seen first with other settings, in the same session
    page.get_by_role("link", name=re.compile("Practice")).click()
    settle(page)
    set_number = page.get_by_role("spinbutton", name="Set number")
    set_number.fill("5")
    set_number.press("Enter")
    settle(page)
    verdicts = page.locator("[data-testid='stAlert']").filter(has_text=re.compile("Right:|Not quite"))
    for index, item in enumerate(exercises):
        right = index % 2 == 0
        box = page.get_by_label("Your answer").nth(index)
        box.fill(item.answer_text if right else " ".join(f"{value + 1:g}" for value in item.answer))
        page.get_by_role("button", name="Check").nth(index).click()
        expect(verdicts).to_have_count(index + 1)  # this answer's verdict is in before the next
    expect(verdicts.filter(has_text="Right:")).to_have_count(5)
    # the score counts the ten generated exercises and the chapter's four review questions
    expect(page.get_by_test_id("stMetric").nth(1)).to_contain_text("5 of 14")
    screenshot(page, "practice-answered")

    page.get_by_text("Worked solution", exact=True).nth(computed).click()
    page.get_by_role("link", name=re.compile("Open this on the")).first.click()
    settle(page)
    expect(page).to_have_url(re.compile("/convolution\\?"))
    answer = re.escape(exercises[computed].answer_text)
    expect(arithmetic(page)).to_have_text(re.compile(rf"= {answer}$"))  # the exercise's own numbers
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("could not be used").count() == 0
    screenshot(page, "practice-opened-on-convolution")


def test_the_output_downloads_as_csv_with_the_engines_numbers(page, app_url):
    # 1 2 3 / 4 5 6 / 7 8 9 under the kernel 1 2 / 3 4 plus 0.5: out[0, 0] = 1 + 2·2 + 3·4 + 4·5 + 0.5
    link = "src=typed&grid=1+2+3%3B4+5+6%3B7+8+9&kpreset=custom&kernel=1+2%3B3+4&bias=0.5"
    open_page(page, app_url, "convolution", link)
    with page.expect_download() as download:
        page.get_by_role("button", name="Output as CSV").click()
    assert Path(download.value.path()).read_text() == "37.5,47.5\n67.5,77.5\n"


@pytest.mark.parametrize(
    ("path", "tab", "grids"),
    [("backprop", "Pooling", 0), ("backprop", "Fan-out", 3), ("transposed", "As a gradient", 2)],
)
def test_a_tab_opened_is_in_the_link_and_its_grids_are_drawn(page, app_url, path, tab, grids):
    open_page(page, app_url, path)
    page.get_by_role("tab", name=tab).click()
    page.wait_for_url(re.compile(r"[?&]tab=" + re.escape(urllib.parse.quote_plus(tab))), timeout=30_000)
    images = page.locator("img[data-grid]")
    expect(images).to_have_count(grids, timeout=30_000)
    page.wait_for_function(  # each SVG image decoded at its own size: the browser could parse it
        "() => [...document.querySelectorAll('img[data-grid]')].every(i => i.complete && i.naturalWidth > 0)",
        timeout=30_000,
    )
    page.reload()
    settle(page)
    expect(page.get_by_role("tab", name=tab)).to_have_attribute(
        "aria-selected", "true"
    )  # the link reopens it
