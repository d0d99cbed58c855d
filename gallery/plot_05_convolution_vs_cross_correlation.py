r"""
Convolution versus cross-correlation
====================================

A convolutional layer slides its kernel over the input as it is, which mathematicians call a
cross-correlation; a convolution first flips the kernel on both axes. A single bright pixel shows the
difference at once, an asymmetric glyph shows it on a picture, and SciPy and NumPy confirm which is which.
"""

# %%
# One bright pixel
# ----------------
# Slide an L-shaped kernel over an image that is 0 everywhere except for a single 1 in its middle: each
# output value is the one kernel weight that lands on the bright pixel, so the output is a copy of the
# kernel. Cross-correlation (what ``torch.nn.functional.conv2d`` computes) copies it rotated by 180
# degrees; convolution copies it as it is. With 0s and 1s every sum is exact, so ``torch.equal`` checks.
# In the figure, :math:`a` and :math:`b` count the rows and columns of the kernel, :math:`i` and
# :math:`j` those of the outputs.
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

import convdocs as cd

cd.seed_everything(0)
cd.use_book_style()  # the book's fonts, for the figures' Chinese words
kernel = torch.tensor([[1, 0, 0], [1, 0, 0], [1, 1, 1]]).double()
impulse = torch.zeros(5, 5, dtype=torch.float64)
impulse[2, 2] = 1.0
correlated = F.conv2d(impulse[None, None], kernel[None, None])[0, 0]
convolved = cd.conv2d(impulse, kernel)
assert torch.equal(correlated, cd.corr2d(impulse, kernel))
assert torch.equal(correlated, torch.flip(kernel, dims=(0, 1)))
assert torch.equal(convolved, kernel)

# sphinx_gallery_thumbnail_number = 1
ratios = [5, 3, 3, 3]
fig, axes = plt.subplots(
    1, 4, figsize=(7.2, 2.9), width_ratios=ratios, layout="compressed"
)
fig.suptitle(
    "What each operation makes of one bright pixel\n两种运算对一个亮像素的结果"
)
fig.set_label("impulse-response")  # the name the chapter pages show it by
panels = [
    (impulse, "input / 输入"),
    (kernel, "kernel / 卷积核\nK[a, b]"),
    (
        correlated,
        "cross-correlation\n互相关 = K[2 \N{MINUS SIGN} i, 2 \N{MINUS SIGN} j]",
    ),
    (convolved, "convolution\n卷积 = K[i, j]"),
]
axis_names = [("column / 列", "row / 行"), ("$b$", "$a$"), ("$j$", "$i$"), ("$j$", "")]
for ax, (values, title), (xlabel, ylabel) in zip(axes, panels, axis_names, strict=True):
    cd.show_kernel(values, ax=ax, title=title, fmt="g")
    ax.set_title(title, fontsize=10)
    ax.set(xlabel=xlabel, ylabel=ylabel)

# %%
# The worked example
# ------------------
# The small example of *Dive into Deep Learning* :cite:p:`zhang2023dive`, a 3 x 3 input and a 2 x 2
# kernel: each output is the sum of a 2 x 2 window times the kernel, entry by entry.
# :func:`convdocs.corr2d` computes it from that definition and ``torch.nn.functional.conv2d`` agrees
# (small integers again: exact).
x = torch.arange(9.0).reshape(3, 3)
small_kernel = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
worked = cd.corr2d(x, small_kernel)
assert torch.equal(worked, F.conv2d(x[None, None], small_kernel[None, None])[0, 0])
assert torch.equal(worked, torch.tensor([[19.0, 25.0], [37.0, 43.0]]))
pairs = zip(x[:2, :2].flatten(), small_kernel.flatten(), strict=True)
products = [f"{v:g}*{w:g}" for v, w in pairs]
print("top-left output:", " + ".join(products), f"= {worked[0, 0]:g}")
print(worked)

# %%
# An asymmetric glyph
# -------------------
# The letter F in a 12 x 12 image and the same L-shaped kernel, which responds to a stroke on the left
# of its window and one along the bottom. Flipped on both axes it becomes a stroke along the top and
# one on the right, so the two operations light up different parts of the F.
import numpy as np
from scipy import signal

