r"""
Slide two filters over three channels
=====================================

A layer with three input channels and two output channels, padding 1 and stride 2: at every position
of the window, each filter multiplies all three channels of the window by its own three kernels, adds
the 27 products and its bias, and writes one number into its own output channel.
"""

# %%
# The layer
# ---------
# A 5 x 5 input with 3 channels, two filters of shape 3 x 3 x 3 and a bias per filter, all small
# integers: every product and sum is then exact in floating point, so the checks below use ``==``.
# ``torch.nn.functional.conv2d`` computes the output, and :func:`convdocs.output_size` predicts its
# size: with padding 1 and stride 2, 5 pixels give 3 outputs along each axis.
import numpy as np
import torch
import torch.nn.functional as F

import convdocs as cd

cd.seed_everything(0)
cd.use_book_style()  # the book's fonts, for the figures' Chinese words
PADDING, STRIDE = 1, 2
x = torch.randint(0, 3, (3, 5, 5)).double()  # (in_channels, height, width)
# (out_channels, in_channels, kernel height, kernel width)
weight = torch.randint(-1, 2, (2, 3, 3, 3)).double()
bias = torch.tensor([1.0, 0.0], dtype=torch.float64)
output = F.conv2d(x[None], weight, bias, padding=PADDING, stride=STRIDE)[0]
assert output.shape[1] == cd.output_size(5, 3, padding=PADDING, stride=STRIDE)
print(f"input {tuple(x.shape)}, weight {tuple(weight.shape)}")
print(f"output {tuple(output.shape)}")

# %%
# Every drawn number, checked
# ---------------------------
# At each position the window covers the same 3 x 3 patch of all three (padded) channels. Filter
# :math:`d` adds up, for each input channel :math:`c`, the patch times its kernel ``weight[d, c]``;
# the three channel sums plus the bias must give the output that ``conv2d`` computed.
padded = F.pad(x, (PADDING,) * 4)
steps = []
for i, j in np.ndindex(output.shape[1:]):
    patch = padded[:, i * STRIDE : i * STRIDE + 3, j * STRIDE : j * STRIDE + 3]
    channel_sums = (patch * weight).sum(dim=(2, 3))  # (filter, channel)
    assert torch.equal(channel_sums.sum(dim=1) + bias, output[:, i, j])
    steps.append((i, j, channel_sums))
print(f"{len(steps)} positions x 2 filters: every sum equals conv2d's output")

# %%
# The animation
# -------------
# One frame per window position (orange). Filter 0 (blue) and filter 1 (green) each read the whole
# window, every channel with its own kernel; the table adds up each channel's products and the bias,
# and the result appears in the filter's output channel. Grey cells are the padding. The grids are
# named as in the code: ``x[c]`` is input channel :math:`c`, ``w[d, c]`` the kernel of filter
# :math:`d` for that channel, ``u[d]`` its bias and ``y[d]`` its output channel.
import matplotlib.pyplot as plt
from matplotlib.animation import FuncAnimation
from matplotlib.patches import Rectangle

WINDOW, FILTERS = "#E69F00", ("#56B4E9", "#009E73")
LIGHT_WINDOW, LIGHT = WINDOW + "40", [c + "40" for c in FILTERS]  # see-through
SIDE = padded.shape[1]
OUT_X, OUT_Y = 3 * SIDE + 3.5, (SIDE - 3) / 2  # where the output channels start


def build(fig):
    """Draw the layer in ``fig``; return a function that shows step k."""
    grids, table = fig.subplots(2, 1, height_ratios=[5, 1])
    fills = np.full((SIDE, SIDE), "0.85", dtype=object)
    fills[PADDING:-PADDING, PADDING:-PADDING] = "white"
    results = []
    for c in range(3):
        left = c * (SIDE + 1)
        cd.number_grid(grids, padded[c], (left, 0), fills, f"input / 输入 x[{c}]")
        for d in range(2):
            origin = (left + 4 * d, SIDE + 1.5)
            cd.number_grid(grids, weight[d, c], origin, LIGHT[d], f"w[{d}, {c}]")
    for d in range(2):
        top_left = (OUT_X + 4 * d, OUT_Y)
        grid = cd.number_grid(grids, output[d], top_left, None, f"y[{d}]")
        results.append(list(grid.values()))
        origin = (OUT_X + 4 * d + 1, SIDE + 2.5)
        cd.number_grid(grids, bias[d].reshape(1, 1), origin, LIGHT[d], f"u[{d}]")
    windows = [Rectangle((0, 0), 3, 3, fc=LIGHT_WINDOW, ec=WINDOW, lw=2) for _ in "rgb"]
    cells = [Rectangle((0, 0), 1, 1, fc="none", ec=c, lw=2.5) for c in FILTERS]
    for patch in windows + cells:
        grids.add_patch(patch)
    text = table.text(0.5, 0.5, "", family="monospace", ha="center", va="center")
    text.set_multialignment("left")
    table.axis("off")

    def show_step(k):
        i, j, channel_sums = steps[k]
        for c, window in enumerate(windows):
            window.set_xy((c * (SIDE + 1) + j * STRIDE, i * STRIDE))
        for d, cell in enumerate(cells):
            cell.set_xy((OUT_X + 4 * d + j, OUT_Y + i))
            for index, number in enumerate(results[d]):
                number.set_visible(index <= k)
        names = [f"c = {c}" for c in range(3)] + ["u[d]", f"y[d, {i}, {j}]"]
        lines = [" " * 7 + "   ".join(f"{n:^9}" for n in names)]
        for d in range(2):
            values = [f"{v:^9g}" for v in [*channel_sums[d].tolist(), bias[d]]]
            total = f"{output[d, i, j]:^9g}"
            lines.append(f"d = {d}".ljust(7) + " + ".join(values) + " = " + total)
        text.set_text("\n".join(lines))

    return show_step


fig = plt.figure(figsize=(7.2, 3.6), dpi=72, layout="constrained")
show_step = build(fig)
fig.suptitle(
    f"{len(x)} input channels, {len(weight)} filters, padding {PADDING}, stride {STRIDE}\n"
    f"{len(x)} 个输入通道，{len(weight)} 个滤波器，填充 {PADDING}，步幅 {STRIDE}",
    fontsize=11,
)
animation = FuncAnimation(fig, show_step, len(steps), interval=1200)
fig.canvas.draw()  # draw the first frame, as a window would

# %%
# One step, still
# ---------------
# The last position, where the window reaches the padding at the bottom and on the right.
still = plt.figure(figsize=(7.2, 3.6), layout="constrained")
still.set_label("last-position")  # the name the chapter pages show it by
# sphinx_gallery_thumbnail_number = 2
title = "One position of the window, both filters at work\n窗口的一个位置：两个滤波器同时计算"
still.suptitle(title, fontsize=12)
build(still)(len(steps) - 1)
