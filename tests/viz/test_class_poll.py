import plotly.graph_objects as go

from viz.class_poll import RIGHT, UNMARKED, WRONG, poll_histogram

ANSWERS = [("5x5", True, 12), ("7x7", False, 3), ("(5, 7)", False, 1)]


def test_the_histogram_is_a_valid_plotly_figure_with_one_bar_per_answer_most_given_first():
    spec = poll_histogram(ANSWERS, marked=True)
    go.Figure(spec)  # raises on anything Plotly's schema does not know
    bar = spec["data"][0]
    assert bar["y"] == ["5x5", "7x7", "(5, 7)"] and bar["x"] == [12, 3, 1]
    assert bar["marker"]["color"] == [RIGHT, WRONG, WRONG]
    assert bar["text"] == ["12 ✓", "3 ✗", "1 ✗"]
    assert spec["layout"]["xaxis"]["dtick"] == 3  # whole answers, never half a student


def test_right_and_wrong_stay_grey_until_the_instructor_shows_them():
    spec = poll_histogram(ANSWERS, marked=False)
    assert spec["data"][0]["marker"]["color"] == [UNMARKED] * 3
    assert spec["data"][0]["text"] == ["12", "3", "1"]
    assert poll_histogram([("4", True, 1)], marked=False)["layout"]["xaxis"]["dtick"] == 1
