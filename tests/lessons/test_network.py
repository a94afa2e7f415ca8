"""The Network lesson: the shipped LeNet-5s read held-out digits, every activation's arithmetic
matches the map it explains, drawings are centred as MNIST's digits, training learns."""

import base64
import io

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from engine.ops.conv import conv2d
from lessons import network, network_cell
from lessons.network_training import TrainingRun
from settings.conv import ConvSettings
from settings.fields import read_link
from settings.input import InputSettings
from settings.kernel import KernelSettings
from settings.network import NetworkSettings
from settings.pool import PoolSettings
from settings.volume import VolumeSettings
from text.numbers import format_number, parse_grid
from viz.network_figure import digit_figure
from viz.training_figure import filters_figure, gradient_figure, loss_figure, maps_figure


@pytest.mark.parametrize("model", ["tanh", "relu"])
def test_the_shipped_lenet_reads_held_out_digits_as_their_labels(model):
    _, labels = network.held_out()
    right = 0
    for digit in range(20):
        view = network.build(NetworkSettings(model=model, digit=digit))
        assert view.label == labels[digit]
        assert view.probabilities.sum() == pytest.approx(1.0)
        right += view.predicted == view.label
    assert right >= 19


def test_every_layer_is_shown_with_lenets_shapes():
    view = network.build(NetworkSettings())
    shapes = {name: values.shape for name, values in view.maps}
    assert shapes == network.SHAPES


def picture(view, which):
    src = next(shown["src"] for shown in view.overview["layouts"] if shown["name"] == which)
    assert src.startswith("data:image/png;base64,")
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGB"))


DIVERGING_ENDS = {"low": (0x8C, 0x51, 0x0A), "high": (0x01, 0x66, 0x5E)}  # viz.theme's brown and teal


@pytest.mark.parametrize("which", ["wide", "narrow"])
def test_the_overview_shows_each_layers_extremes_where_a_click_names_them(which):
    view = network.build(NetworkSettings(model="relu", digit=12))
    pixels = picture(view, which)
    (shown,) = [s for s in view.overview["layouts"] if s["name"] == which]
    assert pixels.shape == (shown["height"], shown["width"], 3)
    named = 0
    for layer, values in view.maps:
        scale = np.abs(values).max()
        for end, index in (("low", values.argmin()), ("high", values.argmax())):
            k, r, c = (int(i) for i in np.unravel_index(index, values.shape))
            if abs(values[k, r, c]) != scale:
                continue  # only the extreme of the larger side takes the scale's end colour
            hits = {
                network.cell_of_click(which, x, y)
                for y in range(pixels.shape[0])
                for x in range(pixels.shape[1])
                if tuple(pixels[y, x]) == DIVERGING_ENDS[end]
            }
            assert (layer, k, r, c) in hits  # the cell drawn in the end colour is the one a click names
            named += 1
    assert named == len(view.maps)


def test_clicks_between_maps_and_on_the_input_name_no_activation():
    assert network.cell_of_click("wide", 0, 0) is None
    assert network.cell_of_click("wide", 20, 200) is None  # the input has no arithmetic
    assert network.cell_of_click("sideways", 200, 200) is None
    outline = network.build(NetworkSettings(layer="output", channel=9)).overview["layouts"][0]["outline"]
    assert network.cell_of_click("wide", outline[0] + 1, outline[1] + 1) == ("output", 9, 0, 0)


@pytest.mark.parametrize(
    ("layer", "k", "r", "c"),
    [("C1", 2, 10, 12), ("S2", 5, 7, 3), ("C3", 9, 4, 6), ("S4", 15, 2, 2), ("C5", 77, 0, 0)],
)
def test_the_animated_step_computes_the_clicked_activation(layer, k, r, c):
    settings = NetworkSettings(model="relu", digit=3, layer=layer, channel=k, row=r, col=c)
    view, cell = network.build(settings), network_cell.explain(settings)
    value = dict(view.maps)[layer][k, r, c]
    assert cell.payload is not None
    assert cell.arithmetic.rstrip().endswith(format_number(value, 4))
    assert cell.step == r * dict(view.maps)[layer].shape[2] + c


