"""Fan-out: which outputs a cell of the input feeds, and through which weight.

The pattern explains the gradients: dL/dx[r, c] sums dL/dy over the outputs the input cell
fed, each times the weight it met; dL/dw[i, j] sums dL/dy times the input each output read
through that weight.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.geometry import WindowGeometry


@dataclass(frozen=True)
class Link:
    """One product of the forward pass: output[output] += weight[weight] · padded[input]."""

    output: tuple[int, int]
    weight: tuple[int, int]
    input: tuple[int, int]  # in the padded frame


def links(layer: WindowGeometry) -> list[Link]:
    """Every product of a single-channel convolution, output by output in row-major order."""
    rows, cols = layer.rows, layer.cols
    return [
        Link((r, c), (i, j), (tr, tc))
        for r in range(rows.out)
        for c in range(cols.out)
        for i, tr in enumerate(rows.taps(r))
        for j, tc in enumerate(cols.taps(c))
    ]


def input_fan_out(layer: WindowGeometry, row: int, col: int) -> list[Link]:
    """The products that padded-frame cell (row, col) takes part in."""
    return [link for link in links(layer) if link.input == (row, col)]


def weight_fan_out(layer: WindowGeometry, i: int, j: int) -> list[Link]:
    """The products weight (i, j) takes part in: one per output cell."""
    return [link for link in links(layer) if link.weight == (i, j)]
