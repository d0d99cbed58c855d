"""The site as readers get it: every built page in a real browser, offline, accessible, light and linked.

The site is served on 127.0.0.1 under the path it is published at, gzip-compressed as the hosts serve it
(``benchmarks/gzip_server.py``), and every page is opened in Chromium (Debian's, driven by Playwright; no
browser is downloaded). The JavaScript that inspects a page in the browser is in ``tests/js/``. Without
Playwright or Chromium the browser tests skip, except under CI (``CI=true``), where they fail. The link,
weight and metadata tests need no browser. ``CONVDOCS_SITE_DIR`` points the tests at an existing build
instead of building the book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from build_helpers import DOCS
from site_helpers import (
    NOT_FOUND_PAGE,
    Record,
    SiteServer,
    Transfer,
    base_path,
    open_page,
    page_transfer,
    page_weight,
    parse_page,
    resolve,
    site_pages,
    unavailable,
)

PHONE = {"width": 375, "height": 800}
AXE = DOCS / "node_modules" / "axe-core" / "axe.min.js"
# What a reader downloads for the landing page or a chapter page, gzip as the hosts send it (HTML, style
# sheets, scripts, every image's 1x file; fonts left out): at most 400 KiB, the site's target.
TRANSFER_BUDGET = 400 * 1024
WIDEST_FIGURE = 1600  # pixels: twice the text column, enough for a high-density screen
# Pages Sphinx generates rather than reads: no OpenGraph tags, left out of the sitemap.
GENERATED_PAGES = {"search.html", "genindex.html", "py-modindex.html"}
SCRIPTS = Path(__file__).parent / "js"


@cache
def script(name: str) -> str:
    """Return the JavaScript function of ``tests/js/<name>.js``, to evaluate in a page."""
    return (SCRIPTS / f"{name}.js").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------
# The site, its server, the browser, and the report printed at the end of the run.


# Colours change at once when the theme switches, so that axe never measures a colour half-way.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"


@dataclass
class Visit:
    """One page as the browser showed it; ``error`` says why it could not be inspected."""

    page: str
    record: Record
    math: dict[str, Any] = field(
        default_factory=lambda: {
            "equations": 0,
            "typeset": 0,
            "untypeset": [],
            "raw": [],
            "fonts": True,
            "invisible": 0,
        }
    )
    images: list[dict[str, Any]] = field(default_factory=list)
    copy: dict[str, Any] = field(default_factory=lambda: {"blocks": 0, "without": []})
    axe: list[dict[str, Any]] | None = None
    overflow: dict[str, Any] = field(default_factory=lambda: {"scrollWidth": 0, "width": 0, "offenders": []})
    error: str | None = None

    @property
    def serious(self) -> list[dict[str, Any]]:
        return [v for v in self.axe or [] if v["impact"] in ("serious", "critical")]


def visit(browser: Any, server: SiteServer, page_path: str) -> Visit:
    """Open one page at a desktop width and inspect it, in both themes, then at a phone's width."""
    with open_page(browser, server.url + page_path) as (page, record):
        result = Visit(page_path, record)
        try:
            # What the closed answers hold is built when they open: open them, so that it is checked too.
            page.evaluate(script("open_closed_details"))
            page.evaluate(script("fonts_ready"))
            result.math = page.evaluate(script("math_report"))
            result.images = page.evaluate(script("image_report"))
            result.copy = page.evaluate(script("copy_report"))
            if AXE.is_file():
                page.add_script_tag(path=str(AXE))
                result.axe = page.evaluate(script("axe_report"), {})
                # The dark theme, as a reader's system setting chooses it: its colours get their own check.
                page.add_style_tag(content=NO_TRANSITIONS)
                page.emulate_media(color_scheme="dark")
                dark = page.evaluate(script("axe_report"), {"runOnly": ["color-contrast"]})
                result.axe += [{**v, "id": f"{v['id']} (dark theme)"} for v in dark]
            page.set_viewport_size(PHONE)
            result.overflow = page.evaluate(script("overflow_report"))
            page.wait_for_load_state("networkidle")
        except Exception as error:  # one broken page must not hide what the others show
            result.error = f"{type(error).__name__}: {error}".splitlines()[0]
    return result


