"""The Network page in Chromium: a held-out digit changed to every activation painted (the
script settled, the overview's new picture decoded, two frames painted), against the Volumes
page's filter count changed (settled), on one server.

Run: python -m benchmarks.network_latency
Budget: <= 1 s on an idle machine; printed as a ratio to 1 s and to the Volumes page.
"""

from __future__ import annotations

import json
import statistics
import time

from playwright.sync_api import sync_playwright

from benchmarks.browser_latency import PAINTED
from hosting.server import running

SETTLED = "[data-testid='stApp'][data-test-script-state='notRunning']"
BUDGET_S = 1.0


# The overview's picture on show (the layout the width chose), once decoded: its data URL's tail.
PICTURE = (
    "() => { const all = []; const walk = (root) => { for (const el of root.querySelectorAll('*'))"
    " { if (el.matches('.cl-overview-layout img')) all.push(el); if (el.shadowRoot) walk(el.shadowRoot); } };"
    " walk(document); const img = all.find((el) => el.offsetWidth > 0);"
    " return img && img.complete && img.naturalWidth > 0 ? img.src.slice(-120) : ''; }"
)


def changes(page, url: str, path: str, label: str, values: list[str], picture: bool = False) -> list[float]:
    """Seconds from typing each of `values` into the box `label` on page `path` to the page
    settled (and, with `picture`, the overview's new picture decoded), then two frames painted."""
    page.goto(f"{url}/{path}")
    page.wait_for_selector(SETTLED, timeout=60_000)  # the page's first run
    page.wait_for_timeout(1_000)
    spent = []
    for value in values:
        box = page.get_by_label(label)
        box.fill(value)
        before = page.evaluate(PICTURE) if picture else ""
        start = time.perf_counter()
        box.press("Enter")
        if picture:
            changed = f"() => {{ const now = ({PICTURE})(); return now && now !== {json.dumps(before)}; }}"
            page.wait_for_function(changed, timeout=60_000, polling="raf")
        page.wait_for_timeout(50)  # the rerun starts
        page.wait_for_selector(SETTLED, timeout=60_000)
        page.evaluate(PAINTED)
        spent.append(time.perf_counter() - start)
    return spent


def main() -> None:
    """Print the median time to redraw after changing the Volumes filters and the Network digit."""
    with running("app.py") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        volumes = changes(page, url, "volumes", "Filters K", ["3", "1", "2", "3", "1"])
        digits = ["21", "22", "23", "24", "25"]
        network = changes(page, url, "network", "Held-out digit (0 to 999)", digits, picture=True)
        browser.close()
    v, n = statistics.median(volumes), statistics.median(network)
    print(f"Volumes filters changed, median {v:.2f} s")
    print(f"Network digit changed,   median {n:.2f} s: {n / BUDGET_S:.2f} x budget, {n / v:.2f} x Volumes")


if __name__ == "__main__":
    main()
