r"""
Measure receptive fields with autograd
======================================

The receptive field of an output unit is every input pixel that can change it. Back-propagating from one
unit through a stack of all-ones kernels marks exactly those pixels, and the gradient even counts the
paths from each pixel to the unit. Every measured field below is checked against the formula.
"""

# %%
# Two 2 x 2 layers see a 3 x 3 image
# ----------------------------------
# On a 3 x 3 input, one 2 x 2 layer gives a 2 x 2 feature map and a second one a single unit. That unit
# depends on all nine pixels: :func:`convdocs.measure_receptive_field` finds no zero in the gradient, and
# the centre pixel reaches the unit along the most paths.
import convdocs as cd

cd.use_book_style()  # the book's fonts, for the figures' Chinese words

tiny = cd.measure_receptive_field([2, 2], input_size=3)
assert bool((tiny.gradient > 0).all()) and tiny.size == (3, 3)
print("paths from each input pixel to the output unit:")
print(tiny.gradient.int())

# %%
# Stacking 3 x 3 layers
# ---------------------
# Each unpadded 3 x 3 layer widens the field by one pixel on every side. The outlined square is where
# the formula of :func:`convdocs.receptive_field` puts the centre unit's field, found from the output
# sizes alone (:func:`convdocs.output_size`); the colours are the measured path counts, and pixels
# with no path to the unit stay white. Each panel is a stack of :math:`L` layers and is titled with
# the side :math:`r` of the field it measured.
import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator


def formula_box(kernels, strides, dilations, input_size):
    """Top-left pixel and side of the centre unit's field, predicted without autograd."""
    size = input_size
    for kernel, stride, dilation in zip(kernels, strides, dilations, strict=True):
        size = cd.output_size(size, kernel, stride=stride, dilation=dilation)
    corner = (size - 1) // 2 * math.prod(strides)
    return corner, cd.receptive_field(kernels, strides, dilations)


def draw_fields(stacks, input_size, suptitle):
    """Measure each stack on one input; draw its path counts, outline the formula's square."""
    fields = [cd.measure_receptive_field(*stack[:3], input_size) for stack in stacks]
    fig, axes = plt.subplots(2, 2, figsize=(5.6, 5.4), layout="compressed")
    for ax, stack, field in zip(axes.flat, stacks, fields, strict=True):
        paths = np.ma.masked_equal(field.gradient.numpy(), 0)  # no path: white
        image = ax.imshow(paths, cmap="viridis", vmin=0)
        fig.colorbar(
            image, ax=ax, label="paths / 路径数", ticks=MaxNLocator(4, integer=True)
        )
        corner, side = formula_box(*stack[:3], input_size)
        square = Rectangle((corner - 0.5,) * 2, side, side, fill=False, ec="#D55E00")
        ax.add_patch(square).set_linewidth(1.5)
        ax.set(xticks=[], yticks=[], title=f"{stack[3]}, r = {field.size[0]}")
    fig.suptitle(suptitle)
    legend = "white: no path, orange: the formula's square\n白色：没有路径；橙色：公式给出的方框"
    fig.supxlabel(legend, fontsize=10)
    return fields


plain = [([3] * n, [1] * n, [1] * n, f"L = {n}") for n in range(1, 5)]
title = "Stacks of 3 × 3 layers, 11 × 11 input\n3 × 3 层的堆叠，输入 11 × 11"
plain_fields = draw_fields(plain, 11, title)
plt.gcf().set_label("stacked-fields")  # the name the chapter pages show it by

# %%
# Dilation and stride
# -------------------
# A dilated kernel spreads its taps apart, and a stride makes every later layer step over several
# pixels: both grow the field much faster. Dilations :math:`d` of 1, 2, 4 fill a large square; two
# layers of dilation 2 leave holes, pixels inside the square that no path reaches. Strides :math:`s`
# of 2 make the field grow faster still.
spread = [
    ([3, 3, 3], [1, 1, 1], [1, 2, 4], "d = 1, 2, 4"),
    ([3, 3], [1, 1], [2, 2], "d = 2, 2"),
    ([3, 3], [2, 1], [1, 1], "s = 2, 1"),
    ([3, 3, 3], [2, 2, 1], [1, 1, 1], "s = 2, 2, 1"),
]
title = "Dilated and strided stacks, 23 × 23 input\n膨胀与步幅的堆叠，输入 23 × 23"
spread_fields = draw_fields(spread, 23, title)

# %%
# Formula and measurement agree
# -----------------------------
# The formula :math:`r = 1 + \sum_l d_l (k_l - 1) \prod_{m<l} s_m` against the side of the measured
# box, for every stack above; the last column counts the holes inside the box.
rows = []
stacks, fields = plain + spread, plain_fields + spread_fields
for (kernels, strides, dilations, label), measured in zip(stacks, fields, strict=True):
    formula = cd.receptive_field(kernels, strides, dilations)
    assert measured.size == (formula, formula), label
    top, left, bottom, right = measured.box
    holes = int((measured.gradient[top:bottom, left:right] == 0).sum())
    rows.append([label, str(kernels), formula, measured.size[0], holes])
print("every measured receptive field equals the formula")
cd.Table(["stack", "kernel sizes", "formula r", "measured side", "holes"], rows)
