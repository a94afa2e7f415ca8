"""Control change to settled page, in headless Chromium, as a ratio to a bare page.

Run: python benchmarks/browser_latency.py [repeats]
Starts two Streamlit servers on loopback (ConvLab, and benchmarks/bare_page.py with one slider
and one 7x7 heatmap), then times, in the same browser: key press -> Plotly has the new
figure -> two animation frames painted. Target (DESIGN section 7): median ratio <= 1.5.
"""

from __future__ import annotations

import statistics
import sys
import time

from playwright.sync_api import sync_playwright

from hosting.server import running

SETTLED = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


REMEMBER = "() => { window.__figure = document.querySelector('.js-plotly-plot').data; }"
REPLACED = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    return gd && gd.data && gd.data !== window.__figure;
}"""


def time_changes(page, url: str, focus: str, key: str, repeats: int) -> list[float]:
    """Seconds from each key press on `focus` until the figure the rerun sent is painted.

    Streamlit's running/notRunning flag can skip a quick rerun (React batches it), so the end
    of a change is when Plotly has been handed the new figure's data, plus two painted frames.
    """
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.wait_for_selector(SETTLED)
    times = []
    for _ in range(repeats + 1):  # the first change warms the caches up and is not counted
        page.evaluate(REMEMBER)
        start = time.perf_counter()
        page.locator(focus).first.press(key)
        page.wait_for_function(REPLACED, timeout=60_000, polling="raf")
        page.evaluate(PAINTED)
        times.append(time.perf_counter() - start)
        page.wait_for_selector(SETTLED)
    return times[1:]


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with running("benchmarks/bare_page.py") as bare, running("app.py") as convlab, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        reference = time_changes(page, bare, "[data-testid='stSlider'] input", "ArrowRight", repeats)
        bias = "[data-testid='stNumberInput'] input[aria-label='Bias b']"
        convolution = time_changes(page, f"{convlab}/convolution", bias, "ArrowUp", repeats)
        big = time_changes(page, f"{convlab}/convolution?h=32&w=32", bias, "ArrowUp", repeats)
        browser.close()
    base = statistics.median(reference)
    print(f"{'page':46} {'median ms':>10} {'p90 ms':>8} {'ratio':>7}")
    for name, times in [
        ("bare page: slider + 7x7 heatmap", reference),
        ("Convolution, 7x7 (change the bias)", convolution),
        ("Convolution, 32x32 (change the bias)", big),
    ]:
        median = statistics.median(times)
        p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        print(f"{name:46} {median * 1e3:10.0f} {p90 * 1e3:8.0f} {median / base:7.2f}")


if __name__ == "__main__":
    main()