def test_a_c1_activation_links_its_exact_window_and_filter_to_the_convolution_page():
    cell = network_cell.explain(NetworkSettings(layer="C1", channel=4, row=11, col=9))
    weight = network.trained("tanh").layers[0].weight[4, 0]
    assert cell.link_page == "convolution"
    assert np.allclose(parse_grid(cell.link["kernel"], "kernel", (5, 5)), weight, atol=1e-4)
    window = parse_grid(cell.link["grid"], "input", (5, 5))
    image, _ = network.digit_image(NetworkSettings())
    assert np.allclose(window, image[11:16, 9:14], atol=1e-4)


def test_a_c1_links_settings_recomputed_by_the_engine_give_the_activations_sum():
    settings = NetworkSettings(layer="C1", channel=2, row=10, col=12)
    cell = network_cell.explain(settings)
    inputs = InputSettings.from_values(read_link(InputSettings, cell.link))
    kernel = KernelSettings.from_values(read_link(KernelSettings, cell.link))
    assert ConvSettings.from_values(read_link(ConvSettings, cell.link)) == ConvSettings()
    window = parse_grid(inputs.typed, "input", (5, 5))
    weights = parse_grid(kernel.text, "kernel", (5, 5))
    before = float(conv2d(window[None], weights[None, None], [kernel.bias])[0, 0, 0])
    image, _ = network.digit_image(settings)
    C1 = network.trained("tanh").layers[0]
    exact = float((image[10:15, 12:17] * C1.weight[2, 0]).sum() + C1.bias[2])
    assert before == pytest.approx(exact, abs=0.01)  # the bias travels at 2 decimals


def test_a_pooled_activation_links_its_window_to_the_pooling_page():
    settings = NetworkSettings(model="relu", layer="S4", channel=1, row=1, col=2)
    cell = network_cell.explain(settings)
    pool = PoolSettings.from_values(read_link(PoolSettings, cell.link))
    assert cell.link_page == "pooling" and (pool.kind, pool.kernel_h, pool.kernel_w) == ("max", 2, 2)
    window = parse_grid(InputSettings.from_values(read_link(InputSettings, cell.link)).typed, "input", (2, 2))
    value = dict(network.build(settings).maps)["S4"][1, 1, 2]
    assert float(window.max()) == pytest.approx(value, abs=1e-4)


@pytest.mark.parametrize(
    ("layer", "k", "r", "c"), [("C3", 2, 4, 5), ("C3", 15, 9, 0), ("C5", 7, 0, 0), ("C5", 119, 0, 0)]
)
def test_a_many_channel_activations_link_carries_its_window_and_filter_to_the_volumes_page(layer, k, r, c):
    settings = NetworkSettings(model="tanh", digit=9, layer=layer, channel=k, row=r, col=c)
    cell = network_cell.explain(settings)
    assert cell.link_page == "volumes"
    volume = VolumeSettings.from_values(read_link(VolumeSettings, cell.link))
    assert volume.source == "typed" and volume.with_bias
    assert ConvSettings.from_values(read_link(ConvSettings, cell.link)) == ConvSettings()
    window, weights, bias = volume.typed_values()
    index = {"C3": 3, "C5": 6}[layer]
    below = {"C3": "S2", "C5": "S4"}[layer]
    conv = network.trained("tanh").layers[index]
    exact = dict(network.build(settings).maps)[below][:, r : r + 5, c : c + 5]
    digits = int(cell.link_note.split("rounded to ")[1].split()[0])
    assert window.shape == exact.shape == weights.shape[1:] == (conv.weight.shape[1], 5, 5)
    assert np.abs(window - exact).max() <= 0.5 * 10**-digits + 1e-12  # rounded, not cut
    assert np.abs(weights[0] - conv.weight[k]).max() <= 0.5 * 10**-digits + 1e-12
    assert abs(bias - conv.bias[k]) <= 0.5 * 10**-digits + 1e-12
    # the sum those values give is the activation's, read back through tanh, to the 4 digits shown
    before = float(conv2d(window, weights, [bias])[0, 0, 0])
    activation = dict(network.build(settings).maps)[layer][k, r, c]
    shown = cell.arithmetic.splitlines()[1].rsplit("= ", 1)[1]
    assert format_number(before, 4) == shown
    assert float(shown) == pytest.approx(np.arctanh(activation), rel=1e-3, abs=1e-3)
    assert len("&".join(f"{key}={value}" for key, value in cell.link.items())) < 12_000


