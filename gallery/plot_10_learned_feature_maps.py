"""
Learn feature maps from digits
==============================

A tiny CNN and an MLP with about as many parameters learn scikit-learn's handwritten digits, each digit
at the centre of a larger canvas. Shifting the test digits by a few pixels shows which model learned
features that travel with the digit; the CNN's first-layer kernels and feature maps show what it learned.
"""

# %%
# Digits on a larger canvas
# -------------------------
# ``sklearn.datasets.load_digits`` ships 1,797 digits of 8 x 8 pixels with the package, so nothing is
# downloaded. Each digit goes to the centre of a 16 x 16 canvas of zeros, which leaves room to shift it;
# a random 500 of them are held out for testing. :func:`convdocs.shift` moves a digit, filling the
# vacated pixels with zeros; the 4-pixel margin keeps a digit shifted by up to 3 pixels whole.
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits

import convdocs as cd

cd.seed_everything(0)
cd.use_book_style()  # the book's fonts, for the figures' Chinese words
digits = load_digits()
CANVAS, N_TEST = 16, 500
margin = (CANVAS - digits.images.shape[1]) // 2
images = torch.tensor(digits.images, dtype=torch.float32)[:, None] / digits.images.max()
images = F.pad(images, (margin, margin, margin, margin))
labels = torch.tensor(digits.target)
order = torch.randperm(len(labels))
train, test = order[:-N_TEST], order[-N_TEST:]
example, digit = images[test[0], 0], int(labels[test[0]])
shifted = [cd.shift(example, 0, pixels, mode="zeros") for pixels in range(4)]
titles = ["centred / 居中"] + [f"{pixels} px right / 右移" for pixels in range(1, 4)]
title = f"A test digit ({digit}), shifted / 平移一个测试数字（{digit}）"
fig = cd.feature_map_grid(shifted, titles, suptitle=title)

# %%
# An MLP and a CNN of the same size
# ---------------------------------
# The MLP has one hidden layer. The CNN has two 3 x 3 convolutional layers (padding keeps the canvas
# size), then takes each channel's maximum over all positions (global max pooling), so a feature counts
# wherever it appears; a linear layer maps the channel maxima to the ten classes.
from torch import nn

HIDDEN, C1, C2 = 10, 8, 32
mlp = nn.Sequential(
    nn.Flatten(), nn.Linear(CANVAS**2, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 10)
)
cnn = nn.Sequential(
    nn.Conv2d(1, C1, 3, padding=1),
    nn.ReLU(),
    nn.Conv2d(C1, C2, 3, padding=1),
    nn.ReLU(),
    nn.AdaptiveMaxPool2d(1),
    nn.Flatten(),
    nn.Linear(C2, 10),
)
models = {"MLP": mlp, "CNN": cnn}
mlp_count = cd.dense_params(CANVAS**2, HIDDEN) + cd.dense_params(HIDDEN, 10)
cnn_count = (
    cd.conv_params(1, C1, 3) + cd.conv_params(C1, C2, 3) + cd.dense_params(C2, 10)
)
counts = {"MLP": mlp_count, "CNN": cnn_count}
for name, model in models.items():
    assert counts[name] == sum(p.numel() for p in model.parameters()), name
print("parameter counts agree with the modules")

# %%
# Train both, test on shifted digits
# ----------------------------------
# Both models train with the same loss, optimiser and minibatches, on centred digits only. The shifted
# accuracy averages the four directions (up, down, left, right) of a shift by 1, 2 or 3 pixels.
EPOCHS, BATCH = 10, 64


def fit(model):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(EPOCHS):
        for batch in train[torch.randperm(len(train))].split(BATCH):
            loss = F.cross_entropy(model(images[batch]), labels[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


def accuracy(model, pixels):
    moves = {(pixels, 0), (-pixels, 0), (0, pixels), (0, -pixels)}  # one if pixels == 0
    correct = []
    with torch.no_grad():
        for dy, dx in moves:
            logits = model(cd.shift(images[test], dy, dx, mode="zeros"))
            correct.append(logits.argmax(1) == labels[test])
    return torch.cat(correct).float().mean().item()


rows = []
for name, model in models.items():
    fit(model)
    rows.append([name, counts[name], *(accuracy(model, pixels) for pixels in range(4))])
cd.Table(
    ["model", "parameters", "test accuracy", "shift 1 px", "shift 2 px", "shift 3 px"],
    rows,
    title="Accuracy on held-out digits, centred and shifted",
)

# %%
# What the first layer learned
# ----------------------------
# Each of the first layer's kernels is a 3 x 3 pattern of signed weights; sliding it over a digit gives
# one feature map, large where the digit looks like the kernel. The maps are drawn before the ReLU and
# include the bias, which tints the empty canvas; blue marks where the digit has the reversed pattern.
kernels = cnn[0].weight.detach()[:, 0]
titles = [f"kernel / 卷积核 {index}" for index in range(len(kernels))]
fig = cd.feature_map_grid(
    kernels, titles, suptitle="First-layer kernels / 第一层的卷积核"
)
with torch.no_grad():
    feature_maps = cnn[0](example[None, None])[0]
title = f"First-layer feature maps of the digit {digit} / 数字 {digit} 的第一层特征映射"
fig = cd.feature_map_grid(feature_maps, titles, suptitle=title)
fig.set_label("feature-maps")  # the name the chapter pages show it by
