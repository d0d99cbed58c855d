r"""
A dense layer becomes a convolution
===================================

A fully connected layer from a 6 x 6 image to a 6 x 6 hidden representation has a weight for every
(hidden unit, pixel) pair. Requiring translation invariance, then locality, turns its weight matrix into
the matrix of a convolution; every step below is checked against ``torch.nn.functional.conv2d``.
"""

# %%
# Three layers, three weight tensors
# ----------------------------------
# Hidden unit :math:`(i, j)` reads pixel :math:`(k, l)` with weight :math:`[\mathsf{W}]_{i,j,k,l}`. A dense
# layer draws every weight on its own. A translation-invariant layer draws one weight per offset
# :math:`(a, b) = (k - i, l - j)`, with :math:`-5 \le a, b \le 5` on a 6 x 6 image: an 11 x 11 kernel. A
# local one also keeps only :math:`|a|, |b| \le 1`: a 3 x 3 kernel. Each layer reads the image padded
# with 5 zeros on every side, where :func:`convdocs.dense_weight_from_kernel` builds its weights.
import torch
import torch.nn.functional as F

import convdocs as cd

cd.seed_everything(0)
SIZE, PAD = 6, 5  # a SIZE x SIZE image; offsets a and b run from -PAD to PAD
WINDOW, PADDED = 2 * PAD + 1, SIZE + 2 * PAD
dense_weights = torch.randn(SIZE, SIZE, SIZE, SIZE)
invariant_kernel, local_kernel = torch.randn(WINDOW, WINDOW), torch.randn(3, 3)
local_offsets = F.pad(local_kernel, (PAD - 1,) * 4)  # zero beyond offset 1
layers = {
    "(a) dense": F.pad(dense_weights, (PAD,) * 4),  # no weight on the padding
    "(b) invariant": cd.dense_weight_from_kernel(invariant_kernel, PADDED),
    "(c) invariant, local": cd.dense_weight_from_kernel(local_offsets, PADDED),
}
IMAGE = slice(PAD, PAD + SIZE)  # where the image sits in the padded image
on_image = {name: W[:, :, IMAGE, IMAGE] for name, W in layers.items()}

# %%
# What each principle does to the weight matrix
# ---------------------------------------------
# One row per hidden unit, one column per pixel of the image (padding pixels are always zero, so their
# columns are left out). Invariance makes every 6 x 6 block a Toeplitz matrix and repeats the blocks
# along each block diagonal; locality then clears everything outside a band.
import matplotlib.pyplot as plt

principles = ["dense: no\nprinciple", "translation\ninvariant", "invariant\nand local"]
fig, axes = plt.subplots(1, 3, figsize=(7.2, 2.7), layout="compressed")
for ax, (name, W), principle in zip(axes, on_image.items(), principles, strict=True):
    cd.weight_matrix(W, ax=ax, title=f"{name[:3]} {principle}")
    ax.set(xlabel="pixel (k, l)", ylabel="hidden unit (i, j)", xticks=[0, 12, 24])

# %%
# From pixels to offsets
# ----------------------
# :func:`convdocs.offset_weights` executes the reindexing :math:`[\mathsf{V}]_{i,j,a,b} =
# [\mathsf{W}]_{i,j,i+a,j+b}` of Equation :eq:`eq-dense-layer`, with offsets counted from the corner of
# the 11 x 11 window (index :math:`a + 5`). Both sides of the equation agree for every layer.
x = torch.randn(SIZE, SIZE)
padded_x = F.pad(x, (PAD,) * 4)
windows = padded_x.unfold(0, WINDOW, 1).unfold(1, WINDOW, 1)  # [i, j, a + 5, b + 5]
offsets = {name: cd.offset_weights(W) for name, W in layers.items()}
for name, W in layers.items():
    by_offset = torch.einsum("ijab,ijab->ij", offsets[name], windows)
    torch.testing.assert_close(torch.einsum("ijkl,kl->ij", W, padded_x), by_offset)