class SiteReport:
    """A table of every page, printed at the end of the test run (a pytest plugin registered at run time)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.transfers: dict[str, Transfer] = {}
        self.visits: dict[str, Visit] = {}

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        pages = sorted(set(self.transfers) | set(self.visits))
        if not pages:
            return
        terminalreporter.section(f"the site, page by page ({self.site})")
        width = max(len(page) for page in pages)
        header = f"{'page':<{width}} {'requests':>8} {'not 200':>7} {'foreign':>7} {'console':>7} "
        header += f"{'axe s+c':>7} {'axe all':>7} {'KiB gz':>7}"
        terminalreporter.write_line(header)
        for page in pages:
            row = f"{page:<{width}} "
            visit = self.visits.get(page)
            if visit:
                record = visit.record
                bad = [r for r in record.responses if r[1] != 200 and r[0].startswith("http")]
                row += f"{len(record.responses):>8} {len(bad) + len(record.failed):>7} "
                row += f"{len(record.foreign):>7} {len(record.console_errors):>7} "
                row += f"{len(visit.serious) if visit.axe is not None else '-':>7} "
                row += f"{len(visit.axe) if visit.axe is not None else '-':>7} "
            else:
                row += f"{'-':>8} {'-':>7} {'-':>7} {'-':>7} {'-':>7} {'-':>7} "
            transfer = self.transfers.get(page)
            row += f"{transfer.total_bytes / 1024:>7.0f}" if transfer else f"{'-':>7}"
            terminalreporter.write_line(row)
        rules: dict[tuple[str, str], list[str]] = {}
        for visit in self.visits.values():
            for violation in visit.axe or []:
                rules.setdefault((violation["impact"], violation["id"]), []).append(visit.page)
        for (impact, rule), pages_with in sorted(rules.items()):
            terminalreporter.write_line(
                f"axe {impact} {rule}: {len(pages_with)} page(s), e.g. {pages_with[0]}"
            )


@pytest.fixture(scope="module")
def report(site: Path, request: pytest.FixtureRequest) -> SiteReport:
    table = SiteReport(site)
    request.config.pluginmanager.register(table, "convdocs-site-report")
    return table


@pytest.fixture(scope="module")
def visits(browser: Any, server: SiteServer, site: Path, report: SiteReport) -> dict[str, Visit]:
    for page in site_pages(site):
        report.visits[page] = visit(browser, server, page)
    return report.visits


def failures_of(lines: list[str]) -> str:
    return f"{len(lines)} problem(s):\n" + "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# Every page in the browser.


def test_every_page_is_visited(site: Path, visits: dict[str, Visit]) -> None:
    assert sorted(visits) == site_pages(site)
    assert {"index.html", "chapter/translation-invariance.html", "examples/index.html"} <= set(visits)
    problems = [f"{visit.page}: {visit.error}" for visit in visits.values() if visit.error]
    assert not problems, failures_of(problems)


def test_every_request_answers_200(visits: dict[str, Visit]) -> None:
    problems = []
    for visit in visits.values():
        problems += [f"{visit.page}: page answered {visit.record.status}"] * (visit.record.status != 200)
        problems += [
            f"{visit.page}: {status} {url}"
            for url, status in visit.record.responses
            if status != 200 and url.startswith("http")
        ]
        problems += [f"{visit.page}: failed {failure}" for failure in visit.record.failed]
    assert not problems, failures_of(problems)


def test_no_request_goes_to_another_host(visits: dict[str, Visit]) -> None:
    problems = [f"{visit.page}: {url}" for visit in visits.values() for url in visit.record.foreign]
    assert not problems, failures_of(problems)


def test_no_console_errors(visits: dict[str, Visit]) -> None:
    problems = [
        f"{visit.page}: {error}" for visit in visits.values() for error in visit.record.console_errors
    ]
    assert not problems, failures_of(problems)


def test_every_equation_was_rendered_while_the_book_was_built(visits: dict[str, Visit]) -> None:
    problems = []
    for visit in visits.values():
        math = visit.math
        problems += [f"{visit.page}: not rendered by KaTeX: {tex!r}" for tex in math["untypeset"]]
        problems += [f"{visit.page}: raw TeX in the text: {text!r}" for text in math["raw"]]
        problems += [f"{visit.page}: KaTeX's fonts did not load"] * (not math["fonts"])
        problems += [f"{visit.page}: {math['invisible']} equations drawn 0 px wide"] * bool(math["invisible"])
    assert not problems, failures_of(problems)
    assert sum(visit.math["typeset"] for visit in visits.values()) > 0, "no page has rendered math"


def meaningless_alt(src: str, alt: str | None, decorative: bool = False) -> str | None:
    """Say why ``alt`` does not describe the image at ``src``, or return None if it may.

    An empty ``alt`` is right for a decorative image: one next to a link whose text already names what it
    shows, as sphinx-gallery's thumbnails are next to their title link.
    """
    if alt == "" and decorative:
        return None
    if alt is None or not alt.strip():
        return "no alt text"
    name = src.rsplit("/", 1)[-1].split("?")[0]
    text = alt.strip().lower()
    if text in {name.lower(), name.rsplit(".", 1)[0].lower()} or text.startswith("sphx_glr_"):
        return f"alt text is the file name: {alt!r}"
    if re.fullmatch(r"(image|img|figure|picture|thumbnail|plot|placeholder|todo)\W*\d*", text):
        return f"alt text says nothing: {alt!r}"
    return None


def test_meaningless_alt_accepts_an_empty_alt_only_next_to_a_named_link() -> None:
    thumbnail = "_images/sphx_glr_plot_01_count_parameters_thumb.png"
    assert meaningless_alt(thumbnail, "", decorative=True) is None
    assert meaningless_alt(thumbnail, "", decorative=False) == "no alt text"
    assert meaningless_alt(thumbnail, None, decorative=True) == "no alt text"
    assert meaningless_alt(thumbnail, "sphx_glr_plot_01_count_parameters_thumb") is not None


def test_every_image_loads_and_has_alt_text(visits: dict[str, Visit]) -> None:
    problems = []
    for visit in visits.values():
        for image in visit.images:
            where = f"{visit.page}: {image['src'][:80]}"
            if image["naturalWidth"] == 0:
                problems.append(f"{where}: did not load")
            reason = meaningless_alt(image["src"], image["alt"], image["decorative"])
            if reason:
                problems.append(f"{where}: {reason}")
    assert not problems, failures_of(problems)


def test_every_code_block_has_a_copy_button(visits: dict[str, Visit]) -> None:
    problems = [f"{visit.page}: {code!r}" for visit in visits.values() for code in visit.copy["without"]]
    assert not problems, failures_of(problems)
    assert sum(visit.copy["blocks"] for visit in visits.values()) > 0


def test_nothing_overflows_a_phone_screen(visits: dict[str, Visit]) -> None:
    problems = [
        f"{visit.page}: {visit.overflow['scrollWidth']} px wide in a {visit.overflow['width']} px window; "
        + ", ".join(visit.overflow["offenders"])
        for visit in visits.values()
        if visit.overflow["scrollWidth"] > visit.overflow["width"]
    ]
    assert not problems, failures_of(problems)


def test_no_serious_accessibility_violations(visits: dict[str, Visit]) -> None:
    if not AXE.is_file():
        unavailable(f"axe-core is not installed at {AXE}: npm ci --prefix docs")
    problems = [
        f"{visit.page}: {v['impact']} {v['id']} ({v['help']}) x{v['nodes']}: {'; '.join(v['targets'])}"
        for visit in visits.values()
        for v in visit.serious
    ]
    assert not problems, failures_of(problems)


# ---------------------------------------------------------------------------------------------------------
# What a reader does: search, copy code, open an answer, mistype an address (tests/test_reader.py: the
# navigation, search, language and colour mode on a phone and a desktop).


def test_search_finds_the_translation_invariance_page(browser: Any, server: SiteServer) -> None:
    with open_page(browser, server.url + "search.html?q=translation+invariance") as (page, record):
        page.wait_for_function(script("search_summary"))
        found = page.eval_on_selector_all("#search-results ul.search li a", script("search_results"))
        assert record.console_errors == []
    assert any(href.split("#")[0].endswith("chapter/translation-invariance.html") for href in found), found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("互相关", "chapter/convolutions.html"),
        ("卷积核", "chapter/locality.html"),
        ("感受野", "chapter/invariance.html"),
    ],
)
def test_chinese_search_finds_the_page_of_a_term(
    browser: Any, server: SiteServer, query: str, expected: str
) -> None:
    with open_page(browser, server.url + f"zh-cn/search.html?q={query}") as (page, record):
        page.wait_for_function(script("search_summary"))
        found = page.eval_on_selector_all("#search-results ul.search li a", script("search_results"))
        assert record.console_errors == []
    assert any(href.split("#")[0].endswith(expected) for href in found), (query, found)


def test_copy_button_copies_code_without_prompts(browser: Any, server: SiteServer) -> None:
    permissions = ["clipboard-read", "clipboard-write"]
    with open_page(browser, server.url + "index.html", permissions=permissions) as (page, record):
        block = page.locator("div.highlight-pycon").first
        block.hover()
        block.locator("button.copybtn").click()
        copied = page.evaluate(script("clipboard_text"))
        assert record.console_errors == []
    assert copied.startswith("import convdocs as cd\n"), copied
    assert ">>>" not in copied and "1000000000" not in copied, copied


def test_copying_an_equation_gives_its_tex(browser: Any, server: SiteServer, site: Path) -> None:
    permissions = ["clipboard-read", "clipboard-write"]
    page_path = "chapter/translation-invariance.html"
    with open_page(browser, server.url + page_path, permissions=permissions) as (page, record):
        page.wait_for_load_state("networkidle")
        copied = page.evaluate(script("copy_equation"))
        assert record.console_errors == []
    # KaTeX's copy-tex puts the TeX between display delimiters instead of the rendered glyphs.
    assert copied.startswith("$$") and copied.rstrip().endswith("$$"), copied
    assert "\\mathsf{W}" in copied or "\\mathbf{" in copied, copied


EXERCISES = "chapter/exercises.html"


def test_a_link_to_an_id_inside_a_closed_answer_opens_it(
    browser: Any, server: SiteServer, site: Path
) -> None:
    # The bibliography links back to the citations, some of which are in the answers.
    page_html = (site / EXERCISES).read_text(encoding="utf-8")
    answers = re.findall(r'<details class="sd-sphinx-override sd-dropdown.*?</details>', page_html, re.DOTALL)
    inside = re.search(r'\sid="([^"]+)"', "".join(answers))
    assert inside, "no id inside a closed answer to link to"
    with open_page(browser, server.url + f"{EXERCISES}#{inside[1]}") as (page, record):
        page.wait_for_load_state("networkidle")
        target = page.evaluate(script("where_is"), inside[1])
        assert record.console_errors == []
    assert target == {"open": True, "inWindow": True}, target


def test_closed_answers_hold_their_content_without_javascript(browser: Any, server: SiteServer) -> None:
    with open_page(browser, server.url + EXERCISES, java_script_enabled=False) as (page, _):
        answer = page.locator("article details.sd-dropdown").first
        answer.locator("summary").click()
        equations = answer.locator(".katex-display").count()
    assert equations >= 1


def test_search_terms_are_highlighted_in_an_answer_opened_later(browser: Any, server: SiteServer) -> None:
    with open_page(browser, server.url + f"{EXERCISES}?highlight=nonlinearity") as (page, record):
        page.wait_for_load_state("networkidle")
        answer = page.locator("article details.sd-dropdown").first
        answer.locator("summary").click()
        highlighted = answer.locator("span.highlighted").all_inner_texts()
        assert record.console_errors == []
    assert [text.lower() for text in highlighted] == ["nonlinearity"], highlighted


def test_missing_page_shows_a_working_404_page_at_any_depth(
    browser: Any, server: SiteServer, site: Path
) -> None:
    base = base_path(site)
    missing = server.url + "chapter/no/such/page.html"
    with open_page(browser, missing) as (page, record):
        page.wait_for_load_state("networkidle")
        title = page.title()
        links = page.eval_on_selector_all("a[href]", script("link_targets"))
        styled = page.evaluate(script("style_rule_count"))
    assert record.status == 404
    assert "Page not found" in title
    assert styled >= 300, "the 404 page's style rules did not load"
    assert record.foreign == []
    subresources = [(url, status) for url, status in record.responses if url != missing]
    assert [r for r in subresources if r[1] != 200] == [] and record.failed == []
    assert [e for e in record.console_errors if "status of 404" not in e] == []
    broken = []
    for link in links:
        parts = urlsplit(link)
        if parts.hostname != "127.0.0.1" or parts.path.startswith(urlsplit(missing).path):
            continue
        target = resolve(site, "", parts.path + (f"#{parts.fragment}" if parts.fragment else ""), base)
        if target is None or not target.file.is_file():
            broken.append(link)
    assert len(links) > 10 and broken == []


# ---------------------------------------------------------------------------------------------------------
# The built files themselves: links, weight, and what hosting needs. No browser.


def ids_of(page: Path) -> set[str]:
    return parse_page(page).ids


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    base = base_path(site)
    pages = [*site_pages(site), NOT_FOUND_PAGE]
    problems = []
    for page in pages:
        for tag, attribute, url in parse_page(site / page).urls:
            target = resolve(site, page, url, base)
            if target is None:
                continue
            if not target.file.is_file():
                problems.append(f"{page}: <{tag} {attribute}={url!r}>: no such file")
            elif (
                target.fragment
                and target.file.suffix == ".html"
                and target.fragment not in ids_of(target.file)
            ):
                problems.append(f"{page}: <{tag} {attribute}={url!r}>: no id {target.fragment!r} there")
    assert not problems, failures_of(problems)


def test_the_404_page_has_no_relative_urls(site: Path) -> None:
    urls = parse_page(site / NOT_FOUND_PAGE).urls
    relative = [url for _, _, url in urls if not re.match(r"[a-z][a-z0-9+.-]*:|/|#", url)]
    assert relative == []
    assert len(urls) > 10


def test_reader_pages_stay_within_their_transfer_budget(site: Path, report: SiteReport) -> None:
    for page in site_pages(site):
        report.transfers[page] = page_transfer(site, page)
    reader_pages = [
        t
        for page, t in report.transfers.items()
        if page.removeprefix("zh-cn/") == "index.html" or page.removeprefix("zh-cn/").startswith("chapter/")
    ]
    assert len(reader_pages) > 5, "no chapter pages were built"
    heavy = [
        f"{t.page}: {t.total_bytes / 1024:.0f} KiB, of it "
        + ", ".join(f"{path} {size / 1024:.0f}" for path, size in sorted(t.files, key=lambda f: -f[1])[:4])
        for t in reader_pages
        if t.total_bytes > TRANSFER_BUDGET
    ]
    wide = {
        f"{path}: {width} px wide"
        for page in site_pages(site)
        for path, _, width in page_weight(site, page).images
        if width is not None and width > WIDEST_FIGURE
    }
    assert not heavy, failures_of(heavy)
    assert not wide, failures_of(sorted(wide))


def test_every_image_has_a_size_and_at_most_one_loads_at_once(site: Path) -> None:
    problems = []
    for page in [*site_pages(site), NOT_FOUND_PAGE]:
        images = parse_page(site / page).image_tags
        for image in images:
            if not (image.get("width", "").isdigit() and image.get("height", "").isdigit()):
                problems.append(f"{page}: {image.get('src', '')[:70]}: no width and height in pixels")
        eager = [image.get("src", "")[:70] for image in images if image.get("loading") != "lazy"]
        if len(eager) > 1:
            problems.append(f"{page}: {len(eager)} images load at once: {', '.join(eager)}")
        if eager and images[0].get("loading") != "lazy" and eager[0] != images[0].get("src", "")[:70]:
            problems.append(f"{page}: the first image is lazy, a later one not")
    assert not problems, failures_of(problems)


# Scripts that typeset math in the browser: none of them may be on a page.
ENGINE_SCRIPTS = re.compile(r"mathjax|katex(?:\.min)?\.js|auto-render", re.IGNORECASE)


def test_no_page_typesets_math_in_the_browser(site: Path) -> None:
    problems, rendered = [], 0
    for page in [*site_pages(site), NOT_FOUND_PAGE]:
        rendered += (site / page).read_text(encoding="utf-8").count('class="katex"')
        for script in parse_page(site / page).scripts:
            src = script.get("src", "")
            if ENGINE_SCRIPTS.search(src):
                problems.append(f"{page}: loads {src}")
    assert not problems, failures_of(problems)
    assert rendered > 50, "KaTeX's HTML is missing from the pages"


def test_sitemap_lists_every_page_under_the_base_url(site: Path) -> None:
    canonical = parse_page(site / "index.html").links["canonical"]
    base_url = canonical.rsplit("/", 1)[0] + "/"
    tree = ElementTree.parse(site / "sitemap.xml")
    locations = {
        element.text or "" for element in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    expected = {base_url + page for page in site_pages(site) if Path(page).name not in GENERATED_PAGES}
    assert locations == expected


def test_every_page_has_opengraph_tags_a_favicon_and_a_canonical_url(site: Path) -> None:
    canonical_base = parse_page(site / "index.html").links["canonical"].rsplit("/", 1)[0] + "/"
    problems = []
    for page in site_pages(site):
        parsed = parse_page(site / page)
        if parsed.links.get("canonical") != canonical_base + page:
            problems.append(f"{page}: canonical URL {parsed.links.get('canonical')!r}")
        if Path(page).name not in GENERATED_PAGES:
            tags = ("og:title", "og:type", "og:url", "og:site_name")
            problems += [f"{page}: no {tag}" for tag in tags if not parsed.meta.get(tag)]
            if not parsed.meta.get("og:url", "").startswith(canonical_base):
                problems.append(f"{page}: og:url {parsed.meta.get('og:url')!r} is not under {canonical_base}")
        icon = next((href for rel, href in parsed.links.items() if "icon" in rel.split()), None)
        target = resolve(site, page, icon) if icon else None
        if target is None or not target.file.is_file():
            problems.append(f"{page}: no favicon ({icon!r})")
    assert not problems, failures_of(problems)
