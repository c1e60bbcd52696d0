"""`pplint report` as a person sees it: no console error, layout at desktop and phone widths
(screenshots), keyboard focus, sorting, filtering and copying, print styles, hostile tenders
inert, an axe-core scan with no serious violation, and HTML the Nu checker finds valid."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    CHROMEDRIVER,
    CHROMIUM,
    FLAGS,
    HOSTILE,
    INSTALL,
    NPM,
    REPO,
    WIDTHS,
    Pages,
    console,
    open_page,
    png_colours,
)
from click.testing import CliRunner

from pplint.cli import main

PAGES = ("scorecard", "portfolio", "hostile")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _report(out: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["report", *args, "-o", str(out), "--no-config"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Pages:
    """The three reports, written once."""
    folder = tmp_path_factory.mktemp("reports")
    hostile = folder / "hostile.tender.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    return Pages(
        _report(folder / "scorecard.html", str(REPO / "examples/bad/cloud-hosting.tender.yaml")),
        _report(folder / "portfolio.html", str(REPO / "examples")),
        _report(folder / "hostile.html", str(hostile), "--lang", "en"),
    )


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $PPLINT_SCREENSHOTS when set (to look at them), else a tmp dir."""
    named = os.environ.get("PPLINT_SCREENSHOTS")
    if named:
        Path(named).mkdir(parents=True, exist_ok=True)
        return Path(named)
    return tmp_path_factory.mktemp("screenshots")


