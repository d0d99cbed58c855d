r"""
Mix colour channels in one layer
================================

A colour photo has three input channels, and a convolutional layer can compute several output channels
at once: each output channel adds up one kernel per input channel, plus a bias. With a 1 x 1 window the
layer is a fully connected layer applied to every pixel.
"""

# %%
# A fourth-order kernel
# ---------------------
# With an input of :math:`c` channels, Equation :eq:`eq-channels` of the book (section :ref:`channels`)
# gives each output channel :math:`d` its own kernel for every input channel:
#
# .. math::
#
#    [\mathsf{H}]_{i,j,d} = \sum_{a=-\Delta}^{\Delta} \sum_{b=-\Delta}^{\Delta} \sum_c
#    [\mathsf{V}]_{a,b,c,d} [\mathsf{X}]_{i+a,j+b,c}
#
# ``torch.nn.Conv2d`` stores the same numbers as ``weight[d, c, a', b']``: output channel first, then input
# channel, then the offsets, counted from the window's top-left corner (:math:`a' = a + \Delta`). The
# four hand-made output channels below respond to red against the other colours (red minus the mean of
# green and blue, :math:`R - (G + B) / 2`), to vertical edges of
# the brightness, to a blurred brightness (its bias moves its zero to mid-gray) and to horizontal edges.
import torch

import convdocs as cd

cd.seed_everything(0)
cd.use_book_style()  # the book's fonts, for the figures' Chinese words
PHOTO = "chelsea"
photo = cd.sample_image(PHOTO, size=96)
luma = torch.tensor([0.299, 0.587, 0.114])[:, None, None]
box = torch.full((3, 3), 1 / 9)
sobel_x = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
red_vs_rest = torch.tensor([1.0, -0.5, -0.5])[:, None, None]
kernels = [red_vs_rest * box, luma * sobel_x, luma * box, luma * sobel_x.T]
weight = torch.stack(kernels)  # weight[d] holds the kernels of output channel d
bias = torch.tensor([0.0, 0.0, -0.5, 0.0])
V = weight.permute(2, 3, 1, 0)  # book order [a', b', c, d]
print(f"torch weight[d, c, a', b']: {tuple(weight.shape)}")
print(f"book V[a', b', c, d]: {tuple(V.shape)}")
print("photo:", cd.sample_image_credit(PHOTO))
fig = cd.show_image(photo, title=f"input / 输入, {' × '.join(map(str, photo.shape))}")

# %%
# The layer, computed both ways
# -----------------------------
# ``torch.nn.functional.conv2d`` and a direct transcription of Equation :eq:`eq-channels` with ``V`` agree,
# up to the rounding of the 27 products each output adds.
output = torch.nn.functional.conv2d(photo[None], weight, bias)[0]
X = photo.permute(1, 2, 0)  # [i, j, c]
height, width = output.shape[1:]
H = sum(
    torch.einsum("ijc,cd->ijd", X[a : a + height, b : b + width], V[a, b])
    for a in range(3)
    for b in range(3)
)
cd.assert_close(H + bias, output.permute(1, 2, 0), terms=27)
print(f"the sum over a, b and c matches conv2d: output {tuple(output.shape)}")
fig = cd.feature_map_grid(
    output,
    titles=[
        "0: R \N{MINUS SIGN} (G + B) / 2",
        "1: vertical edges\n竖直边缘",
        "2: blurred \N{MINUS SIGN} 0.5\n模糊亮度 \N{MINUS SIGN} 0.5",
        "3: horizontal edges\n水平边缘",
    ],
    ncols=2,
    shared_scale=False,
    suptitle="Four output channels of one layer / 一层的四个输出通道",
)
fig.set_label("output-channels")  # the name the chapter pages show it by

# %%
# One output channel, taken apart
# -------------------------------
# Output channel 2 is the sum of three single-channel cross-correlations (:func:`convdocs.corr2d`), one
# per colour, plus the bias :math:`u_2`, which is the same at every pixel. All five maps share one
# colour scale, with room above the largest value so that none of them reaches the end colours.
d = 2
contributions = [cd.corr2d(photo[c], weight[d, c]) for c in range(3)]
bias_map = torch.full_like(contributions[0], bias[d].item())
total = sum(contributions) + bias_map
cd.assert_close(total, output[d], terms=27)
print(f"red + green + blue + bias = output channel {d}")
parts = [*contributions, bias_map, total]
largest = max(float(part.abs().max()) for part in parts)
titles = [
    "red / 红",
    "+ green / 绿",
    "+ blue / 蓝",
    f"+ $u_{d} = {bias[d]:g}$",
    "= sum / 和",
]
fig = cd.feature_map_grid(
    parts,
    titles=titles,
    ncols=3,
    suptitle=f"Contributions to output channel {d} / 输出通道 {d} 的各个组成部分",
    limit=1.2 * largest,
)
fig.set_label("channel-contributions")  # the name the chapter pages show it by

# %%
# :math:`\Delta = 0`: a fully connected layer at every pixel
# ----------------------------------------------------------
# With a 1 x 1 window, Equation :eq:`eq-channels` only mixes the channels of one pixel: it is
# ``torch.nn.Linear(3, 16)`` applied to every pixel's colour vector. Copying the weights across and moving
# the channels last gives the same numbers.
pointwise = torch.nn.Conv2d(3, 16, kernel_size=1)
linear = torch.nn.Linear(3, 16)
with torch.no_grad():
    linear.weight.copy_(pointwise.weight[:, :, 0, 0])
    linear.bias.copy_(pointwise.bias)
    per_pixel = linear(photo.permute(1, 2, 0))  # (h, w, 3) -> (h, w, 16)
    convolved = pointwise(photo[None])[0].permute(1, 2, 0)
    cd.assert_close(convolved, per_pixel, terms=4)  # 3 products and the bias
pixels = photo.shape[1] * photo.shape[2]
print(f"1 x 1 convolution = Linear(3, 16) at each of the {pixels} pixels")

# %%
# Parameters grow with channels, not pixels
# -----------------------------------------
# A layer has :math:`c_\text{out} (c_\text{in} k^2 + 1)` parameters, whatever the image size. A
# hyperspectral image with 100 bands costs more than a colour photo, and a larger window costs more
# again; a larger image costs nothing. Each count is checked against a ``torch.nn.Conv2d``.
SIZES = (1, 3, 5)
rows = []
for label, c_in in [("RGB photo", 3), ("hyperspectral, 100 bands", 100)]:
    counts = [cd.conv_params(c_in, 16, k) for k in SIZES]
    layers = [torch.nn.Conv2d(c_in, 16, k, device="meta") for k in SIZES]
    assert counts == [sum(p.numel() for p in m.parameters()) for m in layers]
    rows.append([label, c_in, *counts])
cd.Table(
    ["input", "channels", *(f"{k} x {k}" for k in SIZES)],
    rows,
    title="Parameters of a layer with 16 output channels, by kernel size",
)
