"""Image mode on the Convolution page: switching to a picture gives it a size that shows it."""


def test_switching_to_a_picture_sets_64x64(open_page):
    at = open_page("convolution")
    assert at.number_input(key="h").value == 7
    at = at.radio(key="src").set_value("image").run()
    assert not at.exception
    assert (at.number_input(key="h").value, at.number_input(key="w").value) == (64, 64)
    assert at.query_params["h"] == "64"  # and the link says so
