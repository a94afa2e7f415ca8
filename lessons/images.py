"""Pictures for image mode: the bundled samples and uploads, decoded safely to grayscale grids."""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

ASSETS = Path(__file__).resolve().parents[1] / "assets"
SAMPLES = {
    "cameraman": "cameraman.png",
    "astronaut": "astronaut.png",
    "cat": "cat.png",
    "coffee": "coffee.png",
    "coins": "coins.png",
}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 10_000  # pixels per side, read from the header before decoding
MAX_PIXELS = 16_000_000  # pixels decoded (a JPEG's after decoding at reduced scale): ~2 s, ~200 MB
FORMATS = {"PNG", "JPEG", "MPO"}  # MPO: a camera's JPEG with extra images; its first is the photo


def digest(data: bytes) -> str:
    """Cache key for an upload: its bytes' SHA-256 (Streamlit samples large arrays when hashing)."""
    return hashlib.sha256(data).hexdigest()


def _check_header(image: Image.Image, name: str, size: tuple[int, int], mode: str) -> None:
    """Refuse, from the header alone, a picture too large to decode within the budget."""
    if image.format not in FORMATS:
        raise ValueError(f"{name} is a {image.format or 'unknown'} file; upload a PNG or JPEG image")
    width, height = image.size
    if max(width, height) > MAX_SIDE:
        raise ValueError(
            f"{name} is {width:,}x{height:,} pixels; ConvLab decodes pictures up to {MAX_SIDE:,} "
            "pixels a side"
        )
    image.draft(mode, (size[1], size[0]))  # JPEG: decode at reduced size when possible
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValueError(
            f"{name} has too many pixels to decode safely ({width:,}x{height:,} = {width * height:,}; "
            f"up to {MAX_PIXELS:,})"
        )


def _as_grayscale(image: Image.Image) -> Image.Image:
    """8-bit grayscale; 16-bit, 32-bit and float pictures scaled to their range, not clipped."""
    if image.mode.startswith("I;16"):
        values, low, high = np.asarray(image, dtype=np.float64), 0.0, 65535.0
    elif image.mode in ("I", "F"):
        values = np.asarray(image, dtype=np.float64)
        low, high = float(values.min()), float(values.max())
    else:
        return image.convert("L")
    scaled = (values - low) * (255 / (high - low)) if high > low else np.zeros_like(values)
    return Image.fromarray(np.clip(np.rint(scaled), 0, 255).astype(np.uint8), "L")


def decode_image(data: bytes, size: tuple[int, int], name: str = "the file", mode: str = "L") -> np.ndarray:
    """PNG/JPEG bytes -> (H, W) float64 grayscale 0..255 (mode "L"), or (3, H, W) red, green,
    blue channels (mode "RGB"), resized to `size` = (H, W), upright (EXIF orientation applied).

    Raises ValueError with a message for the user: empty, too large, not an image, corrupt,
    or too many pixels to decode within the budget (checked from the header, before decoding).
    """
    if not data:
        raise ValueError(f"{name} is empty (0 bytes)")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(f"{name} is {len(data) / 2**20:.1f} MB; images up to 5 MB are accepted")
    Image.MAX_IMAGE_PIXELS = MAX_SIDE * MAX_SIDE  # Pillow's own guard, behind ours
    bombs = (Image.DecompressionBombError, Image.DecompressionBombWarning)
    try:
        with warnings.catch_warnings():  # Pillow only warns between 1 and 2 times the limit
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                _check_header(image, name, size, mode)
                upright = ImageOps.exif_transpose(image)
                wide = upright.mode in ("I", "F") or upright.mode.startswith("I;16")  # not 8-bit
                picture = _as_grayscale(upright) if mode == "L" or wide else upright
                picture = picture.convert(mode).resize(
                    (size[1], size[0]), Image.Resampling.LANCZOS, reducing_gap=3.0
                )
                pixels = np.asarray(picture, dtype=np.float64)
                return pixels if mode == "L" else pixels.transpose(2, 0, 1)
    except (UnidentifiedImageError, *bombs) as error:
        reason = (
            f"has too many pixels to decode safely (more than {Image.MAX_IMAGE_PIXELS:,})"
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
