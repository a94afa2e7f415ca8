"""Preformatted blocks show their text as text: markup in it is escaped, lines are kept."""

from streamlit.testing.v1 import AppTest

from tests.app.conftest import blocks


def show_block() -> None:
    from ui.plain import plain_block

    plain_block('out[0, 0] = 1·2 + 3\n<img src=x onerror="alert(1)"> **bold** $x$ &amp;')


def test_markup_in_a_block_is_shown_as_written():
    at = AppTest.from_function(show_block).run()
    (body,) = [element.proto.body for element in at.get("html")]
    assert "<img" not in body and "&lt;img src=x" in body  # escaped, so the browser draws no image
    assert blocks(at) == ['out[0, 0] = 1·2 + 3\n<img src=x onerror="alert(1)"> **bold** $x$ &amp;']


def show_table() -> None:
    from ui.plain import plain_table

    plain_table(
        [{"layer <b>": "**conv1**", "shape": "(3, 32, 32)"}, {"layer <b>": "<script>x</script>", "shape": ""}]
    )


def test_a_table_shows_its_text_as_written():
    at = AppTest.from_function(show_table).run()
    (body,) = [element.proto.body for element in at.get("html")]
    assert "<script>" not in body and "<b>" not in body  # escaped: the browser runs and bolds nothing
    assert "<th>layer &lt;b&gt;</th><th>shape</th>" in body
    assert (
        "<td>**conv1**</td><td>(3, 32, 32)</td>" in body and "<td>&lt;script&gt;x&lt;/script&gt;</td>" in body
    )
