"""The leaderboard site in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Skipped, with the reason, when Chromium or the playwright package is missing. Every browser
operation is bounded by a timeout. Screenshots go to tests/browser/artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.scoring import Settings
from harness.leaderboard import build_leaderboard

from ..conftest import ROOT
from ..test_evaluate import gold_submission

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
EVIL = "<script>alert(1)</script>"
TIMEOUT_MS = 15_000
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]

if not CHROMIUM.is_file():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def site(gold, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    evil = gold_submission(gold, EVIL, ("entities", "errors"))
    for doc in evil["documents"]:
        doc["entities"] = doc["entities"][::2]
    evil["system"].update(description="<img src=x onerror=alert(2)>", url="https://example.org/\"onmouseover=alert(3)")
    (folder / "evil.json").write_text(json.dumps(evil), encoding="utf-8")
    paths = [ROOT / "annotations" / "pass_a.json", ROOT / "annotations" / "pass_b.json", folder / "evil.json"]
    out = folder / "site"
    build_leaderboard(paths, out, settings=Settings(n_resamples=100))
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=FLAGS, timeout=60_000, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        yield context
        context.close()


@pytest.fixture
def page(browser):
    """A fresh tab that records console errors and any dialog (an alert would mean injected script ran)."""
    tab = browser.new_page()
    tab.errors, tab.dialogs = [], []
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    tab.close()


def _screenshot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_index_loads_from_file_url(site: Path, page) -> None:
    page.goto(site.joinpath("index.html").as_uri())
    assert page.title() == "Errata leaderboard"
    assert page.locator("#filter").is_visible()  # the script ran (it reveals the filter box)
    assert page.locator("#board-entities svg circle").count() == 3
    assert page.errors == []  # no CSP violation, no script error, nothing fetched
    _screenshot(page, "index.png")


def test_a_column_sorts_on_click(site: Path, page) -> None:
    page.goto(site.joinpath("index.html").as_uri())
    table = page.locator("#table-entities")
    names = lambda: table.locator("tbody td.system").evaluate_all("cells => cells.map(c => c.dataset.sort)")  # noqa: E731
    ranked = names()
    table.locator("thead th", has_text="System").locator("button").click()
    assert names() == sorted(ranked) and names() != ranked
    assert table.locator("thead th", has_text="System").get_attribute("aria-sort") == "ascending"
    table.locator("thead th", has_text="System").locator("button").click()
    assert names() == sorted(ranked, reverse=True)
    table.locator("thead th", has_text="strict F1").locator("button").click()
    values = [float(v) for v in table.locator("tbody tr td:nth-child(3)").all_inner_texts()]
    assert values == sorted(values, reverse=True)


def test_a_script_name_shows_as_text_and_runs_nothing(site: Path, page) -> None:
    page.goto(site.joinpath("index.html").as_uri())
    cells = page.locator("#table-entities td.system").all_inner_texts()
    assert any(EVIL in cell for cell in cells)
    assert page.locator("#table-entities td.system a").count() == 0 or all(
        href.startswith("https://") for href in page.locator("#table-entities td.system a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"))
    assert page.locator("img").count() == 0
    page.locator("#table-entities td.system", has_text=EVIL).hover()
    evil_page = next(p for p in (site / "docs").glob("*/*.html") if "script" in p.parent.name)
    page.goto(evil_page.as_uri())
    assert EVIL in page.locator("header").inner_text()
    assert page.dialogs == [] and page.errors == []


def test_the_document_view_highlights_spans(site: Path, page) -> None:
    view = next((site / "docs").glob("annotator-a-*/001_*.html"))
    page.goto(view.as_uri())
    article = page.locator("#layer-entities .article")
    assert article.locator(".span.g-matched.p-matched").count() > 0
    assert article.locator(".tag.both.o-matched").count() > 0
    fill = article.locator(".span.p-matched").first.evaluate("e => getComputedStyle(e).backgroundColor")
    line = article.locator(".span.g-matched").first.evaluate("e => getComputedStyle(e).borderBottomStyle")
    assert fill not in ("rgba(0, 0, 0, 0)", "transparent") and line == "solid"
    assert page.locator("#legend").is_visible()
    assert page.errors == []
    _screenshot(page, "document.png")
    evil_view = next(p for p in (site / "docs").glob("*/000_*.html") if "script" in p.parent.name)
    page.goto(evil_view.as_uri())
    assert page.locator("#layer-entities .span.g-missed").count() > 0  # half of the gold entities were dropped
    page.locator("#layer-entities").scroll_into_view_if_needed()
    _screenshot(page, "document-missed.png")


def test_the_errors_board_fits_a_1400_pixel_window(site: Path, page) -> None:
    """Every column of the widest board, group recall last, is visible without scrolling sideways."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(site.joinpath("index.html").as_uri())
    table = page.locator("#table-errors")
    assert table.locator("th").last.inner_text().startswith("group recall")
    scroll_width, client_width = table.evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert scroll_width <= client_width, (scroll_width, client_width)
