"""Every page, opened with a link whose every value is malformed or hostile: no traceback, a
message that names what was wrong, and a page that still answers its controls."""

import re

import pytest

from settings.registry import url_keys
from ui.registry import PAGES

HOSTILE = {
    "wrong type": "abc",
    "huge": "9" * 40,
    "negative": "-7",
    "not a number": "nan",
    "overflow": "1e309",
    "long": "x" * 5000,
    "markup": "<script>alert(1)</script><img src=x onerror=alert(2)>",
}


def test_the_declarations_are_found():
    assert {"kpreset", "kernel", "sh", "stack", "set", "classroom", "p_kind", "step"} <= url_keys()


KEYS = sorted(url_keys())


def explained(at) -> bool:
    """A notice naming the link's unusable values, or an error box saying what does not work."""
    notices = " ".join(info.value for info in at.info)
    return "could not be used" in notices or any(error.value.startswith("**") for error in at.error)


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("page", [page.url_path for page in PAGES])
def test_a_hostile_link_is_explained_and_the_page_still_works(open_in_app, page, kind):
    at = open_in_app(page, **dict.fromkeys(KEYS, HOSTILE[kind]))
    assert not at.exception, at.exception
    assert explained(at)
    if kind == "markup":  # quoted in code spans, which show text and never render HTML
        assert re.search(r"`\w+=<script>", " ".join(info.value for info in at.info))
    assert at.title and at.sidebar.toggle(key="classroom") is not None  # the frame and the page are there
    at.sidebar.toggle(key="classroom").set_value(True).run()  # and it still answers a control
    assert not at.exception
