"""
Detect edges in a photo
=======================

Small hand-made kernels turn a photo into maps of its vertical edges, horizontal edges, curvature and
blur. On a toy image the kernel ``[1, -1]`` marks both edges exactly, and gradient descent learns that
kernel back from the image and the edge map alone.
"""

# %%
# A photo and six kernels
# -----------------------
# The photo ships inside scikit-image, so nothing is downloaded. Each kernel is a few weights:
# differences of neighbours (edges), the Sobel pair (a difference smoothed across the edge), the
# Laplacian (a second difference) and a 5 x 5 box blur (an average).
import matplotlib.pyplot as plt
import torch

import convdocs as cd

cd.seed_everything(0)
cd.use_book_style()  # the book's fonts, for the figures' Chinese words
PHOTO = "chelsea"
photo = cd.sample_image(PHOTO, grayscale=True, size=128)[0]
print("photo:", cd.sample_image_credit(PHOTO))
sobel_x = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
BLUR, VERTICAL = "box blur\n均值模糊", "vertical edge\n竖直边缘"
kernels = {
    VERTICAL: torch.tensor([[1.0, -1.0]]),
    "horizontal edge\n水平边缘": torch.tensor([[1.0], [-1.0]]),
    "Sobel x 算子": sobel_x,
    "Sobel y 算子": sobel_x.T.contiguous(),
    "Laplacian\n拉普拉斯": torch.tensor([[0.0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    BLUR: torch.full((5, 5), 1 / 25),
}
fig, axes = plt.subplots(2, 3, figsize=(7.2, 5.0), layout="constrained")
fig.suptitle("Six kernels / 六个卷积核")
for ax, (name, kernel) in zip(axes.flat, kernels.items(), strict=True):
    is_blur = name == BLUR
    cd.show_kernel(
        kernel * 25 if is_blur else kernel,
        ax=ax,
        title=f"{name} × 1/25" if is_blur else name,
    )

# %%
# Feature maps
# ------------
# :func:`convdocs.corr2d` slides each kernel over the photo. The edge maps are signed, white at zero;
# the sign says in which direction the brightness changes (Sobel x subtracts left from right, the
# opposite of ``[1, -1]``, so its colours are swapped). Each map has its own colour scale, since the
# Sobel and Laplacian weights are larger than those of a plain difference.
feature_maps = {name: cd.corr2d(photo, k) for name, k in kernels.items()}
blurred = feature_maps.pop(BLUR)
fig = cd.feature_map_grid(
    list(feature_maps.values()),
    titles=list(feature_maps),
    shared_scale=False,
    suptitle="Edge and curvature maps of the photo / 照片的边缘与曲率特征映射",
)
fig.set_label("edge-maps")  # the name the chapter pages show it by

# %%
# A blurred photo
# ---------------
# The blur is a weighted average with non-negative weights summing to 1, so its output is again a
# photo, a little smaller (a 5 x 5 window fits at fewer positions) and softer.
assert blurred.min() >= 0 and blurred.max() <= 1
fig, axes = plt.subplots(1, 2, figsize=(7.2, 2.9), layout="constrained")
fig.suptitle("A photo, blurred / 模糊前后的照片")
for ax, picture, name in zip(
    axes, [photo, blurred], ["input\n输入", BLUR], strict=True
):
    cd.show_image(
        picture, ax=ax, title=f"{name}, {' × '.join(map(str, picture.shape))}"
    )

# %%
# One edge, exactly
# -----------------
# A 6 x 8 image of ones with a dark band in columns 2 to 5 has two vertical edges. The kernel
# ``[1, -1]`` computes ``x[i, j] - x[i, j + 1]``: it is +1 where bright turns dark, -1 where dark turns
# bright and 0 elsewhere. Turned on its side, the image has only horizontal edges, which this kernel
# cannot see.
image = torch.ones(6, 8)
image[:, 2:6] = 0.0
edge_kernel = kernels[VERTICAL]
edges = cd.corr2d(image, edge_kernel)
expected = torch.zeros(6, 7)
expected[:, 1], expected[:, 5] = 1.0, -1.0
# Sums of 0s, 1s and -1s are exact in floating point, so == is the right test here.
assert torch.equal(edges, expected)
assert torch.equal(cd.corr2d(image.T, edge_kernel), torch.zeros(8, 5))
plus = torch.nonzero(edges[0] > 0).flatten().tolist()
minus = torch.nonzero(edges[0] < 0).flatten().tolist()
print(f"edge map {tuple(edges.shape)}: +1 in columns {plus}, -1 in {minus}")
print("transposed image: all zeros")

fig, axes = plt.subplots(1, 2, figsize=(7.2, 2.6), layout="constrained")
style = {"annotate": True, "xlabel": "column / 列 j", "ylabel": "row / 行 i"}
cd.signed_heatmap(image, ax=axes[0], title="image / 图像, 6 × 8", **style)
title = "response to / 响应 [1, \N{MINUS SIGN}1]"
fig = cd.signed_heatmap(edges, ax=axes[1], title=title, **style)

# %%
# Learning the kernel back
# ------------------------
# Given only the image and its edge map, a 1 x 2 convolution without bias starts from random weights
# and follows the gradient of the summed squared error (learning rate 0.03).
conv = torch.nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
optimizer = torch.optim.SGD(conv.parameters(), lr=3e-2)
inputs, targets = image[None, None], edges[None, None]
losses = []
for _ in range(15):
    optimizer.zero_grad()
    loss = ((conv(inputs) - targets) ** 2).sum()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
learned = conv.weight.detach()[0, 0]
# Training stops short of the exact kernel: the tolerance is the fit's, not rounding's.
assert (learned - edge_kernel).abs().max() < 0.05
rounded = [round(value, 3) for value in learned.flatten().tolist()]
print(f"learned kernel {rounded} is within 0.05 of [1, -1]")

fig, (left, right) = plt.subplots(
    1, 2, figsize=(7.2, 2.8), layout="constrained", width_ratios=[2, 1]
)
left.semilogy(range(1, len(losses) + 1), losses, marker="o")
left.set(xlabel="step / 步", ylabel="summed squared error\n平方误差之和")
left.set_title("Training loss / 训练损失 (log)")
fig = cd.show_kernel(learned, ax=right, title="learned kernel\n学到的卷积核", fmt=".3f")
