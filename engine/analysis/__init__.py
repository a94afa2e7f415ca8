"""What the operations imply: receptive fields, layer stacks, parameter counts, the convolution
matrix, fan-out, gradient checks and the upstream gradients that start a backward pass."""
