"""One real ConvLab server per test session, driven by Debian's headless Chromium."""

from pathlib import Path

import pytest

from hosting.server import running

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
SETTLED = "[data-testid='stApp'][data-test-script-state='notRunning']"


@pytest.fixture(scope="session")
def app_url():
    """One ConvLab server for the whole session."""
    with running("app.py") as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """pytest-playwright's launch settings: Debian's Chromium, no downloads, no background traffic."""
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1500, "height": 1100}}


def settle(page) -> None:
    """Wait until Streamlit has finished the rerun the last action started."""
    page.wait_for_timeout(150)  # let the rerun start: the state can read notRunning before it does
    page.wait_for_selector(SETTLED, timeout=60_000)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