def tools_dir() -> Path:
    """$PPLINT_BROWSER_TOOLS, or a skip saying how to provide it."""
    named = os.environ.get("PPLINT_BROWSER_TOOLS")
    if not named:
        pytest.skip(f"PPLINT_BROWSER_TOOLS is not set (needs axe-core and vnu-jar: {NPM})")
    return Path(named)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of axe.min.js."""
    path = tools_dir() / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        pytest.skip(f"axe-core is missing: no {path} ({NPM})")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    """The Nu HTML checker's jar, and a Java to run it."""
    path = tools_dir() / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not path.is_file():
        pytest.skip(f"vnu-jar is missing: no {path} ({NPM})")
    if shutil.which("java") is None:
        pytest.skip("java is missing (apt-get install default-jre-headless)")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium under chromedriver, with a fresh profile, logging the console."""
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")):
        if not os.access(path, os.X_OK):
            pytest.skip(f"{what} is missing: no {path} ({INSTALL})")
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is missing (pip install -e '.[test]')"
    )
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="pplint-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.parametrize("name", PAGES)
def test_no_console_error(browser: Any, pages: Pages, name: str) -> None:
    open_page(browser, pages.get(name))
    said = [e for e in console(browser) if e.get("level") in ("SEVERE", "WARNING")]
    assert not said, said


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", ("scorecard", "portfolio"))
def test_layout_and_screenshots(
    browser: Any, pages: Pages, screenshots: Path, name: str, width: str
) -> None:
    """No horizontal scroll; the h1 and the first summary table (or the portfolio's
    indicators) visible; a screenshot that is not blank, saved for a person to look at."""
    from selenium.webdriver.common.by import By

    wide, high = WIDTHS[width]
    open_page(browser, pages.get(name), wide, high)
    scroll, inner = browser.execute_script(
        "return [document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert inner == wide
    assert scroll <= inner, f"{name} scrolls sideways at {wide}px: {scroll} > {inner}"
    headings = browser.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1 and headings[0].is_displayed()
    box = browser.execute_script(
        "return arguments[0].getBoundingClientRect().toJSON()", headings[0]
    )
    assert 0 <= box["left"] and box["right"] <= wide and box["top"] < high
    summary = browser.find_element(By.CSS_SELECTOR, "table.summary")
    browser.execute_script("arguments[0].scrollIntoView()", summary)
    assert summary.is_displayed() and summary.size["width"] <= wide
    if name == "portfolio":
        for ident in (
            "chart-price",
            "chart-families",
            "chart-rules",
            "chart-buyers",
            "tender-table",
        ):
            element = browser.find_element(
                By.ID, ident if ident == "tender-table" else f"{ident}-h"
            )
            assert element.is_displayed(), ident
    browser.execute_script("window.scrollTo(0, 0)")
    shot = browser.get_screenshot_as_png()
    (screenshots / f"{name}-{width}.png").write_bytes(shot)
    full = browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"captureBeyondViewport": True, "format": "png"}
    )
    import base64

    (screenshots / f"{name}-{width}-full.png").write_bytes(base64.b64decode(full["data"]))
    assert len(shot) > 10_000, "the screenshot is nearly empty"
    assert png_colours(shot) > 20, "the screenshot is blank"


def test_keyboard_focus_is_visible(browser: Any, pages: Pages) -> None:
    """Tab reaches the skip link first, then links and buttons, each with a visible outline."""
    from selenium.webdriver.common.keys import Keys

    open_page(browser, pages.portfolio)
    body = browser.find_element("tag name", "body")
    body.send_keys(Keys.TAB)
    seen = []
    for _ in range(6):
        style = browser.execute_script(
            "const e = document.activeElement, s = getComputedStyle(e);"
            "return [e.tagName, e.className, s.outlineStyle, parseFloat(s.outlineWidth)]"
        )
        seen.append(style)
        assert style[2] != "none" and style[3] >= 2, style
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert seen[0][:2] == ["A", "skip"], seen


def test_sort_filter_and_copy(browser: Any, pages: Pages) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, pages.portfolio)
    table = browser.find_element(By.ID, "tender-table")

    def scores() -> list[str]:
        cells = table.find_elements(By.CSS_SELECTOR, "tbody tr:not([hidden]) td:last-child")
        return [c.get_attribute("data-value") for c in cells]

    head = table.find_element(By.CSS_SELECTOR, "thead th:last-child button.sort")
    head.click()
    ascending = [float(s) for s in scores()]
    assert ascending == sorted(ascending)
    head.click()
    assert [float(s) for s in scores()] == sorted(ascending, reverse=True)
    assert table.find_element(By.CSS_SELECTOR, "thead th:last-child").get_attribute("aria-sort")
    box = browser.find_element(By.ID, "tender-filter")
    assert box.is_displayed()
    box.send_keys("Cork")
    assert len(scores()) == 1
    status = browser.find_element(By.ID, "status")
    browser.implicitly_wait(0)
    assert "1" in browser.execute_script(
        "return new Promise(r => setTimeout(() => r(arguments[0].textContent), 200))", status
    )
    copy = browser.find_element(By.CSS_SELECTOR, "button.copy")
    browser.execute_script("arguments[0].scrollIntoView()", copy)
    assert copy.is_displayed()
    copy.click()
    assert not [e for e in console(browser) if e.get("level") == "SEVERE"]


def test_works_without_javascript(browser: Any, pages: Pages) -> None:
    """With scripts off the content is all there; the buttons that need a script are not."""
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(browser, pages.portfolio)
        assert not [b for b in browser.find_elements(By.CSS_SELECTOR, "button") if b.is_displayed()]
        assert not browser.find_element(By.ID, "tender-filter").is_displayed()
        assert browser.find_elements(By.CSS_SELECTOR, "article.finding")
        assert browser.find_element(By.CSS_SELECTOR, "pre").text
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_print_styles(browser: Any, pages: Pages, screenshots: Path) -> None:
    """Printed: no buttons or filter, each scorecard on a new page, an A4 PDF of many pages."""
    import base64

    from selenium.webdriver.common.by import By

    open_page(browser, pages.portfolio)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        buttons = browser.find_elements(By.CSS_SELECTOR, "button, .filter")
        assert buttons and not [b for b in buttons if b.is_displayed()]
        breaks = browser.execute_script(
            "return Array.from(document.querySelectorAll('article.scorecard'), "
            "e => getComputedStyle(e).breakBefore)"
        )
        assert breaks and set(breaks) == {"page"}, breaks
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
    pdf = browser.execute_cdp_cmd(
        "Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True}
    )
    data = base64.b64decode(pdf["data"])
    (screenshots / "portfolio.pdf").write_bytes(data)
    assert (
        data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type/Page") >= 1
    )


def test_hostile_tender_stays_text(browser: Any, pages: Pages) -> None:
    """Markup and javascript: addresses in a tender's fields are shown as text and never run."""
    from selenium.webdriver.common.by import By

    open_page(browser, pages.hostile)
    assert browser.execute_script("return window.__pwned === undefined")
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
    for tag in (
        "img",
        "iframe",
        "svg[onload]",
        "[onerror]",
        "[onmouseover]",
        "a[href^=javascript]",
    ):
        assert not browser.find_elements(By.CSS_SELECTOR, tag), tag
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "<script>window.__pwned = 'title'</script>" in text
    assert "onerror=\"window.__pwned='clause'\"" in text
    for anchor in browser.find_elements(By.CSS_SELECTOR, "a[href]"):
        href = anchor.get_attribute("href")
        assert href.startswith(("https://", "http://", "file://")), href


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_violation(
    browser: Any, pages: Pages, axe_source: str, name: str, width: str
) -> None:
    open_page(browser, pages.get(name), *WIDTHS[width])
    browser.execute_script(axe_source)
    results = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done({violations: r.violations, passes: r.passes.length}))"
        ".catch(e => done({error: String(e)}));",
        AXE_TAGS,
    )
    assert "error" not in results, results
    assert results["passes"] > 10
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, bad


def test_nu_html_checker_finds_no_error(pages: Pages, vnu_jar: Path) -> None:
    files = [str(pages.get(name)) for name in PAGES]
    done = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
