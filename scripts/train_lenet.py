"""Train LeNet-5 on the shipped digits with ConvLab's own engine, and save the weights.

    python -m scripts.train_lenet               # both networks -> assets/lenet5.npz, assets/lenet5_relu.npz
    python -m scripts.train_lenet --activation relu --epochs 3 --out /tmp/try.npz

Seeded throughout (initial weights, batch order): the same command gives the same weights and
the same held-out accuracy on the same machine (BLAS may round the last bits differently
elsewhere). SGD with momentum 0.9, learning rate 0.05 times 0.85 after every epoch, batches
of 32 from the 4,000 training digits, 14 epochs, no augmentation: about 75 s per network on
two cores. Accuracy is measured on the 1,000 held-out test digits and stored in the weights'
metadata.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from engine.digits import ASSETS, WEIGHTS, load_digits, save_weights
from engine.model import Sequential, predict, train_step
from engine.networks import lenet5
from engine.optim import SGD

SEED = 5
BATCH = 32
EPOCHS = 14
LR = 0.05
MOMENTUM = 0.9
DECAY = 0.85  # the learning rate is multiplied by this after every epoch


def accuracy(model: Sequential, images: np.ndarray, labels: np.ndarray) -> float:
    """The fraction of `images` the model labels right."""
    return float(np.mean(predict(model, images) == labels))


def train(activation: str, epochs: int, seed: int) -> tuple[Sequential, dict]:
    """A freshly initialised LeNet-5 trained for `epochs`; its metadata, accuracy included."""
    rng = np.random.default_rng(seed)
    model = lenet5(rng, activation, "avg" if activation == "tanh" else "max")
    optimizer = SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
    images, labels = load_digits("train")
    test_images, test_labels = load_digits("test")
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        optimizer.lr = LR * DECAY ** (epoch - 1)
        order = rng.permutation(len(labels))
        losses = []
        for i in range(0, len(order), BATCH):
            batch = order[i : i + BATCH]
            losses.append(train_step(model, images[batch], labels[batch]))
            optimizer.step(model.gradients())
        held_out = accuracy(model, test_images, test_labels)
        print(
            f"{activation} epoch {epoch:2d}: mean loss {np.mean(losses):.4f}, "
            f"held-out accuracy {held_out:.1%} ({time.perf_counter() - start:.0f} s)",
            flush=True,
        )
    metadata = {
        "network": f"LeNet-5, {activation}, {'average' if activation == 'tanh' else 'max'} pooling",
        "test_accuracy": held_out,
        "train_accuracy": accuracy(model, images, labels),
        "test_digits": len(test_labels),
        "train_digits": len(labels),
        "optimizer": f"SGD lr={LR} x {DECAY} per epoch, momentum={MOMENTUM}",
        "batch_size": BATCH,
        "epochs": epochs,
        "seed": seed,
        "script": "scripts/train_lenet.py",
    }
    return model, metadata


def main() -> None:
    """Train the chosen networks and write their weights with their held-out accuracy."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--activation", choices=sorted(WEIGHTS), action="append")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, help="where to save (only with a single --activation)")
    args = parser.parse_args()
    for activation in args.activation or sorted(WEIGHTS, reverse=True):
        model, metadata = train(activation, args.epochs, args.seed)
        out = args.out or ASSETS / WEIGHTS[activation]
        save_weights(out, model, metadata)
        print(f"{out}: held-out accuracy {metadata['test_accuracy']:.1%}, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
