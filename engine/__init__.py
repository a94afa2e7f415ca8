"""ConvLab's engine: pure NumPy, torch.nn.functional's names and semantics, with step traces.

Forward: conv2d, pad, conv_transpose2d, max_pool2d, min_pool2d, avg_pool2d.
Backward: conv2d_backward, max_pool2d_backward, min_pool2d_backward, avg_pool2d_backward.
Each op lives in engine.ops with its backward and a readable loop twin (`*_loop`); the windows
they read are resolved once in engine.geometry; traces live in engine.trace, receptive fields,
stacks and numerical gradients in engine.analysis.

Training: linear, relu, tanh, sigmoid, cross_entropy (each with its backward), flatten and a
residual add in engine.ops; torch.optim's SGD and Adam in engine.optim; a model of layers that
keeps every activation and gradient in engine.model; LeNet-5 and deep stacks in engine.networks.
"""

from engine.analysis.gradcheck import central_difference, numerical_gradient
from engine.geometry import WindowGeometry, conv_geometry
from engine.ops.activations import (
    relu,
    relu_backward,
    relu_backward_loop,
    sigmoid,
    sigmoid_backward,
    sigmoid_backward_loop,
    tanh,
    tanh_backward,
    tanh_backward_loop,
)
from engine.ops.avg_pool import avg_pool2d, avg_pool2d_backward, avg_pool2d_backward_loop, avg_pool2d_loop
from engine.ops.conv import conv2d, conv2d_loop
from engine.ops.conv_backward import conv2d_backward, conv2d_backward_loop
from engine.ops.conv_transpose import conv_transpose2d, conv_transpose2d_loop, conv_transpose_output_size
from engine.ops.linear import (
    flatten,
    flatten_backward,
    linear,
    linear_backward,
    linear_backward_loop,
    residual_add,
    residual_add_backward,
)
from engine.ops.loss import (
    cross_entropy,
    cross_entropy_backward,
    cross_entropy_backward_loop,
    log_softmax,
    softmax,
)
from engine.ops.padding import pad
from engine.ops.pool import (
    max_pool2d,
    max_pool2d_backward,
    max_pool2d_backward_loop,
    max_pool2d_loop,
    min_pool2d,
    min_pool2d_backward,
    min_pool2d_backward_loop,
    min_pool2d_loop,
)
from engine.pool_geometry import pool_geometry

__all__ = [
    "WindowGeometry",
    "avg_pool2d",
    "avg_pool2d_backward",
    "avg_pool2d_backward_loop",
    "avg_pool2d_loop",
    "central_difference",
    "conv2d",
    "conv2d_backward",
    "conv2d_backward_loop",
    "conv2d_loop",
    "conv_geometry",
    "conv_transpose2d",
    "conv_transpose2d_loop",
    "conv_transpose_output_size",
    "cross_entropy",
    "cross_entropy_backward",
    "cross_entropy_backward_loop",
    "flatten",
    "flatten_backward",
    "linear",
    "linear_backward",
    "linear_backward_loop",
    "log_softmax",
    "max_pool2d",
    "max_pool2d_backward",
    "max_pool2d_backward_loop",
    "max_pool2d_loop",
    "min_pool2d",
    "min_pool2d_backward",
    "min_pool2d_backward_loop",
    "min_pool2d_loop",
    "numerical_gradient",
    "pad",
    "pool_geometry",
    "relu",
    "relu_backward",
    "relu_backward_loop",
    "residual_add",
    "residual_add_backward",
    "sigmoid",
    "sigmoid_backward",
    "sigmoid_backward_loop",
    "softmax",
    "tanh",
    "tanh_backward",
    "tanh_backward_loop",
]
