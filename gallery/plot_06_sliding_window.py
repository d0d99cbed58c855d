r"""
Slide a window over an input
============================

A convolutional layer fills its output one cell at a time: it lays the kernel over a window of the input,
multiplies entry by entry and adds up. Padding adds a border of zeros; a stride skips positions and can
leave the last rows and columns of the input unused.
"""

# %%
# An input and a kernel
# ---------------------
# Small random integers keep the arithmetic readable, and exact: every product and every sum of them is
# an integer that floating point represents exactly, so the checks below compare with ``==``.
import numpy as np
import torch
import torch.nn.functional as F

import convdocs as cd

cd.seed_everything(0)
cd.use_book_style()  # the book's fonts, for the figures' Chinese words
kernel = torch.randint(0, 3, (3, 3)).double()
small, larger = (torch.randint(0, 4, (n, n)).double() for n in (5, 6))

print("kernel:\n", kernel.int())

# %%
# Three settings, step by step
# ----------------------------
# The window (orange) visits every position where it fits, row by row. The kernel is drawn next to the
# input, so each line of the sum, one per kernel row, can be read off the two grids: input value times
# kernel value. Without padding a 5 x 5 input gives 3 x 3. A border of zeros (grey) lets the window
# centre on every pixel, so a 4 x 4 input keeps its size. With stride 2 on a 6 x 6 input a third
# position would need a seventh column, so the last row and column (pink) never reach the output: the
# floor in :func:`convdocs.output_size` drops them. Every step's sum is checked against
# ``torch.nn.functional.conv2d``. Each title gives the input size, the padding :math:`p`, the stride
# :math:`s` and the output size; :math:`y` is the output, indexed by row :math:`i` and column :math:`j`.
import matplotlib.pyplot as plt
from matplotlib.animation import FuncAnimation
from matplotlib.patches import Rectangle

WINDOW, PADDING, UNUSED = "#E69F00", "0.85", "#CC79A7"


def build(parent, x, p, s):
    """Draw one setting in ``parent``; return a step function and the step count."""
    padded = F.pad(x, (p,) * 4)
    output = F.conv2d(x[None, None], kernel[None, None], padding=p, stride=s)[0, 0]
    steps = [(i, j, i * s, j * s) for i, j in np.ndindex(output.shape)]
    for i, j, top, left in steps:  # integers: exact
        assert (padded[top : top + 3, left : left + 3] * kernel).sum() == output[i, j]
    n, size, side = x.shape[0], output.shape[0], padded.shape[0]
    reach = steps[-1][2] + 3
    assert size == cd.output_size(n, 3, padding=p, stride=s)
    colours = np.full(padded.shape, PADDING, dtype=object)
    colours[p : p + n, p : p + n] = "white"
    colours[reach:, :] = colours[:, reach:] = UNUSED  # beyond the last window
    parent.suptitle(f"{n} × {n}, $p = {p}$, $s = {s}$ → {size} × {size}", fontsize=11)
    grids, sums = parent.subplots(1, 2, width_ratios=[3, 2])
    cd.number_grid(grids, padded, colours=colours, title="input / 输入")
    cd.number_grid(
        grids,
        kernel,
        (side + 1, (side - 3) / 2),
        WINDOW + "40",
        title="kernel / 卷积核",
    )
    output_origin = (side + 5, (side - size) / 2)
    results = cd.number_grid(grids, output, output_origin, title="output / 输出 y")
    window = grids.add_patch(
        Rectangle((0, 0), 3, 3, fc=WINDOW + "50", ec=WINDOW, lw=2.5)
    )
    current = grids.add_patch(Rectangle((0, 0), 1, 1, fc="none", ec=WINDOW, lw=2.5))
    text = sums.text(0, 0.5, "", family="monospace", fontsize=10, va="center")
    sums.axis("off")

    def show_step(step):
        i, j, top, left = steps[step]
        window.set_xy((left, top))
        current.set_xy((side + 5 + j, (side - size) / 2 + i))
        for index, result in enumerate(results.values()):
            result.set_visible(index <= step)
        values = padded[top : top + 3, left : left + 3].flatten()
        terms = [f"{v:g}*{w:g}" for v, w in zip(values, kernel.flatten(), strict=True)]
        sums_text = "\n+ ".join(" + ".join(terms[a : a + 3]) for a in (0, 3, 6))
        text.set_text(f"y[{i}, {j}]\n= {sums_text}\n= {output[i, j]:g}")

    return show_step, len(steps)


def animate(x, padding, stride):
    fig = plt.figure(figsize=(6.8, 2.4), dpi=72, layout="constrained")
    show_step, frames = build(fig, x, padding, stride)
    animation = FuncAnimation(fig, show_step, frames, interval=800)
    fig.canvas.draw()  # draw the first frame, as a window would
    return animation


settings = [(small, 0, 1), (small[:4, :4], 1, 1), (larger, 0, 2)]
valid_animation, padded_animation, strided_animation = (animate(*s) for s in settings)

# %%
# The three final states
# ----------------------
# The last frame of each animation, in one still figure.
still = plt.figure(figsize=(6.8, 6.6), layout="constrained")
still.set_label("last-positions")  # the name the chapter pages show it by
# sphinx_gallery_thumbnail_number = 4
for subfigure, setting in zip(still.subfigures(3, 1), settings, strict=True):
    show_step, frames = build(subfigure, *setting)
    show_step(frames - 1)

# %%
# Output sizes, checked against torch
# -----------------------------------
# :func:`convdocs.output_size` against the size ``conv2d`` returns, for input size :math:`n`, kernel size
# :math:`m`, padding :math:`p`, stride :math:`s` and dilation (which spreads the kernel's weights apart).
# Autograd, through windows without the gaps of the dilation, finds the input columns that no window
# covers: the pixels the floor drops.
import itertools

rows = []
for n, m, p, s, dil in itertools.product((6, 7), (3,), (0, 1), (1, 2, 3), (1, 2)):
    image = torch.ones(1, 1, n, n, requires_grad=True)
    out = F.conv2d(image, torch.ones(1, 1, m, m), padding=p, stride=s, dilation=dil)
    size = cd.output_size(n, m, padding=p, stride=s, dilation=dil)
    assert out.shape[-1] == size
    span = dil * (m - 1) + 1  # a window's footprint, gaps included
    F.conv2d(image, torch.ones(1, 1, span, span), padding=p, stride=s).sum().backward()
    dropped = int((image.grad[0, 0].sum(dim=0) == 0).sum())
    floor_drops = "yes" if dropped else ""
    rows.append([n, m, p, s, dil, size, out.shape[-1], dropped, floor_drops])
columns = ["n", "m", "p", "s", "dilation", "output_size"]
columns += ["torch", "dropped", "floor drops"]
print("output_size agrees with torch on every row")
cd.Table(columns, rows, title="Sizes along one axis of a convolution")
