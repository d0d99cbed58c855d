"""
Find Waldo with a convolution
=============================

A procedural crowd hides one Waldo in a red-and-white striped shirt. A hand-made stripe detector finds
him, a convolutional layer learns its own from labelled scenes, and then the test that matters: trained
with Waldo only in the left half, can a detector find him in the right half?
"""

# %%
# A hand-made stripe detector
# ---------------------------
# :func:`convdocs.waldo_kernel` wants red rows (red up, green and blue down) alternating with white rows
# (every channel up), over a window the size of a shirt. Its three colour slices share one colour scale.
import convdocs as cd

cd.seed_everything(0)
kernel = cd.waldo_kernel()
KERNEL_SHAPE, COLOURS = tuple(kernel.shape[1:]), ["red", "green", "blue"]
fig = cd.feature_map_grid(kernel, titles=COLOURS, suptitle="Hand-made Waldo kernel")

# %%
# Slide it over a crowd
# ---------------------
# :func:`convdocs.detect` cross-correlates the scene with the kernel, summing over colour channels, and
# :func:`convdocs.locate` reads off the centre of the best window. :func:`convdocs.hit_rate` then counts
# the fresh scenes (seeds from 1000 on) whose best window is centred within 3 pixels of Waldo's shirt.
scene = cd.make_scene(seed=0)
scores = cd.detect(scene.image, kernel)
print(f"Waldo at {scene.waldo}, best window at {cd.locate(scores, KERNEL_SHAPE)}")
fig = cd.detection_heatmap(scene.image, scores, box=scene.box, title="Hand-made kernel")
TEST_SEED, N_TEST = 1000, 100
print(f"hand-made kernel: hit rate {cd.hit_rate(kernel, N_TEST, TEST_SEED):.2f}")

# %%
# Learn the kernel from labelled scenes
# -------------------------------------
# A ``Conv2d(3, 1, (7, 5))`` layer scores every window; a softmax over windows guesses where Waldo is, and
# the cross-entropy with his true window (``corner``: its index in the score map) is the loss. Training on
# small 48 x 64 scenes (seeds 0-149, disjoint from the test seeds) is fast, and the learned kernel is then
# tested on full-size scenes: a kernel slides over images of any size.
import torch
import torch.nn.functional as F
from torch import nn

(KH, KW), HEIGHT, WIDTH = KERNEL_SHAPE, 48, 64
SMALL, N_TRAIN = {"height": HEIGHT, "width": WIDTH, "n_people": 16}, 150
SCORES_SHAPE = (HEIGHT - KH + 1, WIDTH - KW + 1)


def corner(scene):
    return scene.waldo[0] - KH // 2, scene.waldo[1] - KW // 2


def train(model, steps, lr, **region):
    scenes = [cd.make_scene(seed, **SMALL, **region) for seed in range(N_TRAIN)]
    images = torch.stack([scene.image for scene in scenes])
    targets = torch.tensor([r * SCORES_SHAPE[1] + c for r, c in map(corner, scenes)])
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        loss = F.cross_entropy(model(images).flatten(1), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


learned = train(nn.Conv2d(3, 1, KERNEL_SHAPE), steps=50, lr=0.05).weight.detach()[0]
rate = cd.hit_rate(learned, N_TEST, TEST_SEED)
print(f"learned kernel on {tuple(scene.image.shape[1:])} scenes: hit rate {rate:.2f}")
cosine = F.cosine_similarity(learned.flatten(), kernel.flatten(), dim=0)
print(f"cosine similarity of the learned and the hand-made kernel: {cosine:.2f}")
titles = [f"{who}: {colour}" for who in ("hand-made", "learned") for colour in COLOURS]
maps = torch.cat([kernel, learned / learned.norm()])
fig = cd.feature_map_grid(maps, titles, ncols=3, suptitle="Kernels scaled to unit norm")

# %%
# Trained on the left, tested on the right
# ----------------------------------------
# A convolutional detector and an MLP (one hidden layer, one output logit per window) now train with the
# same loss on the same scenes, all with Waldo in the left half; fresh test scenes put him in either half.
HIDDEN, N_PIXELS, N_WINDOWS = 128, 3 * HEIGHT * WIDTH, SCORES_SHAPE[0] * SCORES_SHAPE[1]
mlp = nn.Sequential(nn.Flatten(), nn.Linear(N_PIXELS, HIDDEN), nn.ReLU())
mlp.extend([nn.Linear(HIDDEN, N_WINDOWS), nn.Unflatten(1, (1, *SCORES_SHAPE))])
models = {"MLP": mlp, "convolution": nn.Conv2d(3, 1, KERNEL_SHAPE)}
mlp_count = cd.dense_params(N_PIXELS, HIDDEN) + cd.dense_params(HIDDEN, N_WINDOWS)
counts = {"MLP": mlp_count, "convolution": cd.conv_params(3, 1, KERNEL_SHAPE)}
for name, model in models.items():
    assert counts[name] == sum(p.numel() for p in model.parameters()), name
print("parameter counts agree with the modules")
train(mlp, steps=100, lr=2e-3, waldo_region="left")
train(models["convolution"], steps=50, lr=0.05, waldo_region="left")
SPLITS = {  # scenes, first seed, Waldo's half
    "training": (N_TRAIN, 0, "left"),
    "left-half test": (N_TEST, TEST_SEED, "left"),
    "right-half test": (N_TEST, TEST_SEED, "right"),
}


def finder(model):
    return lambda image: cd.locate(model(image[None]).detach()[0, 0], KERNEL_SHAPE)


rows = [[name, counts[name]] for name in models]
for row, model in zip(rows, models.values(), strict=True):
    for n, seed, half in SPLITS.values():
        rate = cd.hit_rate(finder(model), n, seed, waldo_region=half, **SMALL)
        row.append(round(n * rate))
columns = [f"of {n} {split} scenes" for split, (n, _, _) in SPLITS.items()]
title = "Scenes in which each detector, trained on the left half, found Waldo"
cd.Table(["detector", "parameters", *columns], rows, title=title)

# %%
# Where each detector looks
# -------------------------
# On a right-half test scene, the softmax over windows shows where each detector believes Waldo is; the
# gradient of his window's score with respect to the scene (summed over colours) shows which pixels count.
right, gradients = cd.make_scene(TEST_SEED, waldo_region="right", **SMALL), []
for name, model in models.items():
    image = right.image[None].clone().requires_grad_(True)
    scores = model(image)[0, 0]
    scores[corner(right)].backward()
    gradients.append(image.grad[0].sum(0))
    probability = scores.detach().flatten().softmax(0).view_as(scores)
    label, title = "probability", f"{name}: probability of each window"
    fig = cd.detection_heatmap(
        right.image, probability, right.box, title=title, colorbar_label=label
    )
title = "Gradient of the score of Waldo's window"
fig = cd.feature_map_grid(gradients, list(models), shared_scale=False, suptitle=title)
