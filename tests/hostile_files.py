"""Uploads a class will send, by accident or not: each with the reason ConvLab gives for refusing it.
Shared by the decoding tests (tests/ui) and the sweep of the real app (tests/browser)."""

import io

import numpy as np
from PIL import Image


def encoded(size=(40, 30), mode="RGB", colour="red", format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format)
    return buffer.getvalue()


def noise_jpeg() -> bytes:
    buffer = io.BytesIO()
    pixels = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(buffer, "JPEG")
    return buffer.getvalue()


def sixteen_bit_png(values: np.ndarray) -> bytes:
    """A 16-bit grayscale PNG (mode I;16) of (H, W) values 0..65535."""
    buffer = io.BytesIO()
    Image.fromarray(values.astype(np.uint16)).save(buffer, "PNG")
    return buffer.getvalue()


def phone_photo(orientation: int = 6) -> bytes:
    """A 40-wide, 20-tall JPEG, black on its left half, stored sideways as phones do: the EXIF
    orientation tag (6: rotate 90 degrees clockwise to view) says how to turn it upright."""
    pixels = np.full((20, 40), 255, dtype=np.uint8)
    pixels[:, :20] = 0
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.fromarray(pixels, "L").save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def camera_mpo() -> bytes:
    """A camera's JPEG in MPO form: a white photo, then a black second image (a preview)."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(
        buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (40, 30), "black")]
    )
    return buffer.getvalue()


# (name, file name, bytes, what the refusal says)
HOSTILE_UPLOADS = [
    ("empty", "photo.png", lambda: b"", "is empty"),
    ("random bytes", "photo.png", lambda: np.random.default_rng(0).bytes(2000), "not an image"),
    ("truncated PNG", "photo.png", lambda: encoded()[:70], "truncated or corrupt"),
    ("truncated JPEG", "photo.jpg", lambda: noise_jpeg()[:600], "truncated or corrupt"),
    ("decompression bomb", "photo.png", lambda: encoded((20000, 20000), "1", 0), "too many pixels"),
    (
        "huge dimensions",
        "panorama.png",
        lambda: encoded((100000, 500), "1", 0),
        "is 100,000x500 pixels; ConvLab decodes pictures up to 10,000 pixels a side",
    ),
    (
        "a 4.9 KB line of 39,999,999 pixels",
        "line.png",
        lambda: encoded((39_999_999, 1), "1", 0),
        "is 39,999,999x1 pixels",
    ),
    ("too many pixels", "square.png", lambda: encoded((5000, 5000), "1", 0), "5,000x5,000 = 25,000,000"),
    ("GIF", "photo.png", lambda: encoded(format="GIF"), "is a GIF file"),
    ("not an image", "notes.png", lambda: b"%PDF-1.7 these are lecture notes", "not an image"),
    ("too large", "photo.png", lambda: b"x" * (6 * 2**20), "images up to 5 MB"),
]
