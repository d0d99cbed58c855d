r"""
Shift the input, shift the map
==============================

A convolution commutes with shifts: moving the image moves its feature map by the same amount, except
where the layer's border and stride get in the way. Max pooling then shows that an invariant decision
is a different thing from an equivariant feature map.
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
cd.use_book_style()  # the book's fonts, for the figures' Chinese words
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
# Shift, then convolve; convolve, then shift
# ------------------------------------------
# :func:`convdocs.shift` moves the photo; pixels that leave it are dropped and zeros come in. Next to
# the photos is the feature map :math:`f(x)` (zero padding); below are the two sides of equivariance,
# :math:`f(\mathrm{shift}(x))` and :math:`\mathrm{shift}(f(x))`, and their difference, on one colour
# scale. The 99th percentile of :math:`|f(x)|` where windows see only the photo sets the scale, so
# the strong responses along the borders saturate (the arrows of the colour bar) instead of washing
# out the rest. The difference is zero except along the borders.
import matplotlib.pyplot as plt

shifted, original = cd.shift(image, DY, DX, mode="zeros"), feature_map(image)
sides = [feature_map(shifted), cd.shift(original, DY, DX, mode="zeros")]
maps = [original, *sides, sides[0] - sides[1]]
limit = float(torch.quantile(cd.interior(original, 2).abs().flatten(), 0.99))
fig, axes = plt.subplots(2, 3, figsize=(7.2, 5.3), layout="compressed")
SHIFT = r"\mathrm{shift}"
cd.show_image(image, ax=axes[0, 0], title="photo / 照片 x")
cd.show_image(shifted, ax=axes[0, 1], title=f"${SHIFT}(x)$: {DY}↓ {DX}→")
titles = ["$f(x)$", f"$f({SHIFT}(x))$", f"${SHIFT}(f(x))$", "difference / 差值"]
fig.set_label("photo-equivariance")  # the name the chapter pages show it by
for ax, values, title in zip(axes.flat[2:], maps, titles, strict=True):
    cd.signed_heatmap(values, ax=ax, title=title, colorbar=False, limit=limit)
    ax.set(xticks=[], yticks=[])
ticks = [0, 30, 60]
axes[1, 0].set(xlabel="column / 列", ylabel="row / 行", xticks=ticks, yticks=ticks)
fig.suptitle(
    "The feature map moves with the photo, except at the borders\n特征映射随照片移动，边界处除外"
)
colorbar = fig.colorbar(
    axes[0, 2].images[0], ax=axes, label="value / 值", extend="both"
)

# %%
# Where equivariance fails
# ------------------------
# :func:`convdocs.equivariance_error` compares the two sides pixel by pixel. A circularly padded layer
# lives on a torus, so it gets a circular shift; the others the zero-filling one. Without padding,
# output pixel :math:`(i, j)` is the window with corner :math:`(i, j)` in both images.
errors = {}
for padding, mode in {"circular": "circular", "zero": "zeros", "no": "zeros"}.items():
    layer = lambda x, p=padding: feature_map(x, p)  # noqa: E731
    errors[padding] = cd.equivariance_error(layer, image, DY, DX, mode)
names = {"circular": "循环填充", "zero": "零填充", "no": "无填充"}
titles = [f"{p} padding\n{names[p]}" for p in errors]
suptitle = "Equivariance error / 等变误差"
label = f"$|f({SHIFT}(x)) - {SHIFT}(f(x))|$"
fig = cd.feature_map_grid(
    list(errors.values()), titles, suptitle=suptitle, colorbar_label=label
)

# %%
# Away from the border, the error vanishes
# -----------------------------------------
# :func:`convdocs.interior` drops a band of the shift plus the kernel radius on every side. The table
# gives the largest error relative to the largest feature value, on the whole map and inside; it reads
# "rounding only" where :func:`convdocs.is_negligible` finds it within rounding of 25 products.
MARGIN, scale = max(DY, DX) + 2, float(original.abs().max())


def relative(error):
    """The largest error relative to ``scale``, or "rounding only"."""
    negligible = cd.is_negligible(error, terms=25, scale=scale)
    return "rounding only" if negligible else float(error.max()) / scale


rows = []
for padding, error in errors.items():
    inside = relative(cd.interior(error, MARGIN))
    assert inside == "rounding only", padding
    rows.append([padding, "x".join(map(str, error.shape)), relative(error), inside])
cd.Table(["padding", "feature map", "relative error", "inside the margin"], rows)

# %%
# Stride 2 halves the shifts it respects
# --------------------------------------
# With stride 2, an input shift of :math:`s` pixels should move the output by :math:`s / 2` pixels;
# ``output_stride=2`` shifts the output by :math:`s // 2`. Only even shifts are whole output pixels.
strided_rows = []
for step in range(1, 5):
    strided = lambda x: feature_map(x, stride=2)  # noqa: E731
    error = cd.equivariance_error(strided, image, step, step, "zeros", 2)
    inside = relative(cd.interior(error, 4))
    assert (inside == "rounding only") == (step % 2 == 0), step
    strided_rows.append([f"({step}, {step})", step // 2, inside])
cd.Table(["input shift", "output shift", "relative error inside"], strided_rows)

# %%
# Pooling: an invariant decision, not an equivariant map
# ------------------------------------------------------
# Max pooling (window 2, stride 2) of a periodic signal, shifted circularly by 0, 1 and 2 steps. The
# pooled map is equivariant if it moves with the input: the table gives its equivariance error. The
# last column is a decision, "does the signal contain a 1?", invariant if no shift changes it.
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
