"""Every generated exercise's answer, recomputed from its link (the page's URL values) by the
engine's loop twins, a numerical gradient or brute force: the answer is right, and the link
reproduces the exercise."""

import numpy as np
import pytest

from engine.analysis.gradcheck import central_difference
from engine.analysis.stack import parse_stack
from engine.analysis.upstream import upstream_gradient
from engine.ops.avg_pool import avg_pool2d_loop
from engine.ops.conv import conv2d_loop
from engine.ops.conv_transpose import conv_transpose2d_loop
from engine.ops.pool import max_pool2d_loop, min_pool2d_loop
from practice.generate import KINDS, exercise, exercise_set
from practice.review import review_questions
from text.numbers import parse_grid

SEEDS = range(40)
POOLS = {"max": max_pool2d_loop, "min": min_pool2d_loop, "avg": avg_pool2d_loop}


def number(params, key):
    return int(params[key])


def grid(params, key):
    return parse_grid(params[key], key, (64, 64))


def input_of(params):
    if params["src"] == "typed":
        return grid(params, "grid")
    return np.zeros((number(params, "h"), number(params, "w")))


def conv_output(params):
    """conv2d_loop with the Convolution page's URL values (custom, symmetric padding)."""
    bias = np.array([float(params.get("bias", 0))])
    return conv2d_loop(
        input_of(params)[None, None],
        grid(params, "kernel")[None, None],
        bias,
        number(params, "sh"),
        number(params, "pt"),
        number(params, "dh") if "dh" in params else 1,
    )[0, 0]


def pool_output(params):
    kwargs = {
        "kernel_size": number(params, "kh"),
        "stride": number(params, "sh"),
        "padding": number(params, "ph"),
        "ceil_mode": params.get("ceil") == "true",
    }
    return POOLS[params["kind"]](input_of(params)[None, None], **kwargs)[0, 0]


def cell(output, params):
    return output.ravel()[number(params, "step")]


