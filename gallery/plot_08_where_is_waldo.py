"""
Find Waldo with a convolution
=============================

A procedural crowd hides one Waldo in a red-and-white striped shirt. A hand-made stripe detector finds
him; a convolutional layer learns its own from a handful of labelled scenes; an MLP given the same scenes,
the same loss and the same number of steps finds him in few fresh scenes.
"""

# %%
# A hand-made stripe detector
# ---------------------------
# :func:`convdocs.waldo_kernel` wants red rows (red up, green and blue down) alternating with white rows
# (every channel up), over a window the size of a shirt. Its three colour slices share one colour scale.
import convdocs as cd

cd.seed_everything(0)
cd.use_book_style()  # the book's fonts, for the figures' Chinese words
kernel = cd.waldo_kernel()
KERNEL_SHAPE, COLOURS = tuple(kernel.shape[1:]), ["red / 红", "green / 绿", "blue / 蓝"]
title = "Hand-made Waldo kernel / 手工设计的威利卷积核"
fig = cd.feature_map_grid(kernel, titles=COLOURS, suptitle=title)

# %%
# Slide it over a crowd
# ---------------------
# :func:`convdocs.detect` cross-correlates the scene with the kernel, summing over colour channels, and
# :func:`convdocs.locate` reads off the centre of the best window. :func:`convdocs.count_hits` then counts
# the fresh scenes (seeds from 1000 on) in which Waldo is *found*: the centre of the best window lies at
# most 3 pixels (straight-line distance) from the centre of his shirt.
# The frames are drawn two pixels outside what they mark, so they hide neither Waldo nor the peak.
scene = cd.make_scene(seed=0)
scores = cd.detect(scene.image, kernel)
print(f"Waldo at {scene.waldo}, best window at {cd.locate(scores, KERNEL_SHAPE)}")
title = "Hand-made kernel / 手工设计的卷积核"
fig = cd.detection_heatmap(scene.image, scores, box=scene.box, title=title)
fig.set_label("score-map")  # the name the chapter pages show it by
full_size_test = cd.waldo_scenes("test", small=False)  # 100 scenes, seeds 1000 to 1099
N_TEST = len(full_size_test)
print(f"hand-made kernel: found in {cd.count_hits(kernel, full_size_test)} of {N_TEST}")

# %%
# Learn the kernel from labelled scenes
# -------------------------------------
# :func:`convdocs.waldo_conv` is a ``Conv2d(3, 1, (7, 5))`` layer that scores every window;
# :func:`convdocs.train_detector` puts a softmax over the windows and lowers the cross-entropy of Waldo's
# true window, with 50 full-batch Adam steps. Fresh layers train on the first 1, 5, 20 or 80 of the
# small 48 x 64 training scenes of :func:`convdocs.waldo_scenes` (seeds 0-79, disjoint from the test
# seeds, Waldo anywhere). The one trained on 80 is then tested on full-size scenes: a kernel slides over
# images of any size.
import torch.nn.functional as F

SIZES, STEPS, LR = [1, 5, 20, 80], 50, {"MLP": 2e-3, "convolution": 0.05}
training = cd.waldo_scenes("train")
convs = [
    cd.train_detector(cd.waldo_conv(), training[:n], STEPS, LR["convolution"])
    for n in SIZES
]
learned = convs[-1].weight.detach()[0] / convs[-1].weight.detach().norm()
print(f"learned kernel: found in {cd.count_hits(learned, full_size_test)} of {N_TEST}")
cosine = F.cosine_similarity(learned.flatten(), kernel.flatten(), dim=0)
print(f"cosine similarity of the learned and the hand-made kernel: {cosine:.2f}")
print(f"sum of the unit-norm weights: {kernel.sum().abs():.2f} and {learned.sum():.2f}")
WHO = ["hand-made / 手工设计", "learned / 学到的"]
titles = [f"{who}\n{colour}" for who in WHO for colour in COLOURS]
suptitle = "Kernels scaled to unit norm / 缩放到单位范数的卷积核"
fig = cd.feature_map_grid([*kernel, *learned], titles, ncols=3, suptitle=suptitle)

# %%
# At unit norm the two kernels' score maps can share one colour scale. The learned weights do not sum to
# zero, so the learned kernel adds a positive offset that grows with a window's brightness; the softmax
# ignores an offset shared by all windows, and the peak on Waldo stands out in both maps.
maps = dict(zip(WHO, [scores, cd.detect(scene.image, learned)], strict=True))
title = "Two unit-norm kernels, one scale / 两个单位范数的卷积核，同一色标"
fig = cd.compare_score_maps(scene.image, maps, box=scene.box, title=title)

# %%
# How many scenes does each model need?
# -------------------------------------
# Now an MLP (:func:`convdocs.waldo_mlp`: every pixel into 128 hidden units, one score per window) trains
# with the same loss, the same number of steps and the same nested training sets, and both kinds of model
# are tested on 100 fresh small scenes. :ref:`waldo-revisited` repeats the comparison from five random
# starts, and with Waldo in one half of the scene only.
test = cd.waldo_scenes("test")
mlps = [
    cd.train_detector(cd.waldo_mlp(48, 64), training[:n], STEPS, LR["MLP"])
    for n in SIZES
]
trained = {"MLP": mlps, "convolution / 卷积": convs}
for name, fits in trained.items():
    count = sum(p.numel() for p in fits[0].parameters())
    print(
        f"{name}: {count:,} parameters; {cd.count_hits(fits[-1], training)} of 80 fitted"
    )
hits = {
    name: [cd.count_hits(model, test) for model in trained[name]] for name in trained
}
title = "Fresh scenes in which Waldo is found / 找到威利的新场景"
fig = cd.learning_curve_chart(SIZES, hits, N_TEST, title=title)
fig.set_label("learning-curves")  # the name the chapter pages show it by
rows = [[n, *(hits[name][index] for name in hits)] for index, n in enumerate(SIZES)]
cd.Table(
    ["training scenes", *(f"{name}, of {N_TEST}" for name in hits)], rows, title=title
)

# %%
# Where each detector looks
# -------------------------
# On the first test scene, the softmax over windows shows where each model, trained on 80 scenes, believes
# Waldo is (both on one scale). The gradient of his window's score with respect to the scene (summed
# over colours) then shows which pixels that score reads.
first = cd.make_scene(1000, height=48, width=64, n_people=16)  # the first test scene
probabilities, gradients = {}, []
corner = (first.waldo[0] - KERNEL_SHAPE[0] // 2, first.waldo[1] - KERNEL_SHAPE[1] // 2)
for name, fits in trained.items():
    dtype = next(fits[-1].parameters()).dtype
    image = first.image[None].to(dtype).requires_grad_(True)
    scores = fits[-1](image)[0, 0]
    scores[corner].backward()
    gradients.append(image.grad[0].sum(0).float())
    probabilities[name] = scores.detach().flatten().softmax(0).view_as(scores).float()
title = "Probability of each window, trained on 80 scenes\n每个窗口的概率（用 80 个场景训练）"
label = "probability / 概率"
fig = cd.compare_score_maps(first.image, probabilities, first.box, title, label)
fig.set_label("probability-maps")  # the name the chapter pages show it by

# %%
# The MLP's score for Waldo's window reads pixels all over the scene; the convolution's reads the 7 x 5
# patch under the window and nothing else.
title = "Gradient of the score of Waldo's window / 威利所在窗口得分的梯度"
fig = cd.feature_map_grid(gradients, list(trained), shared_scale=False, suptitle=title)
