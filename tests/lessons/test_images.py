"""Pictures: samples load, uploads that are not a sane PNG/JPEG are refused with a reason."""

import io

import numpy as np
import pytest
from PIL import Image

from lessons.images import SAMPLES, decode_image, sample_image
from tests.hostile_files import HOSTILE_UPLOADS, camera_mpo, phone_photo, sixteen_bit_png


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


def test_a_16_bit_png_is_scaled_to_its_range_not_clipped_white():
    values = np.tile(np.array([0, 16384, 32768, 65535]), (4, 1))
    picture = decode_image(sixteen_bit_png(values), (4, 4))
    np.testing.assert_allclose(picture[0], [0, 64, 128, 255], atol=1.5)


def test_a_16_bit_png_can_be_read_as_rgb():
    picture = decode_image(sixteen_bit_png(np.full((4, 4), 32768)), (4, 4), mode="RGB")
    assert picture.shape == (3, 4, 4) and np.allclose(picture, 128, atol=1)


def test_a_phone_photo_is_turned_upright_by_its_exif_orientation():
    picture = decode_image(phone_photo(orientation=6), (40, 20))
    assert picture.shape == (40, 20)  # 40 tall once upright
    assert picture[:15].mean() < 30 and picture[25:].mean() > 225  # the black half is now on top


def test_a_camera_jpeg_in_mpo_form_is_read_as_its_first_image():
    picture = decode_image(camera_mpo(), (6, 8), "photo.jpg")
    assert picture.shape == (6, 8) and picture.min() > 250
