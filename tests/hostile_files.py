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
        "too many pixels to decode safely",
    ),
    ("GIF", "photo.png", lambda: encoded(format="GIF"), "is a GIF file"),
    ("not an image", "notes.png", lambda: b"%PDF-1.7 these are lecture notes", "not an image"),
    ("too large", "photo.png", lambda: b"x" * (6 * 2**20), "images up to 5 MB"),
]
