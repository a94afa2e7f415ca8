"""The Network page in headless Chromium: a digit drawn with the mouse is read by the network,
and a click on an activation explains it. Screenshots at a phone's and a desktop's width."""

import pytest
from playwright.sync_api import expect

from lessons import network
from tests.browser.conftest import SCREENSHOTS, screenshot, settle
from viz.network_figure import layout

pytestmark = pytest.mark.browser

OVERVIEW = "[data-testid='network-overview'] .cl-overview-layout >> visible=true"


def cell_on_screen(page, layer, k, r, c):
    """The page coordinates of the middle of cell (r, c) of map k of `layer` in the overview's
    picture as the browser shows it (the layout its width chose, scaled to the column)."""
    shown = page.locator(OVERVIEW)
    which = shown.get_attribute("data-layout")
    grid = layout(which, network.OVERVIEW_SHAPES)
    block = next(b for b in grid.blocks if b.layer == layer and b.k in (-1, k))
    x, y, w, h = block.rect(k, r, c)
    box = shown.locator("img").bounding_box()
    scale = box["width"] / grid.width
    return box["x"] + (x + w / 2) * scale, box["y"] + (y + h / 2) * scale


def open_network(page, app_url, query=""):
    page.goto(f"{app_url}/network{'?' + query if query else ''}")
    settle(page)
    page.wait_for_selector(OVERVIEW, timeout=60_000)
    settle(page)


def summary(page):
    return page.get_by_text("reads a", exact=False).first


def test_a_digit_drawn_with_the_mouse_is_read_as_the_network_sees_it(page, app_url):
    open_network(page, app_url, "nsrc=drawn")
    canvas = page.locator("[data-testid='network-canvas']")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    x = box["x"] + box["width"] * 0.5
    page.mouse.move(x, box["y"] + box["height"] * 0.15)
    page.mouse.down()
    for t in range(1, 21):  # a vertical stroke: a one
        page.mouse.move(x + t * 0.4, box["y"] + box["height"] * (0.15 + 0.035 * t))
    page.mouse.up()
    settle(page)
    expect(canvas).to_have_attribute("data-strokes", "1")
    expect(page.get_by_text("As the network sees it", exact=False).first).to_be_visible(timeout=30_000)
    expect(summary(page)).to_contain_text("reads a 1 with probability")
    expect(page.get_by_text("The digit is a", exact=False)).to_have_count(0)  # no label for a drawing
    screenshot(page, "network-drawn")


def test_clicking_an_activation_explains_it_and_links_it(page, app_url):
    open_network(page, app_url)
    expect(page.locator("pre.cl-plain").first).to_contain_text("C1[0, 14, 14]")
    page.locator(OVERVIEW).scroll_into_view_if_needed()
    x, y = cell_on_screen(page, "S2", 0, 3, 3)
    page.mouse.click(x, y)
    settle(page)
    expect(page.locator("pre.cl-plain").first).to_contain_text("S2[0, 3, 3] = mean of C1 map 0")
    assert "layer=S2" in page.url
    expect(page.locator(".cl-surface").first).to_be_visible()
    expect(page.get_by_text("Open this computation on the Pooling page")).to_be_visible()
    page.get_by_text("How S2 map 0, cell (3, 3) was computed").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "network-cell.png")


@pytest.mark.parametrize("width", [390, 820, 1400])
def test_the_network_page_at_a_phone_a_tablet_and_a_desktop_width(page, app_url, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_network(page, app_url, "digit=7&layer=C3&ch=2&row=4&col=5")
    assert page.locator("[data-testid='stException']").count() == 0
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width + 1, f"the page scrolls sideways: {wide} px in {width}"
    shown = page.locator(OVERVIEW)
    expect(shown).to_have_attribute("data-layout", "wide" if width >= 1400 else "narrow")
    picture = shown.locator("img")
    expect(picture).to_have_js_property("complete", True)
    box = picture.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"the overview spans {box} in {width} px"
    natural = picture.evaluate("img => img.naturalHeight / img.naturalWidth")
    assert box["height"] / box["width"] == pytest.approx(natural, rel=0.01)  # drawn in proportion
    for title in ("input", "C1", "S4", "output"):  # every column's title inside the picture's width
        label = shown.get_by_text(title, exact=True).bounding_box()
        assert box["x"] - 1 <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"] + 1
    x, y = cell_on_screen(page, "C3", 2, 4, 5)  # the selected cell's outline is where it is drawn
    outline = shown.locator(".cl-overview-outline").bounding_box()
    assert outline["x"] <= x <= outline["x"] + outline["width"]
    assert outline["y"] <= y <= outline["y"] + outline["height"]
    bars = page.locator("[data-testid='network-overview'] .cl-overview-bars")
    expect(bars).to_contain_text("Probabilities")
    chart = bars.bounding_box()
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= width
    label = bars.get_by_text("100.0%").bounding_box()  # digit 7 is an 8 read at 100.0%
    assert label["x"] + label["width"] <= chart["x"] + chart["width"] + 1
    screenshot(page, f"network-{width}")
    page.get_by_text("How C3 map 2, cell (4, 5) was computed").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"network-cell-{width}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


def test_training_in_the_browser_draws_the_gradient_norms(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_network(page, app_url, "net=deep+residual&tsteps=3")
    page.get_by_role("button", name="Train 3 steps").click()
    settle(page)
    expect(page.get_by_text("3 steps, last loss", exact=False)).to_be_visible(timeout=30_000)
    # the page's first Plotly chart: plotly.js loads now (the overview and probabilities are not Plotly)
    expect(page.get_by_text("Gradient norm of each layer's weights")).to_be_visible(timeout=30_000)
    page.get_by_text("Gradient norm of each layer's weights").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "network-training.png")


def test_an_epoch_runs_chunk_after_chunk_to_the_end_with_a_progress_bar(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_network(page, app_url, "net=deep+residual")  # the cheapest network: 125 steps in seconds
    page.get_by_role("button", name="Train one epoch").click()
    expect(page.locator("[data-testid='stProgress']").first).to_contain_text("Epoch 1: batch", timeout=30_000)
    expect(page.get_by_text("125 steps, 1 epoch,", exact=False)).to_be_visible(timeout=120_000)
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    expect(page.locator("[data-testid='stProgress']").first).to_contain_text("125 of 125")
    title = page.get_by_text("Held-out digit 0: stem's maps after 125 steps")
    expect(title).to_be_visible()
    title.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "network-epoch.png")


@pytest.mark.parametrize("width", [390, 1400])
def test_a_c5_activations_link_opens_its_16_channel_window_on_the_volumes_page(page, app_url, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_network(page, app_url, "digit=31&layer=C5&ch=7")
    shown = page.locator("pre.cl-plain").first.inner_text().splitlines()[1].rsplit("= ", 1)[1]
    link = page.get_by_text("Open this computation on the Volumes page")
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url("**/volumes?**", timeout=30_000)
    settle(page)
    expect(page.locator("pre.cl-plain").first).to_contain_text("channel 15:", timeout=30_000)
    assert page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count() == 0
    last = page.locator("pre.cl-plain").first.inner_text().strip().splitlines()[-1]
    assert last.startswith("out[0, 0, 0] = ")
    assert float(last.rsplit("= ", 1)[1]) == pytest.approx(float(shown), rel=5e-3, abs=5e-4)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    screenshot(page, f"volumes-from-network-{width}")
