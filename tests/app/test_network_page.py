"""The Network page, as a person uses it: pick a digit, click an activation and follow its
link, train a few steps, open hostile links."""

import json
from urllib.parse import parse_qsl

import numpy as np
import pytest

from lessons import network
from tests.app.conftest import blocks
from viz.network_figure import layout


def summary(at):
    return next(m.value for m in at.markdown if "reads a" in m.value)


def arithmetic(at):
    return blocks(at)[0]


def links(at):
    return [(link.proto.page, link.proto.query_string) for link in at.get("page_link")]


@pytest.mark.parametrize(("model", "digit"), [("tanh", 0), ("tanh", 17), ("relu", 42)])
def test_picking_a_digit_shows_the_engines_prediction_and_probabilities(open_in_app, model, digit):
    at = open_in_app("network", model=model, digit=str(digit))
    assert not at.exception and not at.error
    _, labels = network.held_out()
    label = int(labels[digit])
    assert f"reads a {label} with probability" in summary(at)
    assert f"The digit is a {label}." in summary(at)
    bars = json.loads(at.get("bidi_component")[0].proto.json)["probabilities"]
    values = [bar["value"] for bar in bars]
    assert [bar["label"] for bar in bars] == [str(d) for d in range(10)]
    assert max(values) == values[label] and sum(values) == pytest.approx(1.0, abs=1e-3)
    assert [bar["predicted"] for bar in bars] == [d == label for d in range(10)]
    assert bars[label]["text"] == f"{values[label]:.1%}"


def test_clicking_an_activation_explains_it_and_puts_it_in_the_link(open_in_app):
    at = open_in_app("network")
    (block,) = [b for b in layout("narrow", network.OVERVIEW_SHAPES).blocks if (b.layer, b.k) == ("C3", 2)]
    x, y = block.x + 5 * block.cell_w + 1, block.y + 4 * block.cell_h + 2  # inside row 4, col 5
    at.session_state["overview"] = {"click": {"layout": "narrow", "x": x, "y": y, "t": 1}}
    at.run()
    assert at.selectbox(key="layer").value == "C3"
    assert (at.number_input(key="ch").value, at.number_input(key="row").value) == (2, 4)
    assert at.query_params["layer"] in ("C3", ["C3"]) and at.query_params["col"] in ("5", ["5"])
    assert arithmetic(at).startswith("C3[2, 4, 5] before tanh = Σ over 6 channel(s)")
    sent = json.loads(at.get("bidi_component")[0].proto.json)["layouts"]
    assert all(shown["outline"][2:] == [block.cell_w, block.cell_h] for shown in sent)
    at.number_input(key="row").set_value(7).run()  # the same click again changes nothing
    assert arithmetic(at).startswith("C3[2, 7, 5]")


@pytest.mark.parametrize(
    "click", [{"layout": "narrow", "x": 1, "y": 1, "t": 2}, {"layout": "<b>", "x": -4, "y": 1e9}, "junk"]
)
def test_a_click_between_maps_or_a_malformed_one_changes_nothing(open_in_app, click):
    at = open_in_app("network", layer="S2", ch="1", row="3", col="3")
    at.session_state["overview"] = {"click": click}
    at.run()
    assert not at.exception and arithmetic(at).startswith("S2[1, 3, 3]")


def test_a_c1_activations_link_opens_the_same_computation_on_the_convolution_page(open_in_app):
    at = open_in_app("network", layer="C1", ch="1", row="9", col="12")
    page, query = links(at)[0]
    assert "convolution" in page and "kernel=" in query and "src=typed" in query
    value = arithmetic(at).splitlines()[1].rsplit("= ", 1)[1]  # before tanh, 4 significant digits
    params = dict(pair.split("=", 1) for pair in query.split("&"))
    from urllib.parse import unquote_plus

    conv = open_in_app("convolution", **{k: unquote_plus(v) for k, v in params.items()})
    assert not conv.exception and not conv.error
    assert float(blocks(conv)[0].rsplit("= ", 1)[1]) == pytest.approx(float(value), abs=0.01)


