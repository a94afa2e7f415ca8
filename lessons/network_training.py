"""A network trained in a session, from a seeded start: its loss, held-out accuracy and each
layer's gradient norm at every step. Mutable by design (one per session, held by ui.training);
the digits it reads are loaded once per process and never written."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from engine.arrays import FloatArray
from engine.digits import load_digits
from engine.model import Sequential, predict, train_step
from engine.networks import deep_stack, lenet5
from engine.optim import SGD
from settings.network import TRAINABLE

BATCH = 32
EVALUATED = 200  # held-out digits the accuracy is measured on after each click
MAX_HISTORY = 600  # steps kept: a session's run stays a few hundred kB
MOMENTUM = 0.9  # plain SGD with momentum: it shows the vanishing gradient Adam would rescale
LEARNING_RATE = {"LeNet-5 tanh": 0.05, "LeNet-5 ReLU": 0.05, "deep plain": 0.01, "deep residual": 0.01}


def _network(name: str, rng: np.random.Generator) -> Sequential:
    if name not in TRAINABLE:
        raise ValueError(f"the networks to train are {', '.join(TRAINABLE)}, got {name!r}")
    if name.startswith("LeNet"):
        relu = name.endswith("ReLU")
        return lenet5(rng, "relu" if relu else "tanh", "max" if relu else "avg")
    return deep_stack(rng, depth=12, channels=4, activation="tanh", residual=name == "deep residual")


@functools.cache
def _digits(split: str) -> tuple[FloatArray, np.ndarray]:
    images, labels = load_digits(split)
    if split == "test":
        images, labels = images[:EVALUATED], labels[:EVALUATED]
    images.flags.writeable = labels.flags.writeable = False
    return images, labels


def epoch_batches() -> int:
    """Steps in an epoch: every training digit once, in batches of BATCH (4,000 / 32 = 125)."""
    return len(_digits("train")[1]) // BATCH


def weight_names(model: Sequential) -> list[str]:
    """The weighted layers from input to output: "C1", ..., or "stem", "conv1", ..."""
    return [
        key.removesuffix(".weight").split(".")[-1]
        for key in model.named_parameters()
        if key.endswith(".weight")
    ]


@dataclass(eq=False)
class TrainingRun:
    """One network, its optimiser and what each step measured."""

    network: str
    seed: int
    model: Sequential = field(init=False)
    steps: int = 0
    losses: list[float] = field(default_factory=list)
    accuracy: list[tuple[int, float]] = field(default_factory=list)  # (step, held-out accuracy)
    grad_norms: dict[str, list[float]] = field(default_factory=dict)  # layer -> ‖dL/dW‖ per step
    epochs: int = 0  # epochs completed
    epoch_order: np.ndarray | None = None  # the epoch in progress: its batches of digit indices
    epoch_at: int = 0  # batches of it done

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)
        self.model = _network(self.network, np.random.default_rng(self.seed))
        self.optimiser = SGD(self.model.parameters(), lr=LEARNING_RATE[self.network], momentum=MOMENTUM)
        self.grad_norms = {name: [] for name in weight_names(self.model)}
        self.accuracy.append((0, self.evaluate()))

    def train(self, steps: int, measure: bool = True) -> None:
        """`steps` SGD steps, then (`measure`) the held-out accuracy. While an epoch is in
        progress the batches are its next ones (each training digit once); otherwise random."""
        images, labels = _digits("train")
        for _ in range(steps):
            if self.epoch_order is not None:
                batch = self.epoch_order[self.epoch_at]
                self.epoch_at += 1
                if self.epoch_at == len(self.epoch_order):
                    self.epoch_order, self.epochs = None, self.epochs + 1
            else:
                batch = self.rng.choice(len(labels), BATCH, replace=False)
            self.losses.append(train_step(self.model, images[batch], labels[batch], input_grad=False))
            norms = [
                float(np.linalg.norm(g))
                for k, g in self.model.named_gradients().items()
                if k.endswith(".weight")
            ]
            for name, norm in zip(self.grad_norms, norms):
                self.grad_norms[name].append(norm)
            self.optimiser.step(self.model.gradients())
            self.steps += 1
        if measure:
            self.accuracy.append((self.steps, self.evaluate()))
        del self.losses[:-MAX_HISTORY]
        del self.accuracy[:-MAX_HISTORY]
        for values in self.grad_norms.values():
            del values[:-MAX_HISTORY]

    def start_epoch(self) -> None:
        """Shuffle the training digits into batches of BATCH: the next `epoch_batches()` steps
        read each of them once (the few left over by the division wait for the next epoch)."""
        order = self.rng.permutation(len(_digits("train")[1]))
        self.epoch_order = order[: epoch_batches() * BATCH].reshape(-1, BATCH)
        self.epoch_at = 0

    def stop_epoch(self) -> None:
        self.epoch_order = None

    @property
    def epoch_left(self) -> int:
        """Batches left in the epoch in progress (0 when none is)."""
        return 0 if self.epoch_order is None else len(self.epoch_order) - self.epoch_at

    def evaluate(self) -> float:
        images, labels = _digits("test")
        return float((predict(self.model, images) == labels).mean())

    def first_maps(self, image: FloatArray) -> FloatArray:
        """One digit (32, 32) at LeNet-5's scale -> the first layer's maps (C, H, W) after its
        activation, from the weights as trained so far (pure forwards: the model keeps no state)."""
        maps = np.asarray(image, dtype=np.float64).reshape(1, 1, 32, 32)
        for layer in self.model.layers[:2]:  # the first convolution and its activation
            maps = layer.forward(maps)
        return maps[0]

    @property
    def first_layer(self) -> str:
        """The first weighted layer's name: C1, or the deep stack's stem."""
        return weight_names(self.model)[0]

    def first_filters(self) -> FloatArray:
        """The first layer's filters (C_out, kH, kW) of its first input channel."""
        return self.model.parameters()[0][:, 0].copy()
