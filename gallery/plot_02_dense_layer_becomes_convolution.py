r"""
A dense layer becomes a convolution
===================================

A dense layer from a 6 x 6 image to 6 x 6 hidden units, its weights filed by the offset from unit to
pixel, then constrained by translation invariance and locality: a convolution, checked step by step.
"""

# %%
# Naming a pixel by its offset
# ----------------------------
# Hidden unit :math:`(i, j)` sits on pixel :math:`(i, j)`. The pixel :math:`(k, l)` it reads lies at offset
# :math:`(a, b) = (k - i, l - j)`, negative above and to the left. Carried to a second unit, the same grid
# of offsets names other pixels, and translation invariance gives each offset the same weight there;
# locality then drops the offsets with :math:`|a| > 1` or :math:`|b| > 1`. In the figure, the left panel
# shows unit :math:`(1, 1)` reading pixel :math:`(3, 4)`, the middle one unit :math:`(3, 2)` with the same
# offsets and the same weights, and the right one the same unit once locality has cleared every offset
# beyond one pixel.
import matplotlib.pyplot as plt
import torch

import convdocs as cd

cd.seed_everything(0)
cd.use_book_style()  # the book's fonts, for the figures' Chinese words
SIZE, PAD = 6, 5  # a SIZE x SIZE image, so offsets run from -PAD to PAD
invariant_kernel = torch.randint(-20, 21, (11, 11)) / 10  # offset (a, b) at [a+5, b+5]
panels = {"(i, j) = (1, 1)\n(k, l) = (3, 4)": ((1, 1), None)}
panels["(i, j) = (3, 2)\n(a, b) = (2, 3)"] = ((3, 2), None)
panels["(i, j) = (3, 2)\n|a|, |b| ≤ 1"] = ((3, 2), 1)
fig, axes = plt.subplots(1, 3, figsize=(7.2, 3.2), layout="compressed")
fig.set_label("offsets")  # the name the chapter pages show it by
for ax, (title, (unit, delta)) in zip(axes, panels.items(), strict=True):
    options = {"ax": ax, "title": title, "colorbar": False}
    cd.show_offsets(SIZE, unit, (2, 3), invariant_kernel, delta, **options)
colorbar = fig.colorbar(axes[0].images[0], ax=axes, label="weight / 权重", shrink=0.7)

# %%
# Three layers, three weight tensors
# ----------------------------------
# A dense layer draws every weight :math:`[\mathsf{W}]_{i,j,k,l}` on its own. The translation-invariant
# layer gives every unit the 11 x 11 kernel drawn above, the local one a 3 x 3 kernel; with ``padding``
# 5 and 1, :func:`convdocs.dense_weight_from_kernel` writes out their weights, one hidden unit per pixel.
dense_weights = torch.randint(-20, 21, (SIZE,) * 4) / 10
local_kernel = torch.randint(-20, 21, (3, 3)) / 10
kernels = {
    "invariant": (invariant_kernel, PAD),
    "invariant, local": (local_kernel, 1),
}
layers = {"dense": dense_weights}
for name, (kernel, padding) in kernels.items():
    layers[name] = cd.dense_weight_from_kernel(kernel, SIZE, padding=padding)

# %%
# What each principle does to the weight matrix
# ---------------------------------------------
# One row per hidden unit, one column per pixel. Invariance makes every 6 x 6 block a Toeplitz matrix and
# repeats the blocks along each block diagonal; locality then clears everything outside a band.
principles = [
    "dense\n全连接",
    "translation invariant\n平移不变",
    "invariant, local\n平移不变且局部",
]
fig, axes = plt.subplots(1, 3, figsize=(7.2, 3.0), layout="compressed")
fig.set_label("weight-matrices")  # the name the chapter pages show it by
for ax, W, principle in zip(axes, layers.values(), principles, strict=True):
    cd.weight_matrix(W, ax=ax, title=principle)
    ax.set(
        xlabel="pixel / 像素 (k, l)", ylabel="unit / 单元 (i, j)", xticks=[0, 12, 24]
    )

