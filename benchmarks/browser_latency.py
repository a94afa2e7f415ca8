"""Control change to painted, and first visits, in headless Chromium, as ratios to a bare page.

Run: python -m benchmarks.browser_latency [repeats]
Starts two Streamlit servers on loopback (ConvLab, and benchmarks/bare_page.py with one slider
and one 7x7 heatmap), then times in the same browser:
- a control change: key press -> the new figure handed to the browser -> two frames painted
  (Plotly's data replaced on the bare page; the surface's output values replaced on ConvLab);
- a first visit: navigation -> the page's figures drawn, the script done -> two frames painted,
  the pages visited in turn, round after round
  (after one visit that warms the server's caches, as a class's first student does).
Targets (issue 15, DESIGN section 8): median ratios <= 1.5.
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
BIAS = "[data-testid='stNumberInput'] input[aria-label='Bias b']"

# What a change replaces: Plotly's data on the bare page, the surface's printed outputs on
# ConvLab. Looked up afresh at every poll (a rerun may replace the element), into shadow roots.
DEEP = (
    "function deep(sel, root) { root = root || document; const hit = root.querySelector(sel);"
    " if (hit) return hit; for (const el of root.querySelectorAll('*')) if (el.shadowRoot)"
    " { const found = deep(sel, el.shadowRoot); if (found) return found; } return null; }"
)
PLOTLY = (".js-plotly-plot", "el => el.data")
SURFACE = (".cl-surface [data-panel-svg='output'] .values", "el => el.textContent")
PAGES = ("convolution", "pooling", "volumes", "backprop", "transposed")
DRAWN = ".cl-surface [data-cell], .js-plotly-plot .main-svg"  # Playwright's selectors reach shadow roots


def time_changes(page, url: str, focus: str, key: str, watch: tuple[str, str], repeats: int) -> list[float]:
    """Seconds from each key press on `focus` until the figure the rerun sent is painted.

    Streamlit's running/notRunning flag can skip a quick rerun (React batches it), so the end
    of a change is when the browser holds the new figure, plus two painted frames.
    """
    selector, content = watch
    page.goto(url)
    page.wait_for_selector(selector, timeout=60_000)
    page.wait_for_selector(SETTLED)
    times = []
    read = f"() => {{ {DEEP} const el = deep({selector!r}); return el ? ({content})(el) : undefined; }}"
    for _ in range(repeats + 1):  # the first change warms the caches up and is not counted
        page.evaluate(f"() => {{ window.__figure = ({read})(); }}")
        start = time.perf_counter()
        page.locator(focus).first.press(key)
        page.wait_for_function(
            f"() => {{ const now = ({read})(); return now !== undefined && now !== window.__figure; }}",
            timeout=60_000,
            polling="raf",
        )
        page.evaluate(PAINTED)
        times.append(time.perf_counter() - start)
        page.wait_for_selector(SETTLED)
    return times[1:]


def time_visit(page, url: str) -> float:
    """Seconds from navigation to the page's figures drawn, its script done, and painted."""
    page.goto("about:blank")
    start = time.perf_counter()
    page.goto(url)
    page.locator(DRAWN).first.wait_for(timeout=60_000)
    page.wait_for_selector(SETTLED, timeout=60_000)
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=60_000)
    page.locator(DRAWN).first.wait_for(timeout=60_000)
    page.evaluate(PAINTED)
    return time.perf_counter() - start


def time_visits(page, urls: dict[str, str], repeats: int) -> dict[str, list[float]]:
    """Each named url's first-visit times, the urls taken in turn `repeats` times, so that a machine
    slowing down or speeding up during the run weighs on every page alike. A first round fills the
    server's caches and the browser's, and is not counted."""
    times: dict[str, list[float]] = {name: [] for name in urls}
    for round_ in range(repeats + 1):
        for name, url in urls.items():
            seconds = time_visit(page, url)
            if round_:
                times[name].append(seconds)
    return times


def report(rows: list[tuple[str, list[float]]], base: float) -> None:
    """Print each row's median and p90 in ms and its median as a ratio to `base`."""
    print(f"{'page':46} {'median ms':>10} {'p90 ms':>8} {'ratio':>7}")
    for name, times in rows:
        median = statistics.median(times)
        p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        print(f"{name:46} {median * 1e3:10.0f} {p90 * 1e3:8.0f} {median / base:7.2f}")


def main() -> None:
    """Time control changes and first visits on ConvLab and the bare page, and print the ratios."""
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with running("benchmarks/bare_page.py") as bare, running("app.py") as convlab, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        reference = time_changes(page, bare, "[data-testid='stSlider'] input", "ArrowRight", PLOTLY, repeats)
        changes = [
            ("bare page: slider + 7x7 heatmap", reference),
            (
                "Convolution, 7x7 (change the bias)",
                time_changes(page, f"{convlab}/convolution", BIAS, "ArrowUp", SURFACE, repeats),
            ),
            (
                "Convolution, 32x32 (change the bias)",
                time_changes(page, f"{convlab}/convolution?h=32&w=32", BIAS, "ArrowUp", SURFACE, repeats),
            ),
        ]
        urls = {"bare page": bare} | {name: f"{convlab}/{name}" for name in PAGES}
        visited = time_visits(page, urls, repeats)
        visits = [(f"{name}: first visit", times) for name, times in visited.items()]
        browser.close()
    report(changes, statistics.median(reference))
    print()
    report(visits, statistics.median(visited["bare page"]))


if __name__ == "__main__":
    main()
