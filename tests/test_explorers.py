"""The interactive figures in Chromium: their numbers are the library's, in both editions.

The convolution explorer (chapter "Convolutions") must show, for every setting, the output size
:func:`convdocs.output_size` returns and ``torch.nn.Conv2d`` produces, or the library's error message:
exactly the English message on the English page; on the Chinese page the translated message, filled
with the same values (the template's placeholders are those of the English one). The shift explorer
(chapter "Depth, stride and receptive fields") must show, for each shift, the errors the build
computed, which :func:`convdocs.shift_frames` gives again here. Both: no console errors, nothing
serious for axe in either theme, reachable from the keyboard, a static figure without JavaScript.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import torch
from build_helpers import DOCS
from site_helpers import EDITION_FOLDERS, SiteServer, transfer_bytes, unavailable
from site_helpers import open_page as site_page

import convdocs as cd

pytestmark = pytest.mark.slow

AXE = DOCS / "node_modules" / "axe-core" / "axe.min.js"
CONV_PAGE, SHIFT_PAGE = "chapter/convolutions.html", "chapter/depth.html"
EDITIONS = EDITION_FOLDERS
FIELDS = ("input_size", "kernel_size", "padding", "stride", "dilation")
ARGUMENTS = ("n", "kernel_size", "padding", "stride", "dilation")
# 8 x 4 x 3 x 3 x 2 = 576 settings, 81 of which do not fit
GRID = list(itertools.product(range(1, 9), range(1, 5), range(3), range(1, 4), range(1, 3)))
# Texts a reader may type into one field, and what Python makes of them (None: the field is empty)
TYPED = {"0": 0, "-1": -1, "-12": -12, "2.5": 2.5, "1e3": 1000.0, "": None, "7": 7}
BUDGET = 60 * 1024  # bytes gzip: both scripts, the style sheet and the sprite sheet


class Opened:
    """A page of the site in the browser, and the errors its console has shown so far."""

    def __init__(self, page: Any, errors: list[str]) -> None:
        self.page = page
        self.errors = errors


@pytest.fixture
def open_page(browser: Any, server: SiteServer) -> Iterator[Any]:
    with ExitStack() as pages:

        def opener(path: str, **options: Any) -> Opened:
            page, record = pages.enter_context(site_page(browser, server.url + path, **options))
            return Opened(page, record.console_errors)

        yield opener


def fill(template: str, values: dict[str, object]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


def library(arguments: dict[str, object]) -> str:
    try:
        return str(cd.output_size(**arguments))
    except (TypeError, ValueError) as error:
        return str(error)


def torch_size(n: int, k: int, p: int, s: int, d: int) -> int | None:
    layer = torch.nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d, bias=False)
    try:
        return layer(torch.zeros(1, 1, n, n)).shape[-1]
    except RuntimeError:
        return None


SET_AND_READ = """(settings) => {
  const root = document.querySelector('[data-conv-explorer]');
  const names = NAMES;
  return settings.map((texts) => {
    names.forEach((name, i) => {
      const input = root.querySelector(`input[name="${name}"]`);
      input.value = texts[i];
      input.dispatchEvent(new Event('input', {bubbles: true}));
    });
    return root.querySelector('[data-output-size]').textContent;
  });
}""".replace("NAMES", json.dumps(FIELDS))


def translated(
    message_templates: dict[str, str], english: dict[str, str], arguments: dict, expected: str
) -> str:
    """The Chinese page's message for the library's English ``expected``: the same template, translated."""
    for key, template in english.items():
        pattern = re.escape(template)
        pattern = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m[1]}>.+?)", pattern)
        match = re.fullmatch(pattern, expected)
        if match:
            return fill(message_templates[key], match.groupdict())
    raise AssertionError(f"no template gives the library's message {expected!r}")


@pytest.fixture(scope="module")
def english_messages(site: Path) -> dict[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / CONV_PAGE).read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.select_one("[data-conv-explorer]")["data-messages"])


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_convolution_explorer_gives_the_library_s_size_or_message(
    open_page: Any, edition: str, english_messages: dict[str, str]
) -> None:
    opened = open_page(EDITIONS[edition] + CONV_PAGE)
    page = opened.page
    messages = json.loads(page.get_attribute("[data-conv-explorer]", "data-messages"))
    assert set(messages) == set(english_messages)
    for key, template in messages.items():
        assert set(re.findall(r"\{(\w+)\}", template)) == set(re.findall(r"\{(\w+)\}", english_messages[key]))
    shown = page.evaluate(SET_AND_READ, [[str(v) for v in setting] for setting in GRID])
    problems, misfits = [], 0
    for setting, text in zip(GRID, shown, strict=True):
        arguments = dict(zip(ARGUMENTS, setting, strict=True))
        expected, size = library(arguments), torch_size(*setting)
        if size is None:
            misfits += 1
            assert not expected.isdigit(), f"convdocs accepts {arguments}, torch does not"
            if edition != "en":
                expected = translated(messages, english_messages, arguments, expected)
        else:
            assert expected == str(size), f"convdocs and torch differ for {arguments}"
        if text != expected:
            problems.append(f"{arguments}: shows {text!r}, expected {expected!r}")
    assert not problems, f"{len(problems)} of {len(GRID)} settings:\n" + "\n".join(problems[:20])
    assert misfits >= 50 and len(GRID) - misfits >= 200
    assert opened.errors == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_bad_value_in_any_field_shows_the_library_s_message(
    open_page: Any, edition: str, english_messages: dict[str, str]
) -> None:
    opened = open_page(EDITIONS[edition] + CONV_PAGE)
    messages = json.loads(opened.page.get_attribute("[data-conv-explorer]", "data-messages"))
    good = {"n": 8, "kernel_size": 3, "padding": 1, "stride": 2, "dilation": 1}
    settings, expected = [], []
    for index, argument in enumerate(ARGUMENTS):
        for text, value in TYPED.items():
            texts = [str(good[name]) for name in ARGUMENTS]
            texts[index] = text
            settings.append(texts)
            message = library({**good, argument: value})
            if edition != "en" and not message.isdigit():
                message = translated(messages, english_messages, {}, message)
            expected.append(message)
    shown = opened.page.evaluate(SET_AND_READ, settings)
    problems = [f"{s}: {a!r} != {e!r}" for s, a, e in zip(settings, shown, expected, strict=True) if a != e]
    assert not problems, "\n".join(problems)
    if edition != "en":
        assert all(re.search(r"[\u4e00-\u9fff]", text) for text in shown if not text.isdigit())
    assert opened.errors == []


def test_float_texts_are_shown_as_python_writes_them(open_page: Any) -> None:
    opened = open_page(CONV_PAGE)
    numbers = [0.5, 2.5, 1e-5, 0.0001, 123456.75, 1e16, 1.5e17, 1e22, 3.0, -0.25, 1e-7]
    shown = opened.page.evaluate(
        "(xs) => { const root = document.querySelector('[data-conv-explorer]');"
        " const input = root.querySelector('input[name=\"stride\"]');"
        " return xs.map((x) => { input.value = x; input.dispatchEvent(new Event('input'));"
        " return root.querySelector('[data-output-size]').textContent; }); }",
        [repr(x) for x in numbers],
    )
    assert shown == [f"stride must be an integer, got {x!r} of type float" for x in numbers]


def test_the_explorers_answer_the_keyboard(open_page: Any) -> None:
    opened = open_page(CONV_PAGE)
    page = opened.page
    page.reload()  # from its first setting
    field = page.locator("[data-conv-explorer] input[name='input_size']")
    field.focus()
    before = page.text_content("[data-output-size]")
    for _ in range(2):
        page.keyboard.press("ArrowUp")
    assert field.input_value() == "10"
    assert page.text_content("[data-output-size]") == str(cd.output_size(10, 3, 1, 2, 1)) != before
    for name in FIELDS[1:]:  # Tab goes from field to field, then to the buttons
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.name") == name
    page.keyboard.press("Tab")
    position = page.text_content("[data-position]")
    page.keyboard.press("Tab")  # "Play"
    page.keyboard.press("Tab")  # "Next position"
    page.keyboard.press("Enter")
    assert page.text_content("[data-position]") != position
    assert opened.errors == []

    opened = open_page(SHIFT_PAGE)
    slider = opened.page.locator("[data-shift-explorer] input[name='shift']")
    slider.focus()
    opened.page.keyboard.press("ArrowRight")
    assert slider.input_value() == "1"
    assert opened.errors == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_shift_explorer_shows_the_errors_the_build_computed(open_page: Any, edition: str) -> None:
    opened = open_page(EDITIONS[edition] + SHIFT_PAGE)
    page = opened.page
    root = "[data-shift-explorer]"
    errors = json.loads(page.get_attribute(root, "data-errors"))
    source = json.loads(page.get_attribute(root, "data-source"))
    strings = json.loads(page.get_attribute(root, "data-strings"))
    top, left, height, width = source["crop"]
    image = cd.make_scene(seed=source["seed"]).image[:, top : top + height, left : left + width]
    frames = cd.shift_frames(image, cd.waldo_kernel(), range(source["shifts"] + 1), stride=source["stride"])
    assert errors == [
        [cd.error_summary(e, terms=frames.terms, scale=frames.scale) for e in pair]
        for pair in zip(frames.errors, frames.strided_errors, strict=True)
    ]
    slider = page.locator(f"{root} input[name='shift']")
    for shift in frames.shifts:
        slider.fill(str(shift))
        lines = page.locator(f"{root} [data-error]").all_text_contents()
        assert lines == [
            fill(strings["error"], {"stride": 1, "error": errors[shift][0]}),
            fill(strings["error"], {"stride": source["stride"], "error": errors[shift][1]}),
        ]
        top_offsets = page.eval_on_selector_all(
            f"{root} img", "(images) => images.map((i) => i.offsetTop / i.parentElement.clientHeight)"
        )
        assert [round(offset) for offset in top_offsets] == [-shift] * 3
        alts = page.eval_on_selector_all(f"{root} img", "(images) => images.map((i) => i.alt)")
        assert all(str(shift) in alt for alt in alts)
    # stride 1 is equivariant at every shift, stride 2 only at even ones
    assert all(pair[0].startswith("<") for pair in errors)
    assert [pair[1].startswith("<") for pair in errors] == [s % 2 == 0 for s in frames.shifts]
    assert opened.errors == []


AXE_REPORT = """async (selector) => {
  const result = await axe.run(document.querySelector(selector), {resultTypes: ['violations']});
  return result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}"""


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(
    ("path", "selector"), [(CONV_PAGE, "[data-conv-explorer]"), (SHIFT_PAGE, "[data-shift-explorer]")]
)
def test_axe_finds_nothing_serious_in_either_theme_or_at_a_phone_s_width(
    open_page: Any, edition: str, path: str, selector: str
) -> None:
    if not AXE.is_file():
        unavailable(f"axe-core is not installed at {AXE}: npm ci --prefix docs")
    opened = open_page(EDITIONS[edition] + path)
    page = opened.page
    page.add_script_tag(path=str(AXE))
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    found = page.evaluate(AXE_REPORT, selector)
    page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    found += [f"{v} (dark theme)" for v in page.evaluate(AXE_REPORT, selector)]
    page.set_viewport_size({"width": 375, "height": 800})
    width = page.evaluate(f"() => document.querySelector('{selector}').getBoundingClientRect().right")
    assert width <= 375, f"the explorer is {width} px wide on a phone"
    assert found == []
    assert opened.errors == []


@pytest.mark.parametrize(
    ("path", "selector"), [(CONV_PAGE, "[data-conv-explorer]"), (SHIFT_PAGE, "[data-shift-explorer]")]
)
def test_without_javascript_each_explorer_is_a_static_figure(
    open_page: Any, path: str, selector: str
) -> None:
    page = open_page(path, java_script_enabled=False).page
    figure = page.locator(selector)
    assert figure.locator("figcaption").inner_text().strip()
    assert figure.locator("[data-interactive]").evaluate_all("(all) => all.every((e) => e.hidden)")
    if "conv" in selector:
        assert figure.locator("svg rect").count() > 0
        assert page.text_content("[data-output-size]") == str(cd.output_size(8, 3, padding=1, stride=2))
    else:
        assert figure.locator("img").evaluate_all(
            "(all) => all.every((i) => i.complete && i.naturalWidth > 0)"
        )


def test_the_explorers_stay_small(site: Path) -> None:
    files = [
        site / "_static" / "explorers" / name
        for name in ("conv-explorer.js", "shift-explorer.js", "explorers.css")
    ]
    files += sorted((site / "_images").glob("shift-explorer-*.png"))[:1]
    sizes = {file.name: transfer_bytes(file) for file in files}
    assert len(sizes) == 4 and sum(sizes.values()) <= BUDGET, sizes
