"""Nothing a user sends renders as markup: link parameter names and values in the link notice,
stack lines and file names in error boxes are escaped or quoted in code spans."""

import re

import pytest

from ui.errors import code_span, plain

HOSTILE_TEXT = [
    "[sign in again](https://evil.example/login)",
    "![t](https://evil.example/pixel.png)",
    "$\\boxed{\\text{HACKED}}$",
    "<img src=x onerror=alert(1)>",
    "**bold** _em_ ~~gone~~",
    ":red[alert] :material/warning: &lt;b&gt;",
    "a`b``c` [x](y)",
    "line\n# heading\n- item",
]
MARKUP = re.compile(r"[\\`*\[\]<>&$~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|:(?=\S)")


def without_code_spans(markdown: str) -> str:
    """The Markdown outside inline code (CommonMark: a span closes at a run of equal length)."""
    return re.sub(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown)


def unescaped_markup(markdown: str) -> list[str]:
    """Markup characters that are neither escaped nor inside inline code."""
    outside = re.sub(r"\\.", "", without_code_spans(markdown))
    return MARKUP.findall(outside)


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_plain_text_escapes_every_markup_character_and_keeps_the_text(text):
    escaped = plain(text)
    assert unescaped_markup(escaped) == []
    assert re.sub(r"\\(.)", r"\1", escaped) == " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_a_code_span_cannot_be_closed_early(text):
    span = code_span(text)
    fence = re.match(r"`+", span).group()
    inside = span[len(fence) : -len(fence)]
    if inside.startswith(" ") and inside.endswith(" "):
        inside = inside[1:-1]
    assert span.endswith(fence) and fence not in inside
    assert inside == " ".join(text.split())


def test_ordinary_messages_read_unchanged():
    message = "layer 2 (conv 3x3 s1): output_padding must be smaller than the stride (1, 1)"
    assert plain(message) == message
