"""Two interactive figures that run in the reader's browser: the convolution and the shift explorer.

Why a local extension: the figures' numbers must agree with convdocs, and their words must be translated
with the page. No extension does that, so this one

- adds the directives ``conv-explorer`` and ``shift-explorer``. Their content is one ``key: text`` line
  per string the figure shows (labels, buttons, captions, templates with ``{placeholders}``); each line
  becomes a paragraph of the page, so Sphinx's gettext workflow extracts it into the page's catalog and
  the Chinese edition gets it translated, and the build fails if a translation loses a placeholder;
- derives the error messages the convolution explorer shows from :func:`convdocs.output_size` itself
  (:func:`message_templates` calls it with unusual values and turns them into placeholders), so the
  script cannot drift from the library; they are paragraphs too, translated like the rest;
- draws the convolution explorer's first picture while the book is built, by running the browser's
  script (``_static/explorers/conv-explorer.js``) in Node, and checks its output size against
  :func:`convdocs.output_size`: without JavaScript the reader sees that picture and its caption;
- computes the shift explorer's frames and errors with :func:`convdocs.shift_frames` and writes them
  as one small PNG sprite sheet, which the script only moves; the first frame is the static figure;
- loads each figure's script (deferred) and style sheet on the pages that show it, and nowhere else.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import re
import shutil
import subprocess
from html import escape
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import torch
from docutils import nodes
from docutils.parsers.rst import directives
from PIL import Image
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import convdocs as cd

LOGGER = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parents[1] / "_static" / "explorers"
CONV_SCRIPT = "explorers/conv-explorer.js"
SHIFT_SCRIPT = "explorers/shift-explorer.js"
CSS = "explorers/explorers.css"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
CONV_KEYS = (
    "input_size", "kernel_size", "padding", "stride", "dilation", "output", "previous", "next", "play",
    "pause", "position", "unused", "all_used", "too_large", "picture", "picture_misfit", "caption",
    "formula", "span",
)  # fmt: skip
SHIFT_KEYS = ("slider", "value", "input", "map", "alt_input", "alt_map", "error", "caption")
CONV_FIELDS = ("input_size", "kernel_size", "padding", "stride", "dilation")


class explorer(nodes.General, nodes.Element):
    """One interactive figure: its settings as attributes, its strings as paragraph children."""


def _sentinel_message(**arguments: Any) -> str:
    settings = {"n": 11, "kernel_size": 7, "padding": 3, "stride": 13, "dilation": 5, **arguments}
    try:
        cd.output_size(**settings)
    except (TypeError, ValueError) as error:
        return str(error)
    raise ExtensionError(f"convdocs.output_size accepted {settings}: the explorer's messages need updating")


def _placeholders(message: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        message = re.sub(rf"(?<![\w.+-]){re.escape(value)}(?![\w.])", "{" + name + "}", message)
    return message


def message_templates() -> dict[str, str]:
    """Return the messages of :func:`convdocs.output_size` as templates with ``{placeholders}``.

    Each comes from calling the library with values that appear nowhere else in the message, and is
    checked to give the library's message back for other values.

    >>> message_templates()["positive"]
    '{name} must be a positive integer, got {value}'
    """
    templates = {
        "type": _placeholders(_sentinel_message(n=0.125), {"name": "n", "value": "0.125", "type": "float"}),
        "positive": _placeholders(_sentinel_message(n=-97), {"name": "n", "value": "-97"}),
        "nonnegative": _placeholders(_sentinel_message(padding=-97), {"name": "padding", "value": "-97"}),
        # 11 + 2 * 3 = 17 padded pixels, a window of 5 * (7 - 1) + 1 = 31
        "fit": _placeholders(
            _sentinel_message(),
            {"kernel_size": "7", "dilation": "5", "span": "31", "n": "11", "padding": "3", "padded": "17"},
        ),
    }
    checks = [
        ("type", {"name": "stride", "value": "2.5", "type": "float"}, {"stride": 2.5}),
        ("positive", {"name": "dilation", "value": "0"}, {"dilation": 0}),
        ("nonnegative", {"name": "padding", "value": "-1"}, {"padding": -1}),
        (
            "fit",
            {"kernel_size": "4", "dilation": "2", "span": "7", "n": "2", "padding": "1", "padded": "4"},
            {"n": 2, "kernel_size": 4, "padding": 1, "dilation": 2},
        ),
    ]
    for key, values, arguments in checks:
        if PLACEHOLDER.sub(lambda m, values=values: values[m[1]], templates[key]) != _sentinel_message(
            **arguments
        ):
            raise ExtensionError(f"the explorer's {key!r} message no longer matches convdocs.output_size")
    return templates


def _string_paragraphs(directive: SphinxDirective, keys: tuple[str, ...]) -> list[nodes.paragraph]:
    source, line = directive.get_source_info()
    texts: dict[str, str] = {}
    for entry in directive.content:
        if not entry.strip():
            continue
        key, separator, text = entry.partition(":")
        if not separator or key.strip() not in keys:
            raise directive.error(f"{directive.name}: expected 'key: text' with a key of {', '.join(keys)}")
        texts[key.strip()] = text.strip()
    missing = [key for key in keys if key not in texts]
    if missing:
        raise directive.error(f"{directive.name}: missing strings {', '.join(missing)}")
    return [_paragraph(key, texts[key], source, line) for key in keys]


def _paragraph(key: str, text: str, source: str, line: int | None) -> nodes.paragraph:
    paragraph = nodes.paragraph(text, text, explorer_key=key, english=text)
    paragraph.source, paragraph.line = source, line
    return paragraph


class ConvExplorer(SphinxDirective):
    """``conv-explorer``: the reader sets the five arguments of :func:`convdocs.output_size`."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {field: directives.nonnegative_int for field in CONV_FIELDS}

    def run(self) -> list[nodes.Node]:
        """Return the figure's node: its settings, its strings and the library's messages."""
        source, line = self.get_source_info()
        self.env.note_dependency(str(STATIC / "conv-explorer.js"))  # it draws the static picture
        node = explorer(kind="conv", settings={f: self.options.get(f, 1) for f in CONV_FIELDS})
        node += _string_paragraphs(self, CONV_KEYS)
        node += [_paragraph(f"message:{k}", v, source, line) for k, v in message_templates().items()]
        return [node]