def field_width(stack_text, size=32):
    """Brute force: the input rows one unit of the last layer reads, layer by layer down."""
    layers = [layer.geometry for layer in parse_stack(stack_text)]
    sizes = [size]
    for layer in layers:
        k, s, p, d = layer.kernel_size[0], layer.stride[0], layer.padding[0], layer.dilation[0]
        sizes.append((sizes[-1] + 2 * p - d * (k - 1) - 1) // s + 1)
    rows = {sizes[-1] // 2}
    for layer in reversed(layers):
        k, s, p, d = layer.kernel_size[0], layer.stride[0], layer.padding[0], layer.dilation[0]
        rows = {r * s - p + t * d for r in rows for t in range(k)}
    return max(rows) - min(rows) + 1


def window_span(params):
    """Brute force: which cells of the zero-padded input change Y[step] when set to 1."""
    p = number(params, "pt")
    blank = np.zeros((number(params, "h") + 2 * p, number(params, "w") + 2 * p))
    kernel = np.ones_like(grid(params, "kernel"))
    flat = dict(params, pt="0", kernel="; ".join(" ".join("1" for _ in row) for row in kernel))
    read = []
    for r, c in np.ndindex(blank.shape):
        probe = blank.copy()
        probe[r, c] = 1
        output = conv2d_loop(
            probe[None, None], kernel[None, None], None, number(flat, "sh"), 0, number(flat, "dh")
        )
        if cell(output[0, 0], params):
            read.append((r - p, c - p))
    rows, cols = zip(*read)
    return min(rows), max(rows), min(cols), max(cols)


def gradient(params, question):
    x, w = grid(params, "grid"), grid(params, "kernel")
    g = upstream_gradient("random", np.zeros((1, x.shape[0] - 1, x.shape[1] - 1)), number(params, "seed"))
    i, j = number(params, "ci"), number(params, "cj")
    if "dL/dW" in question:
        return central_difference(
            lambda v: conv2d_loop(x[None, None], v[None, None])[0], w, (i, j), g
        ).estimate
    return central_difference(lambda v: conv2d_loop(v[None, None], w[None, None])[0], x, (i, j), g).estimate


def reference(item):
    """The exercise's answer, from its link alone."""
    params, kind = item.params, item.kind
    if kind == "Output size of a convolution":
        return conv_output(params).shape
    if kind == "Output size of a pooling":
        return pool_output(params).shape
    if kind == "Output size of a transposed convolution":
        return conv_transpose2d_loop(
            input_of(params)[None, None],
            grid(params, "kernel")[None, None],
            None,
            number(params, "sh"),
            number(params, "ph"),
            number(params, "oph"),
            1,
            number(params, "dh"),
        ).shape[-2:]
    if kind == "Parameters of a layer":
        (layer,) = parse_stack(params["stack"])
        k = layer.geometry.kernel_size[0]
        return (layer.channels * (k * k * number(params, "ic") + 1),)
    if kind == "One output value":
        return (cell(conv_output(params), params),)
    if kind == "One pooled value":
        return (cell(pool_output(params), params),)
    if kind == "One gradient value":
        return (gradient(params, item.question),)
    if kind == "Receptive field of a stack":
        return (field_width(params["stack"]),) * 2
    if kind == "Which input cells an output reads":
        return window_span(params)
    raise AssertionError(f"no reference for {kind}")


@pytest.mark.parametrize("seed", SEEDS)
def test_every_answer_equals_the_reference_computed_from_its_link(seed):
    for item in exercise_set(seed, len(KINDS)):
        assert np.allclose(reference(item), item.answer, atol=1e-6), (seed, item.kind, item.params)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_answer_as_written_is_read_back_as_right(seed):
    for item in exercise_set(seed, len(KINDS)):
        assert item.is_right(item.answer_text), (item.kind, item.answer_text)
        assert not item.is_right(" ".join(str(v + 1) for v in item.answer))


def test_a_set_covers_every_kind_and_is_the_same_for_the_same_seed():
    kinds = {item.kind for item in exercise_set(11, len(KINDS))}
    assert len(kinds) == len(KINDS)
    assert exercise_set(11, 12) == exercise_set(11, 12)
    assert exercise_set(11, 12)[:5] == exercise_set(11, 5)  # a longer set keeps the first ones
    assert exercise(11, 0) != exercise(12, 0)


def test_the_chapters_review_questions_have_the_textbooks_numbers():
    advantages, size, pooling, dilation = review_questions()
    assert size.answer == (31, 31) and size.is_right("31 x 31")
    assert "2,432 parameters" in advantages.solution and "25,769,803,776" in advantages.solution
    # pooling learns nothing; 64·(2·2·64) weights + 64 biases = 16,448
    assert (
        pooling.is_right("0 and 16,448") and pooling.is_right("0, 16448") and not pooling.is_right("0, 16384")
    )
    assert dilation.answer == (5, 9) and dilation.is_right("5, 9") and not dilation.is_right("5, 25")
    assert not any(item.choices for item in review_questions())  # answered in words or numbers


@pytest.mark.parametrize(
    ("words", "right"),
    [
        ("parameter sharing and local connectivity", True),
        ("Weight sharing; sparse connections", True),
        ("it reuses the same kernel everywhere and looks at small patches", True),
        ("parameter sharing", False),  # one of the two
        ("translation invariance and more parameters", False),
    ],
)
def test_the_advantages_are_read_in_the_students_own_words(words, right):
    assert review_questions()[0].is_right(words) is right


def test_a_one_word_answer_to_a_words_question_gets_a_hint():
    with pytest.raises(ValueError, match="answered in words"):
        review_questions()[0].is_right("42")


def test_a_typed_answer_that_is_not_one_gets_a_hint():
    size = review_questions()[1]
    with pytest.raises(ValueError, match="there is no number in your answer"):
        size.is_right("thirty-one")
