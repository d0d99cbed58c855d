"""
Count the parameters of three layers
====================================

A dense layer that turns an image into a hidden representation of the same size needs a weight for every
(input pixel, hidden unit) pair. Keeping only a small window around each pixel (locality) and then
sharing that window's weights across positions (translation invariance) shrinks the count by many
orders of magnitude. Every count below is checked against the parameters of a real torch module.
"""

# %%
# Three layers, one hidden representation
# ---------------------------------------
# Each layer maps an image of height :math:`h`, width :math:`w` and :math:`c` channels to a hidden
# representation of :math:`h \times w` units, one channel, with a bias per unit (dense and locally
# connected) or per channel (convolutional). The local layers look at a 3 x 3 window with padding 1.
import convdocs as cd

cd.use_book_style()  # the book's fonts, for the chart's Chinese words

KERNEL = 3
image_shapes = {
    "28 x 28 (MNIST)": (28, 28, 1),
    "32 x 32 x 3 (CIFAR)": (32, 32, 3),
    "224 x 224 x 3 (ImageNet)": (224, 224, 3),
    "1000 x 1000 (1 MP)": (1000, 1000, 1),
    "1024 x 1024 x 3": (1024, 1024, 3),
}
counts = {
    name: {
        "dense": cd.dense_params((h, w, c), (h, w)),
        "locally connected": cd.locally_connected_params(
            (h, w), KERNEL, in_channels=c, padding=1
        ),
        "convolutional": cd.conv_params(c, 1, KERNEL),
    }
    for name, (h, w, c) in image_shapes.items()
}
cd.Table(
    ["input", "dense", "locally connected", "convolutional", "dense / conv"],
    [
        [name, *row.values(), row["dense"] // row["convolutional"]]
        for name, row in counts.items()
    ],
    title="Parameters of a layer from an h x w x c image to h x w hidden units",
)

# %%
# The counts are the modules' own
# -------------------------------
# Building the layers on PyTorch's ``meta`` device allocates no memory, so even the
# :math:`10^{12}`-weight dense layer can be counted. A locally connected layer has no torch module; it
# needs one weight row per window that ``torch.nn.functional.unfold`` extracts.
import torch
from torch import nn


def torch_counts(h, w, c):
    dense = nn.Linear(h * w * c, h * w, device="meta")
    conv = nn.Conv2d(c, 1, KERNEL, padding=1, device="meta")
    windows = nn.functional.unfold(
        torch.empty(1, c, h, w, device="meta"), KERNEL, padding=1
    )
    n_windows, window_size = windows.shape[2], windows.shape[1]
    return {
        "dense": sum(p.numel() for p in dense.parameters()),
        "locally connected": n_windows * (window_size + 1),
        "convolutional": sum(p.numel() for p in conv.parameters()),
    }


for name, shape in image_shapes.items():
    assert torch_counts(*shape) == counts[name], name
print("all counts agree with torch")

# %%
# On a log scale
# --------------
# Each step removes orders of magnitude: locality makes the count grow with the number of pixels
# instead of its square, translation invariance makes it independent of the image size.
legend = {
    "dense": "dense / 全连接层",
    "locally connected": "locally connected / 局部连接层",
    "convolutional": "convolutional / 卷积层",
}
series = {legend[layer]: [row[layer] for row in counts.values()] for layer in legend}
labels = [name.replace(" (", "\n(") for name in image_shapes]
fig = cd.parameter_chart(labels, series)
fig.set_label("parameter-chart")  # the name the chapter pages show it by

# %%
# AlexNet's first layer
# ---------------------
# AlexNet's first layer reads a 227 x 227 x 3 image with 96 kernels of 11 x 11 at stride 4, giving
# 55 x 55 x 96 output units. Without weight sharing, each unit needs its own 11 x 11 x 3 weights and a
# bias; with sharing, each of the 96 channels needs them once. The ratio is the number of positions.
shared = cd.conv_params(3, 96, 11)
unshared = cd.locally_connected_params(
    (227, 227), 11, in_channels=3, out_channels=96, stride=4
)
alexnet_conv1 = nn.Conv2d(3, 96, 11, stride=4)
assert shared == sum(p.numel() for p in alexnet_conv1.parameters())
positions = cd.output_size(227, 11, stride=4) ** 2
assert unshared == shared * positions
cd.Table(
    ["AlexNet conv1", "parameters"],
    [
        ["without sharing", unshared],
        ["with sharing", shared],
        ["ratio (output positions)", unshared // shared],
    ],
)