class ShiftExplorer(SphinxDirective):
    """``shift-explorer``: a crop of the Waldo scene moved down row by row, under two strides."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "seed": directives.nonnegative_int,
        "crop": lambda text: [directives.nonnegative_int(part) for part in text.split()],
        "shifts": directives.positive_int,
        "stride": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        """Return the figure's node: its settings, strings, sprite sheet and errors."""
        top, left, height, width = self.options.get("crop", [0, 0, 48, 64])
        settings = {
            "seed": self.options.get("seed", 0),
            "crop": [top, left, height, width],
            "shifts": self.options.get("shifts", 8),
            "stride": self.options.get("stride", 2),
        }
        self.env.note_dependency(cd.shift_frames.__code__.co_filename)  # it computes the frames
        sprite, errors = shift_sprite(**settings)
        node = explorer(kind="shift", settings=settings, sprite=sprite, errors=errors)
        node += _string_paragraphs(self, SHIFT_KEYS)
        return [node]


def shift_sprite(seed: int, crop: list[int], shifts: int, stride: int) -> tuple[bytes, list[list[str]]]:
    """Compute the shift explorer's frames: a PNG (one row per shift) and each shift's two errors.

    A row holds the input, its stride-1 feature map and its strided map (each value a block of
    ``stride x stride`` pixels), the maps in a diverging colour map centred at 0 on one scale.
    """
    from matplotlib import colormaps

    top, left, height, width = crop
    image = cd.make_scene(seed=seed).image[:, top : top + height, left : left + width]
    frames = cd.shift_frames(image, cd.waldo_kernel(), range(shifts + 1), stride=stride)
    largest = float(frames.maps.abs().max())
    colours = colormaps["RdBu_r"]

    def coloured(values: torch.Tensor) -> np.ndarray:
        return colours((values.numpy() / largest + 1) / 2)[..., :3]

    rows = []
    for index in range(len(frames.shifts)):
        strided = frames.strided_maps[index].repeat_interleave(stride, 0).repeat_interleave(stride, 1)
        panels = [
            frames.inputs[index].permute(1, 2, 0).numpy(),
            coloured(frames.maps[index]),
            coloured(strided),
        ]
        rows.append(np.concatenate(panels, axis=1))
    pixels = (np.clip(np.concatenate(rows, axis=0), 0, 1) * 255).round().astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", optimize=True)
    errors = [
        [cd.error_summary(e, terms=frames.terms, scale=frames.scale) for e in (error, strided_error)]
        for error, strided_error in zip(frames.errors, frames.strided_errors, strict=True)
    ]
    return buffer.getvalue(), errors


