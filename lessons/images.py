"""Pictures for image mode: the bundled samples and uploads, decoded safely to grayscale grids."""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

ASSETS = Path(__file__).resolve().parents[1] / "assets"
SAMPLES = {
    "cameraman": "cameraman.png",
    "astronaut": "astronaut.png",
    "cat": "cat.png",
    "coffee": "coffee.png",
    "coins": "coins.png",
}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # past this Pillow refuses to decode: a decompression bomb, not a photo
FORMATS = {"PNG", "JPEG"}


def digest(data: bytes) -> str:
    """Cache key for an upload: its bytes' SHA-256 (Streamlit samples large arrays when hashing)."""
    return hashlib.sha256(data).hexdigest()


def decode_image(data: bytes, size: tuple[int, int], name: str = "the file", mode: str = "L") -> np.ndarray:
    """PNG/JPEG bytes -> (H, W) float64 grayscale 0..255 (mode "L"), or (3, H, W) red, green,
    blue channels (mode "RGB"), resized to `size` = (H, W).

    Raises ValueError with a message for the user: empty, too large, not an image, corrupt,
    or too many pixels to decode safely.
    """
    if not data:
        raise ValueError(f"{name} is empty (0 bytes)")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(f"{name} is {len(data) / 2**20:.1f} MB; images up to 5 MB are accepted")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    bombs = (Image.DecompressionBombError, Image.DecompressionBombWarning)
    try:
        with warnings.catch_warnings():  # Pillow only warns between 1 and 2 times the limit
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise ValueError(
                        f"{name} is a {image.format or 'unknown'} file; upload a PNG or JPEG image"
                    )
                image.draft(mode, (size[1], size[0]))  # JPEG: decode at reduced size when possible
                pixels = np.asarray(
                    image.convert(mode).resize((size[1], size[0]), Image.Resampling.LANCZOS), dtype=np.float64
                )
                return pixels if mode == "L" else pixels.transpose(2, 0, 1)
    except (UnidentifiedImageError, *bombs) as error:
        reason = (
            f"has too many pixels to decode safely (more than {MAX_PIXELS:,})"
            if isinstance(error, bombs)
            else "is not an image Pillow can read"
        )
        raise ValueError(f"{name} {reason}; upload a PNG or JPEG image") from None
    except (OSError, SyntaxError) as error:
        raise ValueError(
            f"{name} could not be decoded ({str(error)[:80]}); it may be truncated or corrupt"
        ) from None


def sample_image(name: str, size: tuple[int, int], mode: str = "L") -> np.ndarray:
    """A bundled sample as (H, W) grayscale or (3, H, W) RGB, 0..255."""
    if name not in SAMPLES:
        raise ValueError(f"unknown sample {name!r}; choose one of {', '.join(SAMPLES)}")
    return decode_image((ASSETS / SAMPLES[name]).read_bytes(), size, name, mode)
