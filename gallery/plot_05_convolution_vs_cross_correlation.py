r"""
Convolution versus cross-correlation
====================================

A convolutional layer slides its kernel over the input as it is, which mathematicians call a
cross-correlation; a convolution first flips the kernel on both axes. An asymmetric kernel on an
asymmetric glyph shows the difference, and SciPy and NumPy confirm which is which.
"""

# %%
# The worked example
# ------------------
# A 3 x 3 input and a 2 x 2 kernel: each output is the sum of a 2 x 2 window times the kernel, entry by
# entry. :func:`convdocs.corr2d` computes it from that definition and ``torch.nn.functional.conv2d``
# agrees.
import torch
import torch.nn.functional as F

import convdocs as cd

cd.seed_everything(0)
x = torch.arange(9.0).reshape(3, 3)
k = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
worked = cd.corr2d(x, k)
torch.testing.assert_close(worked, F.conv2d(x[None, None], k[None, None])[0, 0])
torch.testing.assert_close(worked, torch.tensor([[19.0, 25.0], [37.0, 43.0]]))
window = x[:2, :2].flatten()
products = [f"{v:g}*{w:g}" for v, w in zip(window, k.flatten(), strict=True)]
print("top-left output:", " + ".join(products), f"= {worked[0, 0]:g}")
print(worked)

# %%
# An asymmetric glyph and kernel
# ------------------------------
# The letter F in a 12 x 12 image and an L-shaped kernel that responds to a stroke on the left of its
# window and one along the bottom. Flipping the L on both axes turns it into a stroke along the top and
# one on the right, so the two operations light up different parts of the F.
import matplotlib.pyplot as plt
import numpy as np
from scipy import signal

glyph = torch.zeros(12, 12, dtype=torch.float64)
glyph[2:10, 3:5] = 1.0  # stem
glyph[2:4, 3:9] = 1.0  # top bar
glyph[5:7, 3:8] = 1.0  # middle bar
kernel = torch.tensor([[1, 0, 0], [1, 0, 0], [1, 1, 1]]).double()

correlation = F.conv2d(glyph[None, None], kernel[None, None])[0, 0]
convolution = cd.conv2d(glyph, kernel)
torch.testing.assert_close(correlation, cd.corr2d(glyph, kernel))
pixels, weights = glyph.numpy(), kernel.numpy()
flipped = torch.flip(kernel, dims=(0, 1)).numpy()
for ours, scipy_result in [
    (correlation, signal.correlate2d(pixels, weights, mode="valid")),
    (convolution, signal.convolve2d(pixels, weights, mode="valid")),
    (correlation, signal.convolve2d(pixels, flipped, mode="valid")),
]:
    np.testing.assert_allclose(ours.numpy(), scipy_result)
assert not torch.equal(correlation, convolution)
print("F.conv2d == corr2d == correlate2d == convolve2d with the flipped kernel")

fig, axes = plt.subplots(1, 4, figsize=(7.2, 2.6), layout="compressed")
cd.show_image(glyph, ax=axes[0], title="glyph, 12 x 12")
cd.show_kernel(kernel, ax=axes[1], title="kernel")
largest = max(correlation.max(), convolution.max())
titles, ticks = (
    ["cross-correlation\n(F.conv2d)", "convolution\n(convolve2d)"],
    [0, 3, 6, 9],
)
for ax, output, title in zip(axes[2:], (correlation, convolution), titles, strict=True):
    image = ax.imshow(output.numpy(), cmap="viridis", vmin=0, vmax=float(largest))
    ax.set(title=title, xlabel="output column", xticks=ticks, yticks=ticks)
fig.colorbar(image, ax=axes[2:], label="response", shrink=0.8)
fig.suptitle("One kernel, slid as it is and flipped on both axes")


# %%
# Where the flip shows: one bright pixel
# --------------------------------------
# Sliding the kernel over an image with a single 1 in its middle copies the kernel into the output.
# Cross-correlation copies it rotated by 180 degrees; convolution copies it as it is.
impulse = torch.zeros(5, 5, dtype=torch.float64)
impulse[2, 2] = 1.0
torch.testing.assert_close(cd.corr2d(impulse, kernel), torch.flip(kernel, dims=(0, 1)))
torch.testing.assert_close(cd.conv2d(impulse, kernel), kernel)
print("cross-correlation of the impulse:\n", cd.corr2d(impulse, kernel).int())
print("convolution of the impulse:\n", cd.conv2d(impulse, kernel).int())

# %%
# One convolution in one dimension
# ---------------------------------
# Equation (5), :math:`(f * g)(i) = \sum_a f(a) g(i - a)`, kept wherever the two sequences overlap.
# :func:`convdocs.conv1d` writes that sum out; ``numpy.convolve`` computes the same full output.
f = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)
g = torch.tensor([1.0, 0.0, -1.0], dtype=torch.float64)
print("conv1d(f, g)      =", cd.conv1d(f, g).tolist())
print("numpy.convolve    =", np.convolve(f, g).tolist())
np.testing.assert_allclose(cd.conv1d(f, g).numpy(), np.convolve(f, g))

# %%
# Convolution commutes, cross-correlation does not
# ------------------------------------------------
# Substituting :math:`b = i - a` in the sum turns :math:`f * g` into :math:`g * f`. Random sequences and
# random 2-D arrays, convolved in full mode, check it; swapping the arguments of a cross-correlation
# instead reverses its output.
f_long, g_long = torch.randn(7).double(), torch.randn(4).double()
torch.testing.assert_close(cd.conv1d(f_long, g_long), cd.conv1d(g_long, f_long))
a, b = torch.randn(5, 6).double().numpy(), torch.randn(3, 2).double().numpy()
full = signal.convolve2d(a, b, mode="full")
np.testing.assert_allclose(full, signal.convolve2d(b, a, mode="full"))
ab, ba = signal.correlate2d(a, b, mode="full"), signal.correlate2d(b, a, mode="full")
np.testing.assert_allclose(ab, ba[::-1, ::-1])
print("f * g == g * f in 1-D and 2-D")
print("correlate2d(a, b) == correlate2d(b, a) rotated by 180 degrees")
print(f"largest |correlate2d(a, b) - correlate2d(b, a)|: {np.abs(ab - ba).max():.3f}")