# %%
# From pixels to offsets and back
# -------------------------------
# :func:`convdocs.offset_weights` files each layer's weights by offset, :math:`[\mathsf{V}]_{i,j,a,b} =
# [\mathsf{W}]_{i,j,i+a,j+b}` for :math:`-5 \le a, b \le 5` (Equation :eq:`eq-dense-layer`); offsets that
# leave the image hold zeros. Filing them back by pixel gives every ``W`` exactly.
offsets = {name: cd.offset_weights(W) for name, W in layers.items()}
for name, V in offsets.items():
    print(f"{name}: {V}, back to W exactly: {torch.equal(V.to_dense(), layers[name])}")

# %%
# Under invariance, every unit holds the same kernel
# ---------------------------------------------------
# The offset weights of three hidden units. The dense layer gives each unit its own, and none where the
# offset leaves the image. The invariant layers give every unit the same :math:`[\mathbf{V}]_{a,b}`
# (Equation :eq:`eq-translation-invariance`), the local one only near the centre.
units = [(0, 0), (2, 3), (5, 5)]
SHORT_NAMES = {
    "dense": "dense / 全连接",
    "invariant": "invariant / 平移不变",
    "invariant, local": "local / 局部",
}
fig = cd.feature_map_grid(
    [V.unit(i, j) for V in offsets.values() for i, j in units],
    titles=[
        f"{SHORT_NAMES[name]}\n(i, j) = ({i}, {j})"
        for name in offsets
        for i, j in units
    ],
    ncols=3,
    suptitle="Offset weights of three hidden units / 三个隐藏单元的偏移权重",
    colorbar_label="weight / 权重",
)
fig.set_label("offset-weights")  # the name the chapter pages show it by
ticks = {"ticks": [0, 5, 10], "labels": ["\N{MINUS SIGN}5", "0", "5"]}
for ax in fig.axes[:9]:
    ax.set_xticks(**ticks), ax.set_yticks(**ticks), ax.set(xlabel="$b$", ylabel="$a$")

# %%
# The same numbers as ``conv2d``
# ------------------------------
# The invariant layers are convolutions: the 11 x 11 kernel with padding 5, and the 3 x 3 kernel with
# padding 1, give what the dense weights give, up to the rounding of sums taken in another order.
import torch.nn.functional as F

x = torch.randn(SIZE, SIZE)
for name, (kernel, padding) in kernels.items():
    by_conv = F.conv2d(x[None, None], kernel[None, None], padding=padding)[0, 0]
    by_dense = torch.einsum("ijkl,kl->ij", layers[name], x)
    print(f"{name}: {cd.describe_agreement(by_dense, by_conv, terms=kernel.numel())}")

# %%
# Reading the kernel back, or refusing to
# ---------------------------------------
# :func:`convdocs.kernel_from_dense_weight` checks both principles for a 3 x 3 kernel before it returns
# it. It recovers the local layer's kernel and refuses the other two, and a copy of the local layer in
# which unit (3, 3) weighs its own pixel, offset (0, 0), differently.
import textwrap

recovered = cd.kernel_from_dense_weight(layers["invariant, local"], 3, padding=1)
print(
    "recovered the 3 x 3 kernel of the local layer:",
    torch.equal(recovered, local_kernel),
)
refused = {name: layers[name] for name in ["dense", "invariant"]}
refused["local, one weight changed"] = layers["invariant, local"].clone()
refused["local, one weight changed"][3, 3, 3, 3] += 1.0
for name, W in refused.items():
    try:
        cd.kernel_from_dense_weight(W, 3, padding=1)
    except ValueError as error:
        print(textwrap.fill(f"{name}: {error}", 76), end="\n\n")

# %%
# What each principle saves
# -------------------------
# The table counts the free weights, the distinct kernels among the 36 hidden units, and the parameters
# with the bias: one per unit, or a single :math:`u` once shared.
rows = [["dense", dense_weights.numel(), 0, cd.dense_params(SIZE**2, SIZE**2)]]
for name, (kernel, _) in kernels.items():
    rows.append([name, kernel.numel(), 0, cd.conv_params(1, 1, kernel.shape[0])])
for row in rows:  # how many different offset-weight maps the 36 units hold
    row[2] = offsets[row[0]].values.reshape(SIZE * SIZE, -1).unique(dim=0).shape[0]
cd.Table(["layer", "weights", "kernels", "with bias"], rows)