def test_a_cell_outside_the_layer_is_brought_inside_it():
    assert network.selected_cell(NetworkSettings(layer="C5", channel=3, row=14, col=14)) == ("C5", 3, 0, 0)
    cell = network_cell.explain(NetworkSettings(layer="output", channel=119))
    assert cell.title == "output unit 9" and cell.payload is None


def test_a_drawing_is_scaled_to_20_pixels_and_centred_in_32():
    drawing = np.zeros((28, 28), dtype=np.uint8)
    drawing[2:8, 20:23] = 255  # a small stroke in a corner
    pixels = np.array(network.preprocess_drawing(drawing)).reshape(32, 32)
    rows = np.flatnonzero(pixels.max(1))
    assert rows[-1] - rows[0] + 1 in (20, 21)
    cy = (np.arange(32)[:, None] * pixels).sum() / pixels.sum()
    assert abs(cy - 15.5) < 1.0


def test_an_empty_drawing_says_so():
    with pytest.raises(ValueError, match="empty"):
        network.preprocess_drawing(np.zeros((28, 28), dtype=np.uint8))


def test_training_from_a_seeded_start_lowers_the_loss_and_records_every_layers_gradient():
    run = TrainingRun("LeNet-5 tanh", 0)
    run.train(10)
    run.train(10)
    assert list(run.grad_norms) == ["C1", "C3", "C5", "F6", "output"]
    assert all(len(norms) == 20 for norms in run.grad_norms.values())
    assert np.mean(run.losses[-5:]) < np.mean(run.losses[:5])
    again = TrainingRun("LeNet-5 tanh", 0)
    again.train(10)
    assert again.losses == run.losses[:10]  # the seed fixes the start and the batches


def test_every_network_spec_is_valid_plotly():
    view = network.build(NetworkSettings(layer="S2", channel=1))
    run = TrainingRun("deep residual", 1)
    run.train(2)
    for spec in (
        digit_figure(tuple(range(256)) * 4),
        loss_figure(run.losses, run.accuracy, 0),
        gradient_figure(run.grad_norms, 0),
        filters_figure(run.first_filters()),
        maps_figure(run.first_maps(view.image), "maps"),
    ):
        go.Figure(spec)


def test_an_epoch_reads_every_training_digit_once_then_ends(monkeypatch):
    from lessons import network_training

    monkeypatch.setattr(network_training, "epoch_batches", lambda: 3)
    run = TrainingRun("deep plain", seed=1)
    run.start_epoch()
    assert run.epoch_order is not None
    order = run.epoch_order.copy()
    assert order.shape == (3, network_training.BATCH) and len(set(order.ravel())) == order.size
    run.train(2, measure=False)
    assert (run.epoch_left, run.epochs) == (1, 0)
    run.train(1)
    assert (run.epoch_left, run.epochs, run.steps) == (0, 1, 3)
    run.train(1)  # after the epoch, random batches again
    assert (run.epochs, run.steps) == (1, 4)


def test_the_epoch_has_every_training_digit_in_batches_of_32():
    from lessons import network_training

    assert network_training.epoch_batches() == 4_000 // 32


def test_the_first_layers_maps_of_a_digit_follow_the_weights_as_they_train():
    image, _ = network.digit_image(NetworkSettings(digit=5))
    run = TrainingRun("LeNet-5 ReLU", 2)
    before = run.first_maps(image)
    assert run.first_layer == "C1" and before.shape == (6, 28, 28)
    C1 = run.model.layers[0]
    expected = np.maximum(0, (image[3:8, 7:12] * C1.weight[4, 0]).sum() + C1.bias[4])
    assert before[4, 3, 7] == pytest.approx(expected)
    run.train(3, measure=False)
    assert not np.allclose(run.first_maps(image), before)  # the maps change as C1 learns
    spec = maps_figure(run.first_maps(image), "t")
    assert len(spec["data"]) == 6 and spec["data"][0]["zmin"] == -spec["data"][0]["zmax"]
    deep = TrainingRun("deep plain", 0)
    assert deep.first_layer == "stem" and deep.first_maps(image).shape == (4, 32, 32)
