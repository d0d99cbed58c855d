from __future__ import annotations

import dataclasses

import pytest
import torch
import torch.nn.functional as F

import convdocs as cd
from convdocs.detector import detect, hit_rate, locate, waldo_kernel
from convdocs.scene import PERSON_SHAPE, SHIRT_SHAPE, make_scene
from convdocs.training import (
    count_hits,
    labelled_scenes,
    train_detector,
    train_detectors,
    waldo_conv,
    waldo_mlp,
    waldo_scenes,
)


def waldo_pattern_positions(image: torch.Tensor) -> list[tuple[int, int]]:
    """Centres of every 7 x 5 patch with red rows 0, 2, 4, 6 and white rows 1, 3, 5."""
    red, green, blue = image
    is_red = (red > 0.7) & (green < 0.25) & (blue < 0.25)
    is_white = (image > 0.85).all(dim=0)
    rows, cols = SHIRT_SHAPE
    wanted = torch.tensor([row % 2 == 0 for row in range(rows)]).view(1, 1, rows, 1).expand(1, 1, rows, cols)
    pixel_ok = torch.stack([is_red, is_white]).float()[None]
    pattern = torch.cat([wanted, ~wanted], dim=1).float()
    matches = F.conv2d(pixel_ok, pattern)[0, 0] == rows * cols
    return [(int(r) + rows // 2, int(c) + cols // 2) for r, c in torch.nonzero(matches)]


def test_same_seed_same_scene_and_global_rng_untouched():
    torch.manual_seed(123)
    state = torch.get_rng_state()
    first, second = make_scene(7), make_scene(7)
    assert torch.equal(torch.get_rng_state(), state)
    assert torch.equal(first.image, second.image)
    assert first.waldo == second.waldo and first.box == second.box


def test_different_seeds_give_different_scenes():
    scenes = [make_scene(seed) for seed in range(5)]
    for index, scene in enumerate(scenes):
        for other in scenes[index + 1 :]:
            assert not torch.equal(scene.image, other.image)
    assert len({scene.waldo for scene in scenes}) > 1


def test_scene_image_format():
    scene = make_scene(0, height=80, width=100)
    assert scene.image.shape == (3, 80, 100)
    assert scene.image.dtype == torch.float32
    assert scene.image.min() >= 0 and scene.image.max() <= 1
    assert scene.image.std() > 0.1
    with pytest.raises(dataclasses.FrozenInstanceError):
        scene.waldo = (0, 0)


@pytest.mark.parametrize("seed", range(20))
def test_exactly_one_waldo_pattern_at_the_ground_truth(seed):
    scene = make_scene(seed, n_people=60 if seed % 2 else 40)
    assert waldo_pattern_positions(scene.image) == [scene.waldo]


def test_ground_truth_lies_inside_the_image_and_the_box():
    for seed in range(30):
        scene = make_scene(seed)
        top, left, bottom, right = scene.box
        assert (bottom - top, right - left) == PERSON_SHAPE
        assert top >= 0 and left >= 0 and bottom <= 96 and right <= 128
        assert top <= scene.waldo[0] < bottom and left <= scene.waldo[1] < right


@pytest.mark.parametrize(
    ("region", "columns"), [("left", (0, 64)), ("right", (64, 128)), ((20, 60), (20, 60)), (None, (0, 128))]
)
def test_waldo_stays_in_the_requested_region(region, columns):
    centres = set()
    for seed in range(25):
        scene = make_scene(seed, waldo_region=region)
        _, left, _, right = scene.box
        assert columns[0] <= left and right <= columns[1]
        centres.add(scene.waldo[1])
    assert len(centres) > 3


def test_crowd_size_changes_the_scene():
    empty = make_scene(0, n_people=0)
    crowded = make_scene(0, n_people=70)
    background = (empty.image - crowded.image).abs().amax(dim=0) > 0.3
    assert background.float().mean() > 0.2
    assert waldo_pattern_positions(empty.image) == [empty.waldo]


def test_hand_kernel_finds_waldo_in_almost_every_scene():
    assert hit_rate(waldo_kernel(), n_scenes=100, seed=0) >= 0.9


def test_hand_kernel_also_finds_waldo_in_crowded_small_and_half_scenes():
    kernel = waldo_kernel()
    assert hit_rate(kernel, n_scenes=30, seed=500, n_people=70) >= 0.9
    assert hit_rate(kernel, n_scenes=30, seed=600, height=48, width=64, n_people=12) >= 0.9
    assert hit_rate(kernel, n_scenes=30, seed=700, waldo_region="right") >= 0.9


def test_detect_and_locate_return_the_shirt_centre():
    scene = make_scene(3)
    kernel = waldo_kernel()
    scores = detect(scene.image, kernel)
    assert scores.shape == (96 - 7 + 1, 128 - 5 + 1)
    assert locate(scores, kernel.shape) == scene.waldo
    assert locate(scores, kernel.shape[1:]) == scene.waldo


def test_decoys_matter_a_red_and_white_blob_detector_fails():
    blob = torch.tensor([0.9, 0.5, 0.5]).view(3, 1, 1).expand(3, *SHIRT_SHAPE).clone()
    assert hit_rate(blob - blob.mean(), n_scenes=50) < 0.3


def test_random_detectors_fail():
    generator = torch.Generator().manual_seed(0)
    random_kernel = torch.randn(3, *SHIRT_SHAPE, generator=generator)
    assert hit_rate(random_kernel, n_scenes=50) < 0.2

    def random_guess(image):
        row = int(torch.randint(image.shape[1], (1,), generator=generator))
        col = int(torch.randint(image.shape[2], (1,), generator=generator))
        return row, col

    assert hit_rate(random_guess, n_scenes=100) < 0.1


def test_hit_rate_counts_hits_with_the_tolerance():
    scenes = [make_scene(seed) for seed in range(10)]
    truth_of_image = {float(scene.image.sum()): scene.waldo for scene in scenes}
    off_by_three = {scene.waldo for scene in scenes[:4]}

    def half_right(image):
        row, col = truth_of_image[float(image.sum())]
        return (row + 3, col) if (row, col) in off_by_three else (row + 10, col)

    assert hit_rate(half_right, n_scenes=10, tolerance=3.0) == 0.4
    assert hit_rate(half_right, n_scenes=10, tolerance=2.9) == 0.0
    assert hit_rate(half_right, n_scenes=10, tolerance=10) == 1.0


def test_detect_matches_explicit_window_sums():
    generator = torch.Generator().manual_seed(1)
    image = torch.rand(3, 9, 11, generator=generator)
    kernel = torch.randn(3, 4, 3, generator=generator)
    scores = detect(image, kernel)
    assert scores.shape == (6, 9)
    cd.assert_close(scores[2, 5], (image[:, 2:6, 5:8] * kernel).sum(), terms=kernel.numel(), scale=3.0)


def test_kernel_is_zero_mean_unit_norm_and_striped():
    kernel = waldo_kernel()
    assert kernel.shape == (3, *SHIRT_SHAPE)
    assert cd.is_negligible(kernel.sum(), terms=kernel.numel())
    cd.assert_close(kernel.norm(), torch.tensor(1.0), terms=kernel.numel())
    assert torch.equal(kernel[:, 0], kernel[:, 2])
    assert (kernel[1:, 0] < 0).all() and (kernel[1:, 1] > 0).all() and (kernel[0] > 0).all()
    assert cd.is_negligible(detect(torch.full((3, 10, 10), 0.4), kernel), terms=kernel.numel())


def test_only_grey_patches_score_zero_the_colour_slices_do_not_sum_to_zero():
    kernel = waldo_kernel()
    slice_sums = kernel.sum(dim=(1, 2))
    assert slice_sums[0] > 0 and slice_sums[1] < 0 and slice_sums[2] < 0
    red = torch.tensor([1.0, 0.0, 0.0]).view(3, 1, 1).expand(3, *SHIRT_SHAPE)
    cd.assert_close(detect(red, kernel)[0, 0], slice_sums[0], terms=kernel.numel())


SMALL = {"height": 48, "width": 64, "n_people": 16}


def test_labelled_scenes_match_make_scene_and_slice():
    scenes = labelled_scenes(3, seed=5, **SMALL)
    assert len(scenes) == 3 and scenes.images.dtype == torch.float32
    for index in range(3):
        scene = make_scene(5 + index, **SMALL)
        assert torch.equal(scenes.images[index], scene.image)
        assert tuple(scenes.centres[index].tolist()) == scene.waldo
    assert torch.equal(scenes[1:].images, scenes.images[1:])


def test_builders_are_seeded_and_leave_the_global_rng_alone():
    torch.manual_seed(3)
    state = torch.get_rng_state()
    assert torch.equal(waldo_conv(seed=4).weight, waldo_conv(seed=4).weight)
    assert not torch.equal(waldo_conv(seed=4).weight, waldo_conv(seed=5).weight)
    mlp = waldo_mlp(48, 64, hidden=8)
    assert torch.equal(torch.get_rng_state(), state)
    assert next(mlp.parameters()).dtype == torch.float64
    assert tuple(mlp(torch.zeros(2, 3, 48, 64, dtype=torch.float64)).shape) == (2, 1, 42, 60)


def test_count_hits_agrees_with_hit_rate_for_a_kernel():
    kernel = waldo_kernel()
    scenes = labelled_scenes(20, seed=300, **SMALL)
    assert count_hits(kernel, scenes) == round(20 * hit_rate(kernel, n_scenes=20, seed=300, **SMALL))
    flipped = round(20 * hit_rate(-kernel, n_scenes=20, seed=300, tolerance=1, **SMALL))
    assert count_hits(-kernel, scenes, tolerance=1) == flipped < 20


def adam_one_by_one(model, scenes, steps, lr):
    """The training loop train_detector ran before it trained models in batches: one model, plain Adam."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    dtype = next(model.parameters()).dtype
    for _ in range(steps):
        scores = model(scenes.images.to(dtype))[:, 0]
        rows = scenes.centres[:, 0] - (scenes.images.shape[2] - scores.shape[1]) // 2
        cols = scenes.centres[:, 1] - (scenes.images.shape[3] - scores.shape[2]) // 2
        loss = F.cross_entropy(scores.flatten(1), rows * scores.shape[2] + cols)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


@pytest.mark.parametrize(
    "build",
    [
        lambda seed: waldo_conv(seed=seed),
        lambda seed: waldo_mlp(48, 64, hidden=8, seed=seed),
        lambda seed: torch.nn.Sequential(waldo_conv(seed=seed)),  # no batched layer of its own: vmap
    ],
    ids=["convolution", "mlp", "other"],
)
def test_models_trained_together_take_the_steps_they_take_alone(build):
    scenes = labelled_scenes(6, seed=40, **SMALL)
    together = train_detectors([build(seed) for seed in range(3)], scenes, steps=5, lr=0.01)
    for seed, model in enumerate(together):
        alone = adam_one_by_one(build(seed), scenes, steps=5, lr=0.01)
        for (name, mine), reference in zip(model.named_parameters(), alone.parameters(), strict=True):
            if name.endswith("bias") and mine.numel() == 1:
                continue  # a convolution's one bias shifts every window alike: its gradient is rounding only
            # five Adam steps of size lr: rounding in the scores moves each weight by far less than a step
            torch.testing.assert_close(mine.detach(), reference.detach(), rtol=0, atol=1e-4)
    assert train_detector(build(0), scenes, steps=5, lr=0.01) is not None


def test_waldo_scenes_are_the_book_sets_drawn_once():
    train, test = waldo_scenes("train"), waldo_scenes("test", waldo_region="right")
    assert waldo_scenes("train") is train and len(train) == 80 and len(test) == 100
    assert torch.equal(train.images[:3], labelled_scenes(3, seed=0, **SMALL).images)
    assert torch.equal(test.images[:2], labelled_scenes(2, seed=1000, waldo_region="right", **SMALL).images)
    assert tuple(waldo_scenes("test", small=False).images.shape[2:]) == (96, 128)


def test_a_convolution_trained_on_one_scene_finds_waldo_elsewhere():
    training = labelled_scenes(1, seed=0, **SMALL)
    conv = train_detector(waldo_conv(), training, steps=30, lr=0.05)
    assert count_hits(conv, labelled_scenes(20, seed=2000, **SMALL)) >= 19


def test_an_mlp_trained_on_the_left_never_raises_a_right_half_output():
    training = labelled_scenes(4, seed=0, waldo_region="left", **SMALL)
    before, trained = waldo_mlp(48, 64, hidden=16), waldo_mlp(48, 64, hidden=16)
    train_detector(trained, training, steps=20, lr=1e-2)
    right_half = torch.arange(42 * 60) % 60 + 2 >= 32
    for old, new in [(before[3].weight, trained[3].weight), (before[3].bias, trained[3].bias)]:
        assert not (new.detach()[right_half] > old.detach()[right_half]).any()
        assert (new.detach()[right_half] < old.detach()[right_half]).any()
    assert count_hits(trained, labelled_scenes(10, seed=2000, waldo_region="right", **SMALL)) == 0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: make_scene(-1), ValueError, "seed must be a non-negative integer"),
        (lambda: make_scene(1.5), TypeError, "seed must be an integer"),
        (lambda: make_scene(0, height=10), ValueError, "height and width must fit one person"),
        (lambda: make_scene(0, width=0), ValueError, "width must be a positive integer"),
        (lambda: make_scene(0, n_people=84), ValueError, "n_people must be at most 83"),
        (lambda: make_scene(0, n_people=-1), ValueError, "n_people must be a non-negative integer"),
        (lambda: make_scene(0, waldo_region="middle"), ValueError, "waldo_region must be None, 'left'"),
        (lambda: make_scene(0, waldo_region=5), TypeError, "waldo_region must be None, 'left'"),
        (lambda: make_scene(0, waldo_region=(60, 40)), ValueError, "waldo_region must satisfy"),
        (lambda: make_scene(0, waldo_region=(0, 200)), ValueError, "waldo_region must satisfy"),
        (
            lambda: make_scene(0, waldo_region=(20, 25)),
            ValueError,
            "waldo_region must contain one whole",
        ),
        (lambda: make_scene(0, waldo_region=(0.0, 64)), TypeError, "waldo_region must be an integer"),
        (lambda: detect(torch.rand(3, 9, 9), torch.rand(1, 3, 3)), ValueError, "kernel must have as many"),
        (lambda: detect(torch.rand(3, 4, 9), torch.rand(3, 7, 5)), ValueError, "kernel must not be larger"),
        (lambda: detect(torch.rand(9, 9), torch.rand(3, 3)), ValueError, "image must have 3 dimensions"),
        (lambda: detect(torch.ones(3, 9, 9, dtype=torch.uint8), waldo_kernel()), TypeError, "image must be"),
        (lambda: detect(torch.rand(3, 9, 9), [[1.0]]), TypeError, "kernel must be a torch.Tensor"),
        (lambda: locate(torch.rand(3, 4, 4), (7, 5)), ValueError, "score_map must have 2 dimensions"),
        (lambda: locate(torch.rand(4, 4), 7), ValueError, "kernel_shape must be"),
        (lambda: locate(torch.rand(4, 4), (0, 5)), ValueError, "kernel_shape must be a positive integer"),
        (lambda: hit_rate("waldo"), TypeError, "detector must be a"),
        (lambda: hit_rate(torch.rand(7, 5)), ValueError, "detector must have 3 dimensions"),
        (lambda: hit_rate(waldo_kernel(), n_scenes=0), ValueError, "n_scenes must be a positive integer"),
        (lambda: hit_rate(waldo_kernel(), tolerance=-1), ValueError, "tolerance must be"),
        (lambda: hit_rate(waldo_kernel(), tolerance="3"), TypeError, "tolerance must be"),
        (lambda: hit_rate(waldo_kernel(), n_scenes=1, colour="red"), TypeError, "colour"),
        (lambda: labelled_scenes(0), ValueError, "n_scenes must be a positive integer"),
        (lambda: labelled_scenes(2)[0], TypeError, "index must be a slice"),
        (lambda: waldo_mlp(4, 64), ValueError, "height and width must be at least"),
        (lambda: waldo_conv(seed=-1), ValueError, "seed must be"),
        (lambda: train_detector("mlp", labelled_scenes(1), 1, 0.1), TypeError, "model must be"),
        (lambda: train_detector(waldo_conv(), labelled_scenes(1), 0, 0.1), ValueError, "steps must be"),
        (lambda: train_detector(waldo_conv(), labelled_scenes(1), 1, 0), ValueError, "lr must be"),
        (lambda: train_detectors([], labelled_scenes(1), 1, 0.1), TypeError, "models must be a non-empty"),
        (
            lambda: train_detectors([waldo_conv(), "x"], labelled_scenes(1), 1, 0.1),
            TypeError,
            "models must be",
        ),
        (
            lambda: train_detectors([waldo_conv(), waldo_conv((3, 3))], labelled_scenes(1), 1, 0.1),
            ValueError,
            "models must share one architecture",
        ),
        (lambda: train_detectors([waldo_conv()], "scenes", 1, 0.1), TypeError, "scenes must be"),
        (lambda: waldo_scenes("validation"), ValueError, "part must be one of"),
        (lambda: waldo_scenes("train", small=1), TypeError, "small must be True or False"),
        (lambda: count_hits("conv", labelled_scenes(1)), TypeError, "detector must be"),
        (lambda: count_hits(waldo_kernel(), "scenes"), TypeError, "scenes must be"),
        (lambda: count_hits(waldo_kernel(), labelled_scenes(1), tolerance=-1), ValueError, "tolerance"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
