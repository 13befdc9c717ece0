# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The HTML report in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Locally the test is skipped, with the reason, when Chromium or Playwright is missing;
with ``CI=true`` a missing browser is a failure. Screenshots go to
``$SPARK_PROFILER_ARTIFACT_DIR`` (default: a pytest temporary folder).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator, List

import pytest

from spark_profiler.report import render_html

pytestmark = pytest.mark.browser

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


def _profiles() -> ModuleType:
    """The hand-built profiles shared with the unit tests (loaded by path: tests are not a package)."""
    path = Path(__file__).resolve().parent.parent / "unit" / "profiles.py"
    spec = importlib.util.spec_from_file_location("_browser_profiles", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def chromium() -> str:
    path = os.environ.get("SPARK_PROFILER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("SPARK_PROFILER_ARTIFACT_DIR")
    out = Path(configured) if configured else tmp_path_factory.mktemp("browser-artifacts")
    out.mkdir(parents=True, exist_ok=True)
    return out


class _Page:
    """A page that records console errors, uncaught exceptions and dialogs."""

    def __init__(self, browser: Any, html_file: Path, width: int = 1366, height: int = 900) -> None:
        self.errors: List[str] = []
        self.dialogs: List[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(html_file.as_uri())

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visible_sections(self) -> List[str]:
        names: List[str] = self.page.eval_on_selector_all(
            ".col-section", "els => els.filter(e => !e.hidden).map(e => e.querySelector('.col-name').textContent)"
        )
        return names


@pytest.fixture(scope="module")
def rich_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report") / "rich report.html"
    target.write_text(render_html(_profiles().rich_profile(sampled=True)), encoding="utf-8")
    return target


def test_report_renders_without_errors_and_shows_key_elements(browser: Any, rich_report: Path, artifacts: Path) -> None:
    p = _Page(browser, rich_report)
    page = p.page
    for selector in ("header.top h1", "#overview .cards", "#alerts table", "#missing-chart", "#heatmap", "#search"):
        assert page.locator(selector).first.is_visible(), selector
    assert page.locator(".col-section").count() == 13
    assert page.locator("svg.histogram").first.is_visible()
    assert page.locator("#match-count").inner_text() == "13 of 13 columns"
    page.screenshot(path=str(artifacts / "report-desktop.png"), full_page=False)
    page.locator("#col-1").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "report-column.png"), full_page=False)
    assert p.errors == []
    assert p.dialogs == []


def test_hostile_column_name_and_values_never_execute(browser: Any, rich_report: Path) -> None:
    profiles = _profiles()
    p = _Page(browser, rich_report)
    page = p.page
    page.wait_for_timeout(300)
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
    assert profiles.HOSTILE_NAME in p.visible_sections()
    page.locator("#search").fill("onerror")
    assert p.visible_sections() == [profiles.HOSTILE_NAME]
    page.locator("#column-nav li:not([hidden]) a").first.click()
    page.wait_for_timeout(300)
    assert page.locator("text=</script><script>alert('x')</script>").first.is_visible()
    assert p.dialogs == []
    assert p.errors == []


def test_search_kind_and_alert_filters(browser: Any, rich_report: Path) -> None:
    p = _Page(browser, rich_report)
    page = p.page
    page.locator("#search").fill("PRICE")
    assert p.visible_sections() == ["price"]
    assert page.locator("#match-count").inner_text() == "1 of 13 columns"
    assert page.locator("#column-nav li:not([hidden])").count() == 1
    page.locator("#search").fill("no such column")
    assert p.visible_sections() == []
    assert page.locator("#no-match").is_visible()
    page.locator("#search").fill("")
    assert len(p.visible_sections()) == 13
    page.locator("#kind-filter").select_option("temporal")
    assert p.visible_sections() == ["born", "ts"]
    page.locator("#kind-filter").select_option("")
    page.locator("#alerts-only").check()
    shown = p.visible_sections()
    assert "price" in shown
    assert "tags" not in shown
    page.keyboard.press("Escape")
    assert p.errors == []


def test_phone_layout_and_print_media(browser: Any, rich_report: Path, artifacts: Path) -> None:
    p = _Page(browser, rich_report, width=390, height=844)
    page = p.page
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page scrolls sideways on a phone by {overflow}px"
    page.screenshot(path=str(artifacts / "report-phone.png"), full_page=False)
    page.emulate_media(media="print")
    assert not page.locator("nav.side").is_visible()
    page.pdf(path=str(artifacts / "report.pdf"))
    assert p.errors == []


def test_hundred_column_report_loads_and_filters(browser: Any, tmp_path: Path, artifacts: Path) -> None:
    target = tmp_path / "wide.html"
    target.write_text(render_html(_profiles().wide_profile(100)), encoding="utf-8")
    p = _Page(browser, target)
    assert p.page.locator(".col-section").count() == 100
    p.page.locator("#search").fill("category")
    assert len(p.visible_sections()) == 25
    p.page.screenshot(path=str(artifacts / "report-wide.png"), full_page=False)
    assert p.errors == []