def test_a_pooled_activation_links_to_the_pooling_page(open_in_app):
    at = open_in_app("network", model="relu", layer="S2", ch="3", row="5", col="6")
    page, query = links(at)[0]
    assert "pooling" in page and "kind=max" in query
    assert arithmetic(at).startswith("S2[3, 5, 6] = max of C1 map 3's 2x2 window")
    value = float(arithmetic(at).rsplit("= ", 1)[1])
    pool = open_in_app("pooling", **dict(parse_qsl(query)))
    assert not pool.exception and not pool.error
    assert float(blocks(pool)[0].rsplit("= ", 1)[1]) == pytest.approx(value, abs=0.01)  # shown to 3 digits


@pytest.mark.parametrize(
    ("model", "layer", "ch", "row", "col"), [("tanh", "C3", 2, 4, 5), ("relu", "C5", 77, 0, 0)]
)
def test_a_c3_or_c5_activations_link_opens_the_same_sum_on_the_volumes_page(
    open_in_app, model, layer, ch, row, col
):
    at = open_in_app("network", model=model, digit="31", layer=layer, ch=str(ch), row=str(row), col=str(col))
    (page, query), *_ = links(at)
    assert "volumes" in page and "vsrc=typed" in query
    shown = arithmetic(at).splitlines()[1].rsplit("= ", 1)[1]  # the sum before the activation, 4 digits
    volumes = open_in_app("volumes", **dict(parse_qsl(query)))
    assert not volumes.exception and not volumes.error and not volumes.info  # every value was used
    lines = blocks(volumes)[0].splitlines()
    channels = 6 if layer == "C3" else 16
    assert [line.split(":")[0] for line in lines[:-1]] == [f"channel {c}" for c in range(channels)]
    computed = lines[-1].rsplit("= ", 1)[1]  # out[0, 0, 0] = … + bias … = v, 3 digits
    assert lines[-1].startswith("out[0, 0, 0] = ")
    assert float(computed) == pytest.approx(float(shown), rel=5e-3, abs=5e-4)  # the same sum, 3 digits
    assert json.loads(volumes.get("bidi_component")[0].proto.json)["payload"]["steps"]["shape"] == [1, 1, 1]
    assert any("its 1x1 output is that activation's sum" in c.value for c in volumes.caption)


def test_training_a_few_steps_draws_the_loss_and_each_layers_gradient_norm(open_in_app):
    at = open_in_app("network", tsteps="4")
    at.button(key="train").click().run()
    assert not at.exception and not at.warning
    grads = json.loads(next(c for c in at.get("plotly_chart") if "Gradient norm" in c.proto.spec).proto.spec)
    assert [trace["name"] for trace in grads["data"]] == ["C1", "C3", "C5", "F6", "output"]
    assert len(grads["data"][0]["y"]) == 4
    at.button(key="train").click().run()
    at.button(key="train").click().run()
    charts = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        charts[spec["layout"].get("title", {}).get("text")] = spec
    grads = charts["Gradient norm of each layer's weights"]
    assert len(grads["data"][0]["y"]) == 12
    loss = charts["Loss and accuracy"]["data"][0]["y"]
    assert sum(loss[-4:]) < sum(loss[:4])
    assert "12 steps" in next(m.value for m in at.markdown if "seed 0" in m.value)
    maps = charts["Held-out digit 0: C1's maps after 12 steps"]["data"]
    run = at.session_state["_network_training_run"]
    image, _ = network.digit_image(network.NetworkSettings())
    assert len(maps) == 6
    assert np.allclose(maps[2]["z"], run.first_maps(image)[2], atol=1e-3)  # the trained weights' maps


