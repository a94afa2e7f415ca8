"""The explanations that do not depend on the user's numbers."""

from __future__ import annotations

from text.chapters import CHAPTER_SIX, COURSE_NOTES

CORRELATION_VS_CONVOLUTION = """
What deep-learning libraries call *convolution* (PyTorch's `conv2d`, and this page by default)
is **cross-correlation**: the kernel slides over the input as it is, and output cell (r, c) is
Σ x[r + i, c + j] · w[i, j].

**Convolution** in the mathematical sense first rotates the kernel by 180 degrees:
Σ x[r + i, c + j] · w[kH − 1 − i, kW − 1 − j]. Turn on *True convolution* to see it.

For a symmetric kernel (box blur, Gaussian, Laplacian) the two give the same output. For Sobel x
the signs flip, and for emboss the light comes from the other side. A network learns its
kernels, so it does not matter which one it computes: it simply learns the rotated kernel.
"""


POOLING_VERSUS_STRIDE = """
Both shrink the map by the stride. The difference is what decides each output value:

- **Pooling has no weights.** Max pooling keeps the strongest response in each window, whatever
  its position inside it, so small shifts of a feature do not change the output; average
  pooling blurs. Each channel is pooled on its own.
- **A strided convolution learns its weights.** Here it is shown with a box kernel (every weight
  1/n, which is average pooling with count_include_pad); a network would learn any kernel, and a
  convolution mixes all input channels. It costs parameters and computation, and it can learn
  to keep what matters for the task instead of a fixed rule.
"""


CROP_AND_FOLD = {
    "zeros": "The forward pass added the outlined padding cells. They are not inputs, so their gradient "
    "is simply **cropped away**: dL/dX is the inner part.",
    "reflect": "The outlined padding cells are mirror copies of input cells, so their gradient is **folded "
    "back**: each padding cell adds its gradient to the input cell it copied.",
    "replicate": "The outlined padding cells are copies of the edge cells, so their gradient is **folded "
    "back** onto the edge: edge cells collect the gradient of every copy.",
    "circular": "The outlined padding cells are copies of the opposite side, so their gradient is **folded "
    "back** across: it wraps around onto the cells that were copied.",
}


SKIP_CONNECTIONS = """
Backpropagation through a stack multiplies one local derivative per layer. For tanh each factor
is 1 − tanh² ≤ 1, and far from 0 it is tiny, so through n nested tanh the product
**dC/dθ = Π (1 − tanh²(hᵢ))** shrinks towards zero as n grows: the early layers stop learning
(the *vanishing gradient*). A **skip connection** adds the input back, C_res(θ) = C(θ) + θ, which
adds a path whose derivative is exactly 1: **dC_res/dθ = dC/dθ + 1** can never vanish. ResNets
stack such blocks, each skipping one or two layers.
"""


TRANSPOSED_AS_GRADIENT = """
A transposed convolution is not an inverse: it does not undo the convolution. It is its
**transpose**: the convolution is a matrix A acting on the flattened input, and the transposed
convolution applies Aᵀ. That is exactly what backpropagation needs, since dL/dX = Aᵀ·dL/dY. So
`conv_transpose2d(x, w)` equals the gradient dL/dX of `conv2d(·, w)` with the same stride, padding
and dilation when dL/dY = x, which the two grids below show with your numbers.
"""


CHECKERBOARD = """
**Checkerboard artifacts.** When the kernel size is not a multiple of the stride, neighbouring
stamps overlap unevenly: some output cells receive more stamps than others, and the output shows
a grid pattern even for a constant input. The counts below are conv_transpose2d of all-ones
with an all-ones kernel. Kernel 4 with stride 2 covers evenly; kernel 3 with stride 2 does not.
"""


EQUIVARIANCE = f"""
**Convolution is translation *equivariant*, not invariant** ({CHAPTER_SIX} calls it invariant;
{COURSE_NOTES} has it right): shift the input and the feature map shifts by the same amount, so a
detector finds a pattern wherever it is, and tells you where. Invariance, an output that does not
change at all, comes from pooling and from global operations on top (global max or average pooling).
"""


DILATION_VERSUS_LARGER = """
**Why a 3x3 kernel with dilation 2 instead of a 5x5?** Both see 5 cells across (compare the presets
*one 3x3 with dilation 2* and *one 5x5*), but the dilated kernel has 9 weights instead of 25 and
needs 9 multiplications per output instead of 25. Stacking dilations 1, 2, 4, 8 grows the field
exponentially (31 cells after four layers) while every layer keeps 9 weights and the map keeps its
size. The price: a dilated kernel skips cells, so a single layer has holes in its field (the
effective receptive field shows them).
"""
