r"""
Shift the input, shift the map
==============================

A convolution commutes with shifts: moving the image moves its feature map by the same amount. How
exactly depends on what the layer does at the border and on its stride. Max pooling then shows that an
invariant decision is a different thing from an equivariant feature map.
"""

# %%
# One kernel, three ways to treat the border
# ------------------------------------------
# A random 5 x 5 kernel with zero sum, an edge detector of sorts (equivariance does not depend on its
# values), slides over a 64 x 64 photo. The photo is padded with 2 pixels that wrap round from the other
# side (circular), with 2 rows and columns of zeros, or not at all, which shrinks the map to 60 x 60.
import torch
import torch.nn.functional as F

import convdocs as cd

cd.seed_everything(0)
image = cd.sample_image("camera", grayscale=True, size=64)[0]
print("photo:", cd.sample_image_credit("camera"))
kernel = torch.randn(5, 5)
kernel -= kernel.mean()
DY, DX = 6, 10  # the shift: 6 rows down, 10 columns right


def feature_map(x, padding="zero", stride=1):
    """The feature map of an (H, W) image; padding "circular", "zero" or "no"."""
    x = x[None, None]
    if padding != "no":
        mode = "circular" if padding == "circular" else "constant"
        x = F.pad(x, (2,) * 4, mode=mode)
    return F.conv2d(x, kernel[None, None], stride=stride)[0, 0]


# %%
# The feature map moves with the image
# ------------------------------------
# :func:`convdocs.shift` moves the photo; pixels that leave it are dropped and zeros come in. The
# feature map of the shifted photo (zero padding) is the shifted feature map, up to its edges.
import matplotlib.pyplot as plt

shifted = cd.shift(image, DY, DX, mode="zeros")
fig, axes = plt.subplots(2, 2, figsize=(6.4, 6.0), layout="compressed")
cd.show_image(image, ax=axes[0, 0], title="photo x")
cd.show_image(shifted, ax=axes[0, 1], title=f"shift(x): {DY} down, {DX} right")
cd.signed_heatmap(feature_map(image), ax=axes[1, 0], title="feature map f(x)")
cd.signed_heatmap(feature_map(shifted), ax=axes[1, 1], title="feature map f(shift(x))")
for ax in axes[1]:
    ax.set(xlabel="column", ylabel="row")

# %%
# Where equivariance fails
# ------------------------
# :func:`convdocs.equivariance_error` compares "shift, then convolve" with "convolve, then shift",
# pixel by pixel. A circularly padded layer lives on a torus, so it is paired with a circular shift;
# the others with the zero-filling shift. Without padding, output pixel :math:`(i, j)` is the window
# whose corner is input pixel :math:`(i, j)` in both images, so the smaller maps align as they are.
# Errors can only appear where a window overlaps the padding or the zeros that the shift brought in.
shift_modes = {"circular": "circular", "zero": "zeros", "no": "zeros"}  # by padding
errors = {
    padding: cd.equivariance_error(
        lambda x, p=padding: feature_map(x, p), image, DY, DX, mode
    )
    for padding, mode in shift_modes.items()
}
fig = cd.feature_map_grid(
    list(errors.values()),
    titles=[f"{padding} padding" for padding in errors],
    signed=False,
    suptitle="Equivariance error |f(shift(x)) - shift(f(x))|",
    colorbar_label="error",
)

# %%
# Away from the border, the error vanishes
# -----------------------------------------
# :func:`convdocs.interior` drops a band of the shift plus the kernel radius on every side. The table
# gives the largest error relative to the largest feature value, on the whole map and inside.
MARGIN = max(DY, DX) + 2
scale = feature_map(image).abs().max()
rows = []
for padding, error in errors.items():
    inside = float(cd.interior(error, MARGIN).max() / scale)
    assert inside < 1e-6, padding
    size = "x".join(map(str, error.shape))
    rows.append([padding, size, float(error.max() / scale), inside])
print(f"every interior error is below 1e-6 (margin {MARGIN} pixels)")
cd.Table(["padding", "feature map", "relative error", "inside the margin"], rows)

# %%
# Stride 2 halves the shifts it respects
# --------------------------------------
# With stride 2, an input shift of :math:`s` pixels should move the output by :math:`s / 2` pixels.
# ``output_stride=2`` tells :func:`convdocs.equivariance_error` to shift the output by :math:`s // 2`.
# Only even shifts are whole output pixels: the table gives the interior error for each shift.
strided_rows = []
for step in range(1, 5):
    error = cd.equivariance_error(
        lambda x: feature_map(x, stride=2), image, step, step, "zeros", output_stride=2
    )
    inside = float(cd.interior(error, 4).max() / scale)
    assert (inside < 1e-6) == (step % 2 == 0), step
    strided_rows.append([f"({step}, {step})", step // 2, inside])
cd.Table(["input shift", "output shift", "relative error inside"], strided_rows)

# %%
# Pooling: an invariant decision, not an equivariant map
# ------------------------------------------------------
# Max pooling with window 2 and stride 2 of a periodic signal, before and after circular shifts of 1
# and 2 steps. A feature map is equivariant when it moves with the input: the table gives the
# equivariance error of the pooled map. The last column is a decision, "does the signal contain a 1?",
# the largest value over all positions; it is invariant when it stays the same whatever the shift.
# The two are different properties: invariance of a decision is not equivariance of a feature map.
signal = torch.tensor([[0.0, 0, 1, 1, 0, 0, 1, 1]])
pool = torch.nn.MaxPool1d(kernel_size=2, stride=2)
pool_rows = []
for step in range(3):
    moved = cd.shift(signal, 0, step)
    error = float(cd.equivariance_error(pool, signal, 0, step, output_stride=2).max())
    before, after = moved.int().tolist()[0], pool(moved).int().tolist()[0]
    print(f"shift {step}: {before} -> max pooling -> {after}")
    pool_rows.append([step, error, "yes" if moved.max() == 1 else "no"])
cd.Table(["shift", "equivariance error of the pooled map", "contains a 1?"], pool_rows)