glyph = torch.zeros(12, 12, dtype=torch.float64)
glyph[2:10, 3:5] = 1.0  # stem
glyph[2:4, 3:9] = 1.0  # top bar
glyph[5:7, 3:8] = 1.0  # middle bar
correlation = F.conv2d(glyph[None, None], kernel[None, None])[0, 0]
convolution = cd.conv2d(glyph, kernel)
assert torch.equal(correlation, cd.corr2d(glyph, kernel))
pixels, weights = glyph.numpy(), kernel.numpy()
for ours, scipy_result in [
    (correlation, signal.correlate2d(pixels, weights, mode="valid")),
    (convolution, signal.convolve2d(pixels, weights, mode="valid")),
    (correlation, signal.convolve2d(pixels, weights[::-1, ::-1], mode="valid")),
]:
    assert np.array_equal(ours.numpy(), scipy_result)
assert not torch.equal(correlation, convolution)
print("F.conv2d == corr2d == correlate2d == convolve2d with the flipped kernel")

fig, axes = plt.subplots(1, 4, figsize=(7.2, 3.0), layout="compressed")
cd.show_image(glyph, ax=axes[0], title="glyph / 字形 F\n12 × 12")
cd.show_kernel(kernel, ax=axes[1])
fig.set_label("glyph-responses")  # the name the chapter pages show it by
largest = float(max(correlation.max(), convolution.max()))
titles = ["cross-correlation\n互相关 (F.conv2d)", "convolution\n卷积 (convolve2d)"]
for ax, output, title in zip(axes[2:], (correlation, convolution), titles, strict=True):
    image = ax.imshow(output.numpy(), cmap="viridis", vmin=0, vmax=largest)
    ax.set(title=title, xlabel="column / 列", xticks=range(0, 10, 3), yticks=[])
fig.suptitle(
    "One kernel, slid as it is and flipped on both axes\n同一个卷积核：原样滑动与翻转后滑动"
)
colorbar = fig.colorbar(image, ax=axes[2:], label="response / 响应", shrink=0.8)

# %%
# One convolution in one dimension
# ---------------------------------
# Equation (5), :math:`(f * g)(i) = \sum_a f(a) g(i - a)`, kept wherever the two sequences overlap. As
# written it reads :math:`g` backwards; since :math:`f * g = g * f`, either sequence can be the one flipped.
# :func:`convdocs.conv1d` writes that sum out; ``numpy.convolve`` computes the same full output.
f = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)
g = torch.tensor([1.0, 0.0, -1.0], dtype=torch.float64)
print("conv1d(f, g)      =", cd.conv1d(f, g).tolist())
print("numpy.convolve    =", np.convolve(f, g).tolist())
assert np.array_equal(cd.conv1d(f, g).numpy(), np.convolve(f, g))

# %%
# Convolution commutes, cross-correlation does not
# ------------------------------------------------
# Substituting :math:`a' = i - a` in the sum turns :math:`f * g` into :math:`g * f`. Random sequences and
# random 2-D arrays, convolved in full mode, check it up to rounding (each output adds at most 4 and 6
# products); swapping the arguments of a cross-correlation instead reverses its output.
f_long, g_long = torch.randn(7).double(), torch.randn(4).double()
cd.assert_close(cd.conv1d(f_long, g_long), cd.conv1d(g_long, f_long), terms=4)
first, second = torch.randn(5, 6).double().numpy(), torch.randn(3, 2).double().numpy()
full = signal.convolve2d(first, second, mode="full")
cd.assert_close(full, signal.convolve2d(second, first, mode="full"), terms=6)
ab = signal.correlate2d(first, second, mode="full")
ba = signal.correlate2d(second, first, mode="full")
cd.assert_close(ab, np.flip(ba).copy(), terms=6)
print("f * g == g * f in 1-D and 2-D")
print("correlate2d(first, second) == correlate2d(second, first) rotated by 180 degrees")
print(f"largest |difference| of the two, unrotated: {np.abs(ab - ba).max():.3f}")