def _strings(node: explorer) -> dict[str, str]:
    strings = {}
    for paragraph in node.findall(nodes.paragraph):
        text, english = " ".join(paragraph.astext().split()), paragraph["english"]
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(english)) or text.count(
            "*"
        ) != english.count("*"):
            LOGGER.warning(
                "explorer string %r: the translation %r must keep the placeholders and symbols of %r",
                paragraph["explorer_key"], text, english, location=node, type="explorers",
            )  # fmt: skip
        strings[paragraph["explorer_key"]] = text
    return strings


def fill(template: str, **values: object) -> str:
    """Fill ``{name}`` placeholders as the scripts do, leaving unknown ones as they are.

    >>> fill("{a} of {b}", a=1)
    '1 of {b}'
    """
    return PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


def run_conv_script(
    texts: dict[str, str], step: int, strings: dict[str, str], messages: dict[str, str]
) -> dict:
    """Run the convolution explorer's ``render`` in Node and return what it shows."""
    node = shutil.which("node")
    if node is None:
        raise ExtensionError("the convolution explorer needs Node.js to draw its static picture")
    program = (
        "const m = require(process.argv[1]); const a = JSON.parse(process.argv[2]);"
        "process.stdout.write(JSON.stringify(m.render(a.texts, a.step, a.strings, a.messages)));"
    )
    arguments = json.dumps({"texts": texts, "step": step, "strings": strings, "messages": messages})
    done = subprocess.run(
        [node, "-e", program, str(STATIC / "conv-explorer.js"), arguments],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    if done.returncode != 0:
        raise ExtensionError(f"conv-explorer.js failed in Node: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def _attribute(value: object) -> str:
    return escape(json.dumps(value, ensure_ascii=False), quote=True)


def _number_field(name: str, label: str, value: int) -> str:
    low = 0 if name == "padding" else 1
    return (
        f'<label class="conv-explorer-field"><span>{escape(label)}</span>'
        f'<input type="number" name="{name}" value="{value}" min="{low}" step="1" inputmode="numeric">'
        "</label>"
    )


def conv_html(node: explorer) -> str:
    """Return the convolution explorer's markup, its first setting drawn with the window at its last step."""
    strings = _strings(node)
    messages = {key.split(":", 1)[1]: strings.pop(key) for key in list(strings) if key.startswith("message:")}
    settings = node["settings"]
    texts = {field: str(settings[field]) for field in CONV_FIELDS}
    first = run_conv_script(texts, 0, strings, messages)
    step = max(first["positions"] - 1, 0)
    shown = run_conv_script(texts, step, strings, messages)
    arguments = [settings[field] for field in CONV_FIELDS]
    if shown["output"] != str(cd.output_size(*arguments)):
        raise ExtensionError(f"conv-explorer.js gives {shown['output']} for {arguments}, convdocs otherwise")
    fields = "".join(_number_field(field, strings[field], settings[field]) for field in CONV_FIELDS)
    buttons = (
        f'<button type="button" data-step="-1">{escape(strings["previous"])}</button>'
        f'<button type="button" data-play aria-pressed="false">{escape(strings["play"])}</button>'
        f'<button type="button" data-step="1">{escape(strings["next"])}</button>'
    )
    return (
        f'<figure class="conv-explorer" data-conv-explorer data-initial-step="{step}" '
        f'data-strings="{_attribute(strings)}" data-messages="{_attribute(messages)}">'
        f'<div class="conv-explorer-fields" data-interactive hidden>{fields}</div>'
        f'<p class="conv-explorer-result" aria-live="polite"><span>{escape(strings["output"])}</span> '
        f"<output data-output-size>{escape(shown['output'])}</output></p>"
        f'<p class="conv-explorer-formula" data-formula>{escape(shown["formula"])}</p>'
        f'<div class="conv-explorer-steps" data-interactive hidden>{buttons}</div>'
        f'<p class="conv-explorer-position" data-position>{escape(shown["position"])}</p>'
        f'<div class="conv-explorer-picture" data-picture>{shown["svg"]}</div>'
        f'<p class="conv-explorer-unused" data-unused>{escape(shown["unused"])}</p>'
        f"<figcaption>{escape(strings['caption'])}</figcaption></figure>"
    )


def shift_html(node: explorer, write: Any) -> str:
    """Return the shift explorer's markup: the sprite sheet shown three times, one panel in each view."""
    strings = _strings(node)
    settings, errors = node["settings"], node["errors"]
    stride, frames = settings["stride"], len(errors)
    _, _, height, width = settings["crop"]
    src = write(node["sprite"])
    lines = [
        fill(strings["error"], stride=1, error=errors[0][0]),
        fill(strings["error"], stride=stride, error=errors[0][1]),
    ]
    panels = []
    titles = [strings["input"], fill(strings["map"], stride=1), fill(strings["map"], stride=stride)]
    alts = [strings["alt_input"], fill(strings["alt_map"], stride=1), fill(strings["alt_map"], stride=stride)]
    for index, (title, alt) in enumerate(zip(titles, alts, strict=True)):
        panels.append(
            f'<div class="shift-explorer-panel"><p class="shift-explorer-title">{escape(title)}</p>'
            f'<div class="shift-explorer-view" style="aspect-ratio: {width} / {height}">'
            f'<img src="{src}" width="{3 * width}" height="{frames * height}" loading="lazy" '
            f'alt="{escape(fill(alt, shift=0))}" data-panel="{index}" data-alt="{escape(alt)}" '
            f'style="left: -{index * 100}%; height: {frames * 100}%">'
            "</div></div>"
        )
    return (
        f'<figure class="shift-explorer" data-shift-explorer data-errors="{_attribute(errors)}" '
        f'data-stride="{stride}" data-source="{_attribute(settings)}" data-strings="{_attribute(strings)}">'
        f'<div class="shift-explorer-controls" data-interactive hidden><label>'
        f'<span>{escape(strings["slider"])}</span> <input type="range" name="shift" min="0" '
        f'max="{frames - 1}" step="1" value="0" aria-valuetext="{escape(fill(strings["value"], shift=0))}">'
        "</label> "
        f"<output data-shift>{escape(fill(strings['value'], shift=0))}</output></div>"
        f'<div class="shift-explorer-panels">{"".join(panels)}</div>'
        f'<p class="shift-explorer-errors" aria-live="polite">'
        f'<span data-error="0">{escape(lines[0])}</span>'
        f'<span data-error="1">{escape(lines[1])}</span></p>'
        f"<figcaption>{escape(fill(strings['caption'], stride=stride))}</figcaption></figure>"
    )


def visit_explorer(self: Any, node: explorer) -> None:
    """Write a figure's markup (HTML builders)."""
    if node["kind"] == "conv":
        self.body.append(conv_html(node))
        raise nodes.SkipNode
    outdir = Path(self.builder.outdir)

    def write(data: bytes) -> str:
        name = f"shift-explorer-{hashlib.sha256(data).hexdigest()[:16]}.png"
        target = outdir / "_images" / name
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return posixpath.relpath(f"_images/{name}", posixpath.dirname(self.builder.current_docname) or ".")

    self.body.append(shift_html(node, write))
    raise nodes.SkipNode


def skip_explorer(self: Any, node: explorer) -> None:
    """Other builders show nothing of a figure."""
    raise nodes.SkipNode


def _page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if doctree is None:
        return
    kinds = {node["kind"] for node in doctree.findall(explorer)}
    if kinds:
        app.add_css_file(CSS)
    if "conv" in kinds:
        app.add_js_file(CONV_SCRIPT, loading_method="defer")
    if "shift" in kinds:
        app.add_js_file(SHIFT_SCRIPT, loading_method="defer")


def setup(app: Sphinx) -> dict[str, object]:
    """Register the extension with Sphinx."""
    app.add_node(
        explorer, html=(visit_explorer, None), text=(skip_explorer, None), latex=(skip_explorer, None)
    )
    app.add_directive("conv-explorer", ConvExplorer)
    app.add_directive("shift-explorer", ShiftExplorer)
    app.connect("html-page-context", _page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
