"""What readers do with the site, on a phone and on a desktop, in both editions, checked on the screen.

Each test opens the built site in Chromium the way a reader does: it taps what is on the screen (the
centre of an element that nothing covers), never a hidden element, and judges the result by what the
screen shows: a link that can be tapped, the page the browser lands on, the colours of a screenshot.
The per-page checks run on the landing page, every chapter page and a gallery page. The JavaScript that
finds things on the screen is in ``tests/js/``; it knows no theme's class names.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image
from site_helpers import EDITION_FOLDERS, READING_ORDER, SiteServer, open_page

SCRIPTS = Path(__file__).parent / "js"
EDITIONS = EDITION_FOLDERS
OTHER_EDITION = {"en": "zh-cn", "zh-cn": "en"}
DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
GALLERY_PAGE = "examples/plot_03_translation_equivariance"
PAGES = [*READING_ORDER, GALLERY_PAGE]
# A query in each language, and the page it must find among the first results.
SEARCHES = {"en": "translation invariance", "zh-cn": "平移不变性"}
SEARCHED_PAGE = "chapter/translation-invariance"
NEXT = {"en": r"^\s*Next\b", "zh-cn": r"^\s*下一页"}
PREVIOUS = {"en": r"^\s*Previous\b", "zh-cn": r"^\s*上一页"}
COLOUR_MODE = r"theme|colou?r|mode|主题|颜色"
BUTTONS = "button, [role=button]"
# The entries of a colour-mode menu, where the control opens one.
DARK_CHOICE, LIGHT_CHOICE = r"^\s*(Dark|深色)\s*$", r"^\s*(Light|浅色)\s*$"
ANSWER = {"en": "Answer", "zh-cn": "答案"}
# The first four words of a paragraph of plain words (no math, no code) inside a closed answer.
CLOSED_ANSWER_PHRASE = """() => {
  for (const p of document.querySelectorAll("article details:not([open]) p")) {
    const words = p.textContent.trim().split(/\\s+/);
    if (!p.querySelector(".math, code") && words.length >= 6) return words.slice(0, 4).join(" ");
  }
  return null;
}"""


@cache
def script(name: str) -> str:
    """Return the JavaScript function of ``tests/js/<name>.js``."""
    return (SCRIPTS / f"{name}.js").read_text(encoding="utf-8")


def page_url(server: SiteServer, edition: str, name: str) -> str:
    return f"{server.url}{EDITIONS[edition]}{name}.html"


def page_path(server: SiteServer, edition: str, name: str) -> str:
    return urlsplit(page_url(server, edition, name)).path


@contextmanager
def reader(
    browser: Any, server: SiteServer, edition: str, name: str, device: str, **options: Any
) -> Iterator[Any]:
    """Open a page of one edition on ``device``; fail if it logged an error or fetched another host.

    The page's scripts can ask where a reader would tap an element (``tests/js/on_screen.js``).
    """
    url = page_url(server, edition, name)
    with open_page(browser, url, script("on_screen"), **DEVICES[device], **options) as (page, record):
        yield page
        assert record.console_errors == [], record.console_errors
        assert record.foreign == [], record.foreign


def tap(page: Any, device: str, point: dict[str, float]) -> None:
    """Tap (phone) or click (desktop) the screen at ``point``."""
    if device == "phone":
        page.touchscreen.tap(point["x"], point["y"])
    else:
        page.mouse.click(point["x"], point["y"])


def eventually(find: Callable[[], Any], seconds: float = 3.0) -> Any:
    """Call ``find`` until it returns something (an opening drawer takes a moment to slide in)."""
    deadline = time.monotonic() + seconds
    while (found := find()) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def open_navigation(page: Any, device: str) -> None:
    """Tap the control at the top left of the screen, as a reader opens a menu."""
    menu = page.evaluate(script("menu_control"))
    assert menu is not None, "no control at the top of the screen to open the navigation with"
    tap(page, device, menu)
    page.wait_for_timeout(400)  # the drawer slides in


def navigation_link(page: Any, device: str, path: str) -> dict[str, float] | None:
    """Find a navigation link to ``path`` on the screen: open the menu, expand sections, as needed."""
    point = page.evaluate(script("on_screen_link"), path)
    if point is None:
        open_navigation(page, device)
        point = eventually(lambda: page.evaluate(script("on_screen_link"), path))
    for _ in range(3):  # a link inside a collapsed section: expand it
        if point is not None:
            break
        expander = page.evaluate(script("expander_of"), path)
        if expander is None:
            break
        tap(page, device, expander)
        point = eventually(lambda: page.evaluate(script("on_screen_link"), path), seconds=1.0)
    return point


def follow(page: Any, device: str, point: dict[str, float], path: str) -> None:
    """Tap ``point`` and check that the browser lands on ``path``."""
    tap(page, device, point)
    page.wait_for_url(re.compile(re.escape(path) + r"(#.*)?$"), timeout=10_000)


def seen_colours(page: Any) -> tuple[float, float]:
    """Return the luminance (0-1) of the background and of the text of the article's first paragraph,
    from a screenshot: the most frequent shade is the background, the one furthest from it the text."""
    box = page.evaluate(script("first_paragraph_box"))
    page.wait_for_timeout(100)
    picture = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("L")
    histogram = picture.histogram()
    background = max(range(256), key=histogram.__getitem__)
    inked = [shade for shade in range(256) if histogram[shade] and abs(shade - background) > 60]
    text = max(inked, key=lambda shade: abs(shade - background)) if inked else background
    return background / 255, text / 255


# ---------------------------------------------------------------------------------------------------------
# On every page: the navigation, one search entry, the language switch, dark mode, the screen's width.


def other_page(name: str) -> str:
    """The chapter page a reader goes to from ``name`` through the navigation."""
    return "chapter/exercises" if name != "chapter/exercises" else "chapter/opening"


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", PAGES)
def test_the_navigation_opens_from_the_top_of_the_page_and_leads_to_another(
    browser: Any, server: SiteServer, name: str, edition: str, device: str
) -> None:
    target = page_path(server, edition, other_page(name))
    with reader(browser, server, edition, name, device) as page:
        point = navigation_link(page, device, target)
        assert point is not None, f"no link to {target} on the screen, even after opening the navigation"
        follow(page, device, point, target)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_navigation_reaches_every_page_of_the_chapter(
    browser: Any, server: SiteServer, edition: str, device: str
) -> None:
    unreachable = []
    for target_name in READING_ORDER[1:]:
        target = page_path(server, edition, target_name)
        with reader(browser, server, edition, "index", device) as page:
            point = navigation_link(page, device, target)
            if point is None:
                unreachable.append(target_name)
                continue
            follow(page, device, point, target)
    assert unreachable == []


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", PAGES)
def test_exactly_one_search_entry_can_be_seen(
    browser: Any, server: SiteServer, name: str, edition: str, device: str
) -> None:
    with reader(browser, server, edition, name, device) as page:
        entries = page.evaluate(script("search_entries"))
        if not entries:  # on a phone the search may sit in the navigation drawer
            open_navigation(page, device)
            entries = eventually(lambda: page.evaluate(script("search_entries")) or None) or []
        assert len(entries) == 1, f"{len(entries)} search entries on the screen: {entries}"


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_search_from_the_search_entry_finds_the_page(
    browser: Any, server: SiteServer, edition: str, device: str
) -> None:
    expected = page_path(server, edition, SEARCHED_PAGE)
    with reader(browser, server, edition, "chapter/opening", device) as page:
        entries = page.evaluate(script("search_entries"))
        if not entries:
            open_navigation(page, device)
            entries = eventually(lambda: page.evaluate(script("search_entries")) or None) or []
        assert entries, "no search entry on the screen"
        tap(page, device, entries[0])
        page.keyboard.type(SEARCHES[edition])
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"search\.html\?"), timeout=10_000)
        page.wait_for_function("() => document.querySelectorAll('#search-results li a').length > 0")
        results = page.eval_on_selector_all(
            "#search-results li a", "links => links.map(link => new URL(link.href).pathname)"
        )
    assert expected in results[:3], (SEARCHES[edition], results[:5])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", PAGES)
def test_the_language_switch_lands_on_the_same_page(
    browser: Any, server: SiteServer, name: str, edition: str, device: str
) -> None:
    other = OTHER_EDITION[edition]
    with reader(browser, server, edition, name, device) as page:
        point = page.evaluate(script("language_link"), other[:2])
        if point is None:  # on a phone the switch may sit in the navigation drawer
            open_navigation(page, device)
            point = eventually(lambda: page.evaluate(script("language_link"), other[:2]))
        assert point is not None, f"no link to the {other} edition of this page on the screen"
        start = urlsplit(page.url).path
        tap(page, device, point)
        page.wait_for_url(lambda url: urlsplit(url).path != start, timeout=10_000)
        page.wait_for_load_state()
        landed = urlsplit(page.url).path
        language = page.evaluate("document.documentElement.lang")
    assert landed in {
        page_path(server, other, name),
        page_path(server, other, name).removesuffix("index.html"),
    }
    assert language.lower().startswith(other[:2]), language


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", PAGES)
def test_dark_mode_follows_the_system_setting(
    browser: Any, server: SiteServer, name: str, edition: str, device: str
) -> None:
    with reader(browser, server, edition, name, device, color_scheme="dark") as page:
        background, text = seen_colours(page)
    assert background < 0.25 and text > 0.6, f"background {background:.2f}, text {text:.2f}"


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", ["index", "chapter/convolutions", GALLERY_PAGE])
def test_the_colour_mode_control_turns_the_page_dark_and_back(
    browser: Any, server: SiteServer, name: str, edition: str, device: str
) -> None:
    with reader(browser, server, edition, name, device, color_scheme="light") as page:
        light = seen_colours(page)
        seen = []
        for wanted in (DARK_CHOICE, LIGHT_CHOICE):
            for _ in range(3):  # a control that steps through its modes, or one that opens a menu
                control = page.evaluate(script("named_control"), [COLOUR_MODE, BUTTONS])
                assert control is not None, "no colour-mode control on the screen"
                tap(page, device, control)
                page.wait_for_timeout(300)
                choice = page.evaluate(script("named_control"), [wanted, None])
                if choice is not None:
                    tap(page, device, choice)
                    page.wait_for_timeout(300)
                seen.append(seen_colours(page))
                if (seen[-1][0] < 0.25) == (wanted == DARK_CHOICE):
                    break
        page.reload()
        kept = seen_colours(page)
    assert light[0] > 0.75, f"light background {light[0]:.2f}"
    assert any(background < 0.25 and text > 0.6 for background, text in seen), seen
    assert seen[-1][0] > 0.75, seen
    assert abs(kept[0] - seen[-1][0]) < 0.1, "the chosen mode is forgotten when the page is reloaded"


# Layout shift a page may add up to while it loads: Lighthouse's target for the site (CLS <= 0.02).
LAYOUT_SHIFT_BUDGET = 0.02
# A slow phone connection, as Lighthouse's mobile preset simulates it (slow 4G): files arrive one by
# one, so a font that comes late moves the text it is drawn with.
# The phone Lighthouse's mobile preset emulates (a Moto G Power).
LIGHTHOUSE_PHONE = {
    "viewport": {"width": 412, "height": 823},
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8}


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", PAGES)
def test_the_text_stays_in_place_while_the_page_loads_on_a_slow_phone(
    browser: Any, server: SiteServer, name: str, edition: str
) -> None:
    context = browser.new_context(**LIGHTHOUSE_PHONE)
    try:
        context.add_init_script(script("layout_shifts"))
        page = context.new_page()
        context.new_cdp_session(page).send("Network.emulateNetworkConditions", SLOW_4G)
        page.goto(page_url(server, edition, name), wait_until="networkidle", timeout=60_000)
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.layoutShifts")
    finally:
        context.close()
    total = sum(shift["score"] for shift in shifts)
    assert total <= LAYOUT_SHIFT_BUDGET, f"the page moved by {total:.3f} while it loaded: {shifts}"


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", PAGES)
def test_nothing_is_wider_than_the_screen(
    browser: Any, server: SiteServer, name: str, edition: str, device: str
) -> None:
    with reader(browser, server, edition, name, device) as page:
        assert page.evaluate(script("wider_than_screen")) == 0


# ---------------------------------------------------------------------------------------------------------
# Through the chapter: previous and next, an answer.


def walk(page: Any, device: str, pattern: str, steps: int) -> list[str]:
    """Follow the link that reads ``pattern`` ("Next", "Previous") ``steps`` times; return the paths."""
    visited = [urlsplit(page.url).path]
    for _ in range(steps):
        point = None
        for _ in range(3):  # the page may still grow while its images arrive
            page.keyboard.press("End")
            page.wait_for_timeout(300)
            point = page.evaluate(script("named_control"), [pattern, None])
            if point is not None:
                break
        if point is None:
            break
        tap(page, device, point)
        page.wait_for_url(lambda url: urlsplit(url).path != visited[-1], timeout=10_000)
        page.wait_for_load_state()
        visited.append(urlsplit(page.url).path)
    return visited


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_next_and_previous_lead_through_the_chapter_in_reading_order(
    browser: Any, server: SiteServer, edition: str, device: str
) -> None:
    order = [page_path(server, edition, name) for name in READING_ORDER]
    with reader(browser, server, edition, READING_ORDER[0], device) as page:
        forward = walk(page, device, NEXT[edition], len(order) - 1)
    with reader(browser, server, edition, READING_ORDER[-1], device) as page:
        backward = walk(page, device, PREVIOUS[edition], len(order) - 1)
    assert forward == order
    assert backward == order[::-1]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_an_answer_opens_when_the_reader_taps_it(
    browser: Any, server: SiteServer, edition: str, device: str
) -> None:
    with reader(browser, server, edition, "chapter/exercises", device) as page:
        summary = page.locator("article details summary", has_text=ANSWER[edition]).first
        summary.scroll_into_view_if_needed()
        answer = summary.locator("xpath=..")
        hidden_text = answer.evaluate("details => details.innerText")
        box = summary.bounding_box()
        tap(page, device, {"x": box["x"] + min(box["width"] / 2, 60), "y": box["y"] + box["height"] / 2})
        page.wait_for_function("details => details.open", arg=answer.element_handle())
        page.wait_for_timeout(400)  # the answer fades in
        shown = answer.evaluate("details => details.innerText")
        opened = answer.bounding_box()
    assert len(shown) > len(hidden_text) + 40, "the answer's text did not appear"
    assert opened["height"] > box["height"] * 2, opened


def test_text_inside_a_closed_answer_is_found_by_the_browser_s_find(browser: Any, server: SiteServer) -> None:
    """Find-in-page reaches text that is in an answer nobody has opened (Chromium opens it to show it)."""
    with reader(browser, server, "en", "chapter/exercises", "desktop") as page:
        phrase = page.evaluate(CLOSED_ANSWER_PHRASE)
        assert phrase, "no closed answer with a paragraph of plain words"
        found = page.evaluate("phrase => window.find(phrase)", phrase)
    assert found, f"find-in-page did not find {phrase!r} in a closed answer"


# ---------------------------------------------------------------------------------------------------------
# Taking a page away: its source, and a printout.

VIEW_SOURCE = r"view this page|查看本页源文件"


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_page_s_source_opens_from_the_top_of_the_page(
    browser: Any, server: SiteServer, edition: str, device: str
) -> None:
    with reader(browser, server, edition, "chapter/locality", device) as page:
        control = page.evaluate(script("named_control"), [VIEW_SOURCE, None])
        assert control is not None, "no control on the screen that shows the page's source"
        tap(page, device, control)
        page.wait_for_url(re.compile(r"/_sources/chapter/locality\."), timeout=10_000)
        source = page.evaluate("document.body.innerText")
    assert "```{code-cell}" in source


# What only the navigation and the page's frame say, by edition: the printout must not show it.
FRAME_ONLY = {"en": ("简体中文", "Skip to content"), "zh-cn": ("English", "跳到正文")}


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_printed_page_is_the_text_without_the_navigation(
    browser: Any, server: SiteServer, edition: str
) -> None:
    from pypdf import PdfReader

    with reader(browser, server, edition, "chapter/locality", "desktop") as page:
        title = page.locator("article h1").inner_text()
        pdf = page.pdf(format="A4")
    printed = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    words = title.split()[-1]  # the title without its section number
    assert words in printed, "the page's title is not printed"
    shown = [text for text in FRAME_ONLY[edition] if text in printed]
    assert shown == [], f"the printout shows the page's frame: {shown}"
