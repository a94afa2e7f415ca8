"""The pages of ConvLab, in one place: the navigation and the Home page's tour both read it."""

from __future__ import annotations

from dataclasses import dataclass

from text.chapters import NETWORKS


@dataclass(frozen=True)
class PageInfo:
    path: str
    title: str
    icon: str
    url_path: str
    summary: str


PAGES = (
    PageInfo(
        "app_pages/convolution.py",
        "Convolution",
        ":material/blur_on:",
        "convolution",
        "One kernel sliding over one map: products, sum and bias; padding (zeros, reflect, replicate, "
        "circular; valid, same, full), stride, dilation; the output-size formula with your numbers; cells "
        "no window reads; cross-correlation versus convolution; real pictures in image mode.",
    ),
    PageInfo(
        "app_pages/volumes.py",
        "Volumes",
        ":material/view_in_ar:",
        "volumes",
        "C_in channels and K filters make K maps: depth columns, per-channel partial sums and the bias, "
        "groups and depthwise convolution, parameter counts against a dense layer, the textbook's layers.",
    ),
    PageInfo(
        "app_pages/pooling.py",
        "Pooling",
        ":material/grid_view:",
        "pooling",
        "Max, min and average pooling with kernel, stride, padding, dilation and ceil mode; the winner of "
        "each window; overlapping pooling; pooling versus a strided convolution.",
    ),
    PageInfo(
        "app_pages/backprop.py",
        "Backpropagation",
        ":material/undo:",
        "backprop",
        "dL/dW, dL/dX and dL/db as the convolutions they are, cell by cell; the padding cropped or folded; "
        "fan-out; pooling's routing; a numerical check; vanishing gradients and skip connections.",
    ),
    PageInfo(
        "app_pages/transposed.py",
        "Transposed convolution",
        ":material/open_in_full:",
        "transposed",
        "Each input cell stamps the kernel into a larger output; the same as a correlation of the "
        "zero-inserted input with the rotated kernel; the gradient of a convolution; checkerboard artifacts.",
    ),
    PageInfo(
        "app_pages/why.py",
        "Why convolutions",
        ":material/lightbulb:",
        "why",
        "The convolution as a sparse, weight-shared matrix (its transpose is the transposed convolution); "
        "locality; translation equivariance, where stride breaks it, and invariance from pooling.",
    ),
    PageInfo(
        "app_pages/receptive.py",
        "Receptive field",
        ":material/center_focus_strong:",
        "receptive",
        "A stack of layers: click a unit to see its field in every layer; size, jump and start with the "
        "recurrence; the effective receptive field; the field on a picture; a 1-D view of deep stacks.",
    ),
    PageInfo(
        "app_pages/architectures.py",
        "Architectures",
        ":material/account_tree:",
        "architectures",
        "LeNet-5, AlexNet, VGG-16, a ResNet stem or your own stack: shapes, parameters and receptive field "
        "per layer, layers that do not tile, convolutions against fully connected layers, CSV export.",
    ),
    PageInfo(
        "app_pages/network.py",
        "Network",
        ":material/hub:",
        "network",
        "A trained LeNet-5 reads a held-out or drawn digit: every layer's maps, each activation traced "
        "back to its arithmetic; train LeNet-5 or a deep stack while each layer's gradient norm is drawn.",
    ),
    PageInfo(
        "app_pages/practice_page.py",
        "Practice",
        ":material/quiz:",
        "practice",
        "Generated exercises that check your answers: output sizes, parameter counts, one output or "
        "gradient value, receptive fields, which cells an output reads; worked solutions that open "
        "each exercise on its page; a set number in the link gives a whole class the same set; the "
        f"review questions of {NETWORKS}, answered in your own words or numbers.",
    ),
    PageInfo(
        "app_pages/class_page.py",
        "Class",
        ":material/groups:",
        "class",
        "Join your class with its code: your screen follows the instructor's, and you answer the "
        "questions they ask together. Instructors open a class, project its QR code, see the answers "
        "arrive and compose lessons.",
    ),
)