def test_an_epoch_runs_as_bounded_chunks_with_a_progress_bar(open_in_app, monkeypatch):
    from lessons import network_training
    from ui import training

    monkeypatch.setattr(network_training, "epoch_batches", lambda: 5)  # 5 steps, not 125
    monkeypatch.setattr(training, "MAX_STEPS_PER_CLICK", 2)
    chunks = []
    real_train = training._train

    def counted(run, steps, label=None):
        chunks.append((steps, label))
        return real_train(run, steps, label)

    monkeypatch.setattr(training, "_train", counted)
    at = open_in_app("network")
    at.button(key="train_epoch").click().run()
    assert not at.exception and not at.warning
    assert [steps for steps, _ in chunks] == [2, 2, 1]  # one bounded chunk per rerun
    assert all(label.startswith("Epoch 1") for _, label in chunks)
    assert "5 steps, 1 epoch," in next(m.value for m in at.markdown if "seed 0" in m.value)
    bars = at.get("progress")
    assert bars and bars[-1].proto.value == 100 and "5 of 5" in bars[-1].proto.text
    assert training.SLOTS.acquire(timeout=0) and training.SLOTS.acquire(timeout=0)  # all released
    training.SLOTS.release()
    training.SLOTS.release()


def test_a_busy_server_pauses_the_epoch_until_continued(open_in_app, monkeypatch):
    from lessons import network_training
    from ui import training

    monkeypatch.setattr(network_training, "epoch_batches", lambda: 3)
    monkeypatch.setattr(training, "WAIT_S", 0.1)
    at = open_in_app("network")
    assert training.SLOTS.acquire(timeout=1) and training.SLOTS.acquire(timeout=1)
    try:
        at.button(key="train_epoch").click().run()
    finally:
        training.SLOTS.release()
        training.SLOTS.release()
    assert any("The epoch is paused" in w.value for w in at.warning)
    at.button(key="train_continue").click().run()
    assert not at.warning and "3 steps, 1 epoch," in next(m.value for m in at.markdown if "seed 0" in m.value)


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"digit": "1000"}, "digit=1000"),
        ({"digit": "-3"}, "digit=-3"),
        ({"model": "resnet50"}, "model=resnet50"),
        ({"layer": "<script>"}, "layer=<script>"),
        ({"net": "GPT"}, "net=GPT"),
    ],
)
def test_hostile_links_fall_back_with_a_notice(open_in_app, params, named):
    at = open_in_app("network", **params)
    assert not at.exception and not at.error
    notice = " ".join(info.value for info in at.info)
    assert f"`{named}`" in notice
    assert "reads a" in summary(at)


def test_a_third_training_waits_then_says_the_server_is_busy(open_in_app):
    from ui import training

    at = open_in_app("network", tsteps="1")
    assert training.SLOTS.acquire(timeout=1) and training.SLOTS.acquire(timeout=1)
    try:
        at.button(key="train").click().run()
    finally:
        training.SLOTS.release()
        training.SLOTS.release()
    assert any("Two trainings are already running" in w.value for w in at.warning)
    at.button(key="train").click().run()
    assert not at.warning and "1 step," in next(m.value for m in at.markdown if "seed 0" in m.value)


def test_a_drawn_digit_is_read_and_a_malformed_drawing_is_ignored(open_in_app):
    import numpy as np

    at = open_in_app("network", nsrc="drawn")
    assert any("Nothing drawn yet" in info.value for info in at.info)  # the held-out digit stands in
    one = np.zeros((28, 28), dtype=int)
    one[4:24, 13:15] = 255
    at.session_state["canvas"] = {"pixels": one.ravel().tolist()}
    at.run()
    assert not at.exception
    assert "reads a 1 with probability" in summary(at) and "The digit is" not in summary(at)
    at.session_state["canvas"] = {"pixels": ["<b>", 3]}
    at.run()
    assert not at.exception and any("Nothing drawn yet" in info.value for info in at.info)
