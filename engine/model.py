"""A model of layers that keeps every number a figure may want to show.

`Sequential.forward` keeps each layer's activation (`activations[0]` is the input,
`activations[i + 1]` the output of layer i); `Sequential.backward` keeps the gradient of the
loss with respect to each of them (`grads`, same indexing) and each layer's parameter
gradients (`named_gradients()`, "C1.weight" and so on). `parameters()` and `gradients()` list
the arrays in one stable order (layer by layer, weight before bias) for engine.optim. A `Residual` block
adds its input to its body's output: y = x + F(x).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, overload

import numpy as np
import numpy.typing as npt

from engine import avg_pool2d, avg_pool2d_backward, conv2d, conv2d_backward, max_pool2d, max_pool2d_backward
from engine.arrays import FloatArray, float_dtype
from engine.ops.activations import (
    relu,
    sigmoid,
    sigmoid_backward_from_output,
    tanh,
    tanh_backward_from_output,
)
from engine.ops.linear import (
    flatten,
    flatten_backward,
    linear,
    linear_backward,
    residual_add,
    residual_add_backward,
)
from engine.ops.loss import cross_entropy, cross_entropy_backward

Params = dict[str, FloatArray]


class Layer:
    """One step of a model: a forward rule, and a backward rule that reads the forward's input
    and output. Layers with weights name them in `params()` and their last gradients in
    `param_grads()`; the others return {}."""

    name: str

    def forward(self, input: FloatArray) -> FloatArray:
        raise NotImplementedError

    def backward(self, input: FloatArray, output: FloatArray, grad_output: FloatArray) -> FloatArray:
        """dL/d(input) from dL/d(output), keeping any parameter gradients."""
        raise NotImplementedError

    def backward_params(self, input: FloatArray, output: FloatArray, grad_output: FloatArray) -> None:
        """Only the parameter gradients, for a first layer whose input needs no gradient (as
        autograd skips dL/d(images)); layers that cannot skip dL/d(input) compute and drop it."""
        self.backward(input, output, grad_output)

    def params(self) -> Params:
        return {}

    def param_grads(self) -> Params:
        return {}

    def to(self, dtype: npt.DTypeLike) -> None:
        """Cast the parameters to `dtype` (float32 or float64), as nn.Module.to(dtype) does."""


@dataclass(eq=False)
class Weighted(Layer):
    """A layer with a weight and a bias, and their gradients after a backward."""

    name: str
    weight: FloatArray
    bias: FloatArray
    grad: Params = field(default_factory=dict, repr=False)

    def params(self) -> Params:
        return {"weight": self.weight, "bias": self.bias}

    def param_grads(self) -> Params:
        return self.grad

    def to(self, dtype: npt.DTypeLike) -> None:
        self.weight, self.bias = self.weight.astype(dtype), self.bias.astype(dtype)
        self.grad = {}


@dataclass(eq=False)
class Conv2d(Weighted):
    """F.conv2d with its own weight (C_out, C_in, kH, kW) and bias (C_out,)."""

    stride: int = 1
    padding: int = 0

    def forward(self, input: FloatArray) -> FloatArray:
        return conv2d(input, self.weight, self.bias, self.stride, self.padding)

    def backward(self, input: FloatArray, output: FloatArray, grad_output: FloatArray) -> FloatArray:
        grad_input, grad_weight, grad_bias = conv2d_backward(
            input, self.weight, grad_output, self.stride, self.padding
        )
        self.grad = {"weight": grad_weight, "bias": grad_bias}
        return grad_input

    def backward_params(self, input: FloatArray, output: FloatArray, grad_output: FloatArray) -> None:
        _, grad_weight, grad_bias = conv2d_backward(
            input, self.weight, grad_output, self.stride, self.padding, output_mask=(False, True, True)
        )
        assert grad_weight is not None and grad_bias is not None  # asked for by the mask
        self.grad = {"weight": grad_weight, "bias": grad_bias}


@dataclass(eq=False)
class Linear(Weighted):
    """F.linear with its own weight (out_features, in_features) and bias (out_features,)."""

    def forward(self, input: FloatArray) -> FloatArray:
        return linear(input, self.weight, self.bias)

    def backward(self, input: FloatArray, output: FloatArray, grad_output: FloatArray) -> FloatArray:
        grad_input, grad_weight, grad_bias = linear_backward(input, self.weight, grad_output)
        self.grad = {"weight": grad_weight, "bias": grad_bias}
        return grad_input


ACTIVATIONS = ("tanh", "relu", "sigmoid")


@dataclass(eq=False)
class Activation(Layer):
    """tanh, relu or sigmoid, elementwise; the backward reads the forward's output."""

    name: str
    kind: str = "tanh"

    def __post_init__(self) -> None:
        if self.kind not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {self.kind!r}")

    def forward(self, input: FloatArray) -> FloatArray:
        return {"tanh": tanh, "relu": relu, "sigmoid": sigmoid}[self.kind](input)

    def backward(self, input: FloatArray, output: FloatArray, grad_output: FloatArray) -> FloatArray:
        if self.kind == "relu":
            return np.where(output > 0, grad_output, 0.0)  # relu_backward: output > 0 iff input > 0
        if self.kind == "sigmoid":
            return sigmoid_backward_from_output(output, grad_output)
        return tanh_backward_from_output(output, grad_output)


