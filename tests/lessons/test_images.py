"""Pictures: samples load, uploads that are not a sane PNG/JPEG are refused with a reason."""

import io

import numpy as np
import pytest
from PIL import Image

from lessons.images import SAMPLES, decode_image, sample_image
from tests.hostile_files import HOSTILE_UPLOADS


def png(size=(40, 30), mode="RGB", colour="red"):
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_load_as_grayscale_at_the_requested_size(name):
    picture = sample_image(name, (64, 48))
    assert picture.shape == (64, 48) and 0 <= picture.min() <= picture.max() <= 255


def test_an_upload_is_converted_to_grayscale_and_resized():
    picture = decode_image(png(colour="white"), (5, 7))
    assert picture.shape == (5, 7) and np.all(picture == 255)


@pytest.mark.parametrize(
    ("kind", "name", "data", "message"), HOSTILE_UPLOADS, ids=[u[0] for u in HOSTILE_UPLOADS]
)
def test_bad_uploads_are_refused_with_a_reason(kind, name, data, message):
    with pytest.raises(ValueError, match=message):
        decode_image(data(), (8, 8), name)
