"""Still grids as SVG: every cell drawn where it belongs, every value the engine's, coloured on
the theme's scales, and no text ever read as markup."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import unquote

import numpy as np

from text.numbers import format_number
from viz.grid_svg import cell_colours, grids_html
from viz.theme import DIVERGING, ROLE_COLOURS, SEQUENTIAL, theme_for

SCREEN = theme_for(False)
SVG = "{http://www.w3.org/2000/svg}"
URI = "data:image/svg+xml,"


def figures(html: str) -> list[ET.Element]:
    """The SVG of each matrix's image (the markup must be well-formed to parse at all)."""
    images = list(ET.fromstring(html).iter("img"))
    assert all(image.get("src").startswith(URI) for image in images)
    return [ET.fromstring(unquote(image.get("src").removeprefix(URI))) for image in images]


def every(svg: ET.Element, tag: str) -> list[ET.Element]:
    return list(svg.iter(SVG + tag))


def printed(svg: ET.Element) -> dict[tuple[int, int], str]:
    """(row, col) -> the value printed in that cell, read from where the text sits."""
    values = next(g for g in every(svg, "g") if g.get("dominant-baseline") == "central")
    return {
        (int(float(t.get("y")) - 0.5), int(float(t.get("x")) - 0.5)): t.text or ""
        for t in values.iter(SVG + "text")
    }


def test_every_cell_prints_the_engine_value_in_its_own_place():
    values = np.array([[0.5, -1.25, 3.0], [12.0, 0.0, -0.125]])
    (svg,) = figures(grids_html([("Output Y", "output", values)], SCREEN))
    assert printed(svg) == {(r, c): format_number(values[r, c]) for r in range(2) for c in range(3)}
    cells = {
        tuple(map(int, rect.get("data-cell").split(",")))
        for rect in every(svg, "rect")
        if rect.get("data-cell")
    }
    assert cells == {(r, c) for r in range(2) for c in range(3)}
    rect = next(r for r in every(svg, "rect") if r.get("data-cell") == "1,2")
    assert (rect.get("x"), rect.get("y")) == ("2", "1")  # column across, row down


def test_matrices_side_by_side_keep_their_order_titles_and_roles():
    html = grids_html(
        [("dL/d(padded input)", "gradient", np.ones((4, 4))), ("dL/dX", "input", np.ones((2, 2)))], SCREEN
    )
    captions = [figure[0] for figure in ET.fromstring(html)]
    titles = [(caption.text, caption.get("style").split(";")[0]) for caption in captions]
    assert titles == [
        ("dL/d(padded input)", f"color:{ROLE_COLOURS['gradient']}"),
        ("dL/dX", f"color:{ROLE_COLOURS['input']}"),
    ]
    frames = [every(svg, "rect")[-1].get("stroke") for svg in figures(html)]  # each grid framed in its role
    assert frames == [ROLE_COLOURS["gradient"], ROLE_COLOURS["input"]]
    alts = [image.get("alt") for image in ET.fromstring(html).iter("img")]
    assert alts == ["dL/d(padded input) (4x4)", "dL/dX (2x2)"]


def test_colours_follow_the_theme_scales():
    signed = cell_colours(np.array([[-4.0, 0.0, 4.0]]))
    assert signed == [[DIVERGING[0][1], DIVERGING[2][1], DIVERGING[-1][1]]]
    plain = cell_colours(np.array([[0.0, 9.0]]))
    assert plain == [[SEQUENTIAL[0][1], SEQUENTIAL[-1][1]]]
    assert cell_colours(np.array([[np.nan, 1.0]]))[0][0] == ""  # no value, no cell


def test_classroom_mode_prints_every_value_up_to_16x16():
    values = np.arange(16 * 16.0).reshape(16, 16)
    (svg,) = figures(grids_html([("output", "output", values)], theme_for(True)))
    assert len(printed(svg)) == 256 and printed(svg)[(15, 15)] == format_number(255.0)


def test_a_grid_too_wide_to_read_is_drawn_without_its_numbers():
    wide = np.arange(20 * 20.0).reshape(20, 20)
    (svg,) = figures(grids_html([("input", "input", wide)], SCREEN))
    assert sum(1 for rect in every(svg, "rect") if rect.get("data-cell")) == 400
    assert not any(g.get("dominant-baseline") == "central" for g in every(svg, "g"))


def test_highlighted_cells_are_outlined_where_they_are():
    html = grids_html(
        [("Kernel", "kernel", np.zeros((3, 3)))], SCREEN, highlights=[np.array([[0, 2], [1, 1]])]
    )
    (svg,) = figures(html)
    outlined = next(g for g in every(svg, "g") if g.get("stroke") == ROLE_COLOURS["highlight"])
    corners = [(float(r.get("y")), float(r.get("x"))) for r in outlined.iter(SVG + "rect")]
    assert corners == [(0.06, 2.06), (1.06, 1.06)]


def test_titles_are_text_never_markup():
    title = "<script>alert(1)</script> **bold** <img src=x onerror=alert(1)> $x^2$"
    html = grids_html([(title, "output", np.ones((2, 2)))], SCREEN)
    (figure,) = ET.fromstring(html)
    assert figure[0].text == title and not list(figure[0])  # the caption: the title as text, nothing else
    (image,) = ET.fromstring(html).iter("img")
    assert image.get("alt") == f"{title} (2x2)" and image.get("data-grid") == title
    (svg,) = figures(html)
    assert not list(ET.fromstring(html).iter("script")) and not every(svg, "script") and not every(svg, "img")
