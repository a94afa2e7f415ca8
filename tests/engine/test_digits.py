"""The shipped digits and trained weights: sizes, split, scaling, and the accuracy they claim."""

import numpy as np
import pytest

from engine.digits import ASSETS, WEIGHTS, load_digit_pixels, load_digits, load_lenet5, pixels_to_input
from engine.model import predict


def test_assets_stay_small():
    assert (ASSETS / "digits.npz").stat().st_size < 2_000_000
    for name in WEIGHTS.values():
        assert (ASSETS / name).stat().st_size < 1_000_000


def test_digits_are_a_balanced_split_with_a_held_out_test_set():
    train_images, train_labels = load_digits("train")
    test_images, test_labels = load_digits("test")
    assert train_images.shape == (4000, 1, 32, 32) and test_images.shape == (1000, 1, 32, 32)
    np.testing.assert_array_equal(np.bincount(train_labels), [400] * 10)
    np.testing.assert_array_equal(np.bincount(test_labels), [100] * 10)
    train_rows = {image.tobytes() for image in train_images}
    assert sum(image.tobytes() in train_rows for image in test_images) == 0


def test_digits_are_padded_by_two_and_scaled_as_lecun_scales_them():
    pixels, _ = load_digit_pixels("test")
    assert pixels.dtype == np.uint8 and pixels.shape == (1000, 32, 32)
    assert not pixels[:, :2].any() and not pixels[:, -2:].any() and not pixels[:, :, :2].any()
    np.testing.assert_allclose(pixels_to_input(np.array([0, 255], dtype=np.uint8)), [-0.1, 1.175])


@pytest.mark.parametrize("activation", sorted(WEIGHTS))
def test_shipped_lenet5_reaches_the_accuracy_its_metadata_records(activation):
    model, metadata = load_lenet5(activation)
    images, labels = load_digits("test")
    accuracy = float(np.mean(predict(model, images) == labels))
    assert accuracy == metadata["test_accuracy"] >= 0.96


def test_load_refuses_an_unknown_network():
    with pytest.raises(ValueError, match="the trained LeNet-5s are"):
        load_lenet5("sigmoid")
    with pytest.raises(ValueError, match="'train' or 'test'"):
        load_digits("validation")