print("sum over pixels == sum over offsets for all three layers")

# %%
# Under invariance, every unit holds the same kernel
# ---------------------------------------------------
# Here are the offset weights :math:`[\mathsf{V}]_{i,j}` of three hidden units. The dense layer gives each
# unit its own, and none where the offset leaves the image. The invariant layers give every unit the same
# :math:`[\mathbf{V}]_{a,b}` (Equation :eq:`eq-translation-invariance`); the local one keeps only its
# centre (Equation :eq:`eq-convolutional-layer`).
units = [(0, 0), (2, 3), (5, 5)]
fig = cd.feature_map_grid(
    [V[i, j] for V in offsets.values() for i, j in units],
    titles=[f"{name[:3]} V[{i}, {j}]" for name in offsets for i, j in units],
    ncols=3,
    suptitle="Offset weights of three hidden units (a + 5 down, b + 5 across)",
    colorbar_label="weight",
)

# %%
# The same numbers as ``conv2d``
# ------------------------------
# The invariant layers are convolutions: the 11 x 11 kernel with padding 5, and the 3 x 3 kernel with
# padding 1 (``padding="same"`` keeps the 6 x 6 size), give exactly what the dense weights give.
kernels = {"(b) invariant": invariant_kernel, "(c) invariant, local": local_kernel}
for name, kernel in kernels.items():
    by_conv = F.conv2d(x[None, None], kernel[None, None], padding="same")[0, 0]
    torch.testing.assert_close(torch.einsum("ijkl,kl->ij", on_image[name], x), by_conv)
print("einsum('ijkl,kl->ij', W, x) == conv2d(x, kernel) for layers (b) and (c)")

# %%
# Reading the kernel back, or refusing to
# ---------------------------------------
# :func:`convdocs.kernel_from_dense_weight` checks both principles for a 3 x 3 window on the image
# padded by 1 (its pixel indices count the padding) before it returns the kernel. It recovers the local
# layer's kernel and refuses the other two layers, as well as a copy of the local layer in which one
# unit weighs its centre pixel differently.
import textwrap

BY_ONE = slice(PAD - 1, PAD + SIZE + 1)
by_one = {name: W[:, :, BY_ONE, BY_ONE] for name, W in layers.items()}
recovered = cd.kernel_from_dense_weight(by_one["(c) invariant, local"], 3)
torch.testing.assert_close(recovered, local_kernel)
print("recovered the 3 x 3 kernel of layer (c)")
by_one["(c) one weight changed"] = by_one.pop("(c) invariant, local").clone()
by_one["(c) one weight changed"][3, 3, 4, 4] += 1.0
for name, W in by_one.items():
    try:
        cd.kernel_from_dense_weight(W, 3)
    except ValueError as error:
        print(textwrap.fill(f"{name}: {error}", 76), end="\n\n")

# %%
# What each principle saves
# -------------------------
# A weight per (unit, pixel) pair, a weight per offset, a weight per offset in the window. The table
# counts the free weights, the distinct values in each weight matrix, the distinct kernels among the 36
# hidden units, and the parameters with the bias: one per unit, or a single :math:`u` once shared.
free_weights = [dense_weights, invariant_kernel, local_kernel]
with_bias = [cd.dense_params(SIZE**2, SIZE**2), cd.conv_params(1, 1, WINDOW)]
with_bias.append(cd.conv_params(1, 1, 3))
rows = []
for name, free, parameters in zip(on_image, free_weights, with_bias, strict=True):
    distinct = on_image[name][on_image[name] != 0].unique().numel()
    assert distinct == free.numel()
    unit_kernels = offsets[name].reshape(SIZE * SIZE, -1).unique(dim=0).shape[0]
    rows.append([name, free.numel(), distinct, unit_kernels, parameters])
cd.Table(["layer", "weights", "distinct values in W", "kernels", "with bias"], rows)
