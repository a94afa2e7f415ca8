"""Links and stack lines written to draw on the page (a link, an image, HTML, LaTeX) are shown
as text: the link notice quotes parameter names in code spans, error boxes escape stack lines."""

import pytest

from tests.ui.test_errors import HOSTILE_TEXT, unescaped_markup


def markdown_of(at) -> list[str]:
    return [element.value for element in (*at.info, *at.error, *at.warning)]


@pytest.mark.parametrize("name", [*HOSTILE_TEXT[:4], "x` [sign in](https://evil.example) `"])
def test_a_hostile_parameter_name_is_quoted_as_code_in_the_link_notice(open_page, name):
    at = open_page("convolution", **{name: "1", "h": "5"})
    assert not at.exception
    notice = next(info.value for info in at.info if "could not be used" in info.value)
    assert unescaped_markup(notice.replace("**", "")) == []
    assert " ".join(name.split())[:40] in notice


@pytest.mark.parametrize("page", ["architectures", "receptive"])
@pytest.mark.parametrize("line", HOSTILE_TEXT[:4])
def test_a_hostile_stack_line_is_shown_as_text_in_the_error(open_page, page, line):
    at = open_page(page, stack=f"conv 8 3x3\nconv 8 3x3 {line}")
    assert not at.exception and at.error
    for markdown in markdown_of(at):
        assert unescaped_markup(markdown.replace("**", "")) == [], markdown