@dataclass(eq=False)
class Pool2d(Layer):
    """max_pool2d or avg_pool2d with a square window (stride defaults to the window)."""

    name: str
    kind: str = "avg"
    kernel_size: int = 2
    stride: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("avg", "max"):
            raise ValueError(f"pooling must be 'avg' or 'max', got {self.kind!r}")

    def forward(self, input: FloatArray) -> FloatArray:
        if self.kind == "avg":
            return np.asarray(avg_pool2d(input, self.kernel_size, self.stride))
        return np.asarray(max_pool2d(input, self.kernel_size, self.stride))

    def backward(self, input: FloatArray, output: FloatArray, grad_output: FloatArray) -> FloatArray:
        pool_backward = avg_pool2d_backward if self.kind == "avg" else max_pool2d_backward
        return np.asarray(pool_backward(input, grad_output, self.kernel_size, self.stride))


@dataclass(eq=False)
class Flatten(Layer):
    """nn.Flatten: (N, C, H, W) -> (N, C·H·W)."""

    name: str = "flatten"

    def forward(self, input: FloatArray) -> FloatArray:
        return flatten(input, start_dim=1)

    def backward(self, input: FloatArray, output: FloatArray, grad_output: FloatArray) -> FloatArray:
        return flatten_backward(input, grad_output)


