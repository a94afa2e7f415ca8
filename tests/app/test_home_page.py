"""Home: it names the four chapters by title, never by our file numbers."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"


def test_home_names_the_four_chapters_by_title():
    at = AppTest.from_file(str(APP), default_timeout=30).run()  # Home is the default page
    assert not at.exception
    text = " ".join(c.value for c in at.caption)
    for title in (
        "“Convolutional Networks”",
        "“6. Convolutional Neural Networks”",
        "“§ 5. Convolutional Neural Networks”",
        "CS231n",
    ):
        assert title in text
    assert "seed 0" not in text.lower()
