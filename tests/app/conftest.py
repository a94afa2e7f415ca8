"""AppTest helpers: run a page of the real app, with URL parameters, as a person would open it."""

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.registry import PAGES

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = {page.url_path: page.path for page in PAGES}


PLAIN = re.compile(r'<pre class="cl-plain">(.*)</pre>', re.S)
GRID_TITLE = re.compile(r'<img [^>]*?data-grid="([^"]*)"')


def blocks(at: AppTest) -> list[str]:
    """The text of each preformatted block (ui/plain.py) on the page, in order, as a student reads it."""
    return [
        html.unescape(found[1])
        for element in at.get("html")
        if (found := PLAIN.fullmatch(element.proto.body))
    ]


def grid_titles(at: AppTest) -> list[str]:
    """The title of each still grid (viz/grid_svg.py) on the page, in order."""
    return [html.unescape(t) for element in at.get("html") for t in GRID_TITLE.findall(element.proto.body)]


def run_with_link(at: AppTest, params: dict[str, str]) -> AppTest:
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture
def open_page():
    """open_page("convolution", h="5") -> an AppTest that ran the page once with those URL values."""

    def run(page: str, **params: str) -> AppTest:
        return run_with_link(AppTest.from_file(str(ROOT / SCRIPTS[page]), default_timeout=30), params)

    return run


@pytest.fixture
def open_in_app():
    """open_in_app("practice", set="3") -> the whole app (navigation, sidebar frame) on that page.
    Needed where a page links to others: st.page_link only knows pages st.navigation declared."""

    def run(page: str, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()  # pages are registered
        at.switch_page(SCRIPTS[page])
        return run_with_link(at, params)

    return run