class Sequential:
    """Layers applied in order, keeping every activation and every gradient."""

    def __init__(self, layers: Sequence[Layer]) -> None:
        self.layers = list(layers)
        names = [layer.name for layer in self.layers]
        if len(set(names)) != len(names):
            raise ValueError(f"layer names must be unique, got {names}")
        self.activations: list[FloatArray] = []
        self.grads: list[FloatArray | None] = []

    def forward(self, input: FloatArray) -> FloatArray:
        """(N, ...) input -> the last layer's output; every activation kept."""
        self.activations = [np.asarray(input, dtype=float_dtype(input, *self.parameters()))]
        for layer in self.layers:
            self.activations.append(layer.forward(self.activations[-1]))
        return self.activations[-1]

    @overload
    def backward(self, grad_output: FloatArray, input_grad: Literal[True] = True) -> FloatArray: ...

    @overload
    def backward(self, grad_output: FloatArray, input_grad: bool) -> FloatArray | None: ...

    def backward(self, grad_output: FloatArray, input_grad: bool = True) -> FloatArray | None:
        """dL/d(last activation) -> dL/d(input), through the activations of the last forward;
        every activation's gradient kept in `grads`, every parameter's in its layer. With
        input_grad=False (torch: an input that does not require grad) the first layer computes
        only its parameter gradients, and dL/d(input) (`grads[0]`, the return) is None."""
        if not self.activations:
            raise ValueError("backward needs a forward first: it reads the forward's activations")
        grad = np.asarray(grad_output, dtype=self.activations[-1].dtype)
        grads: list[FloatArray | None] = [grad]
        for i in reversed(range(1, len(self.layers))):
            grad = self.layers[i].backward(self.activations[i], self.activations[i + 1], grad)
            grads.append(grad)
        first: FloatArray | None = None
        if input_grad:
            first = self.layers[0].backward(self.activations[0], self.activations[1], grad)
        else:
            self.layers[0].backward_params(self.activations[0], self.activations[1], grad)
        grads.append(first)
        self.grads = grads[::-1]
        return first

    def named_parameters(self) -> Params:
        """Every parameter by its dotted name ("C1.weight"), layer by layer, weight before bias."""
        return {
            f"{layer.name}.{key}": value for layer in self.layers for key, value in layer.params().items()
        }

    def named_gradients(self) -> Params:
        """The last backward's parameter gradients, named and ordered as `named_parameters`."""
        return {
            f"{layer.name}.{key}": grad for layer in self.layers for key, grad in layer.param_grads().items()
        }

    def parameters(self) -> list[FloatArray]:
        return list(self.named_parameters().values())

    def to(self, dtype: npt.DTypeLike) -> Sequential:
        """The model with its parameters cast to `dtype`, in place (nn.Module.to(dtype)): a
        float32 model fed a float32 batch computes in float32, otherwise in float64. Build
        optimisers after the cast: they hold the parameter arrays."""
        for layer in self.layers:
            layer.to(dtype)
        self.activations, self.grads = [], []
        return self

    def gradients(self) -> list[FloatArray]:
        return list(self.named_gradients().values())

    def state_dict(self) -> Params:
        return {key: value.copy() for key, value in self.named_parameters().items()}

    def load_state_dict(self, state: Mapping[str, npt.ArrayLike]) -> None:
        """Copy saved values into the parameters, in place (optimisers keep their arrays)."""
        params = self.named_parameters()
        if set(state) != set(params):
            raise ValueError(f"the saved parameters {sorted(state)} are not the model's {sorted(params)}")
        for key, value in state.items():
            if np.shape(value) != params[key].shape:
                raise ValueError(f"{key} is {params[key].shape} in the model, {np.shape(value)} saved")
            params[key][...] = value


class Residual(Layer):
    """A skip connection around `body`: y = x + body(x), shapes equal. Its gradient is the
    upstream gradient plus the body's: the 1 of the skip path never vanishes."""

    def __init__(self, name: str, body: Sequence[Layer]) -> None:
        self.name, self.body = name, Sequential(body)

    def params(self) -> Params:
        return self.body.named_parameters()

    def to(self, dtype: npt.DTypeLike) -> None:
        self.body.to(dtype)

    def param_grads(self) -> Params:
        return self.body.named_gradients()

    def forward(self, input: FloatArray) -> FloatArray:
        return residual_add(input, self.body.forward(input))

    def backward(self, input: FloatArray, output: FloatArray, grad_output: FloatArray) -> FloatArray:
        grad_skip, grad_body = residual_add_backward(grad_output)
        return grad_skip + self.body.backward(grad_body)


def train_step(
    model: Sequential, images: FloatArray, labels: npt.NDArray[np.integer], input_grad: bool = True
) -> float:
    """Forward, mean cross-entropy, backward: the loss, with every gradient left in `model`.
    input_grad=False skips dL/d(images) (model.grads[0] is then None), as a torch training
    step does: the images do not require grad, and the first layer's input gradient is the
    costliest gradient nobody reads."""
    logits = model.forward(images)
    model.backward(cross_entropy_backward(logits, labels), input_grad)
    return float(cross_entropy(logits, labels))


def predict(model: Sequential, images: FloatArray, batch_size: int = 500) -> npt.NDArray[np.intp]:
    """The class with the largest logit for each image, (N,); in chunks, so the activations
    kept afterwards are the last chunk's."""
    chunks = [model.forward(images[i : i + batch_size]) for i in range(0, len(images), batch_size)]
    return np.asarray(np.concatenate(chunks).argmax(axis=1), dtype=np.intp)
