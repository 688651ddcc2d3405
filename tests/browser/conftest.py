"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium; never a downloaded
browser). They are skipped where Chromium is absent, unless REQUIRE_BROWSER is set (CI sets
it, so that a missing browser fails instead of silently skipping)."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("REQUIRE_BROWSER is set but Chromium is not installed")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; Django must still allow sync DB calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def new_context(browser, live_server, **options):
    """A browser context in which axe-core is available on every page (added by the browser
    itself, as the page's Content-Security-Policy refuses inline scripts)."""
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, **options)
    context.add_init_script(path=str(AXE))
    return context


def watch_policy_violations(page) -> list[str]:
    """The Content-Security-Policy violations the page reports (a blocked script or image)."""
    violations = []

    def record(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", record)
    return violations


@pytest.fixture
def page(browser, live_server):
    context = new_context(browser, live_server)
    page = context.new_page()
    violations = watch_policy_violations(page)
    yield page
    context.close()
    assert violations == []


def axe_violations(page, *, exclude=()) -> list[dict]:
    """Serious and critical WCAG 2.1 A/AA violations reported by axe-core on the page."""
    result = page.evaluate(
        """async (exclude) => await axe.run(
            {exclude: exclude.map((s) => [s])},
            {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
        )""",
        list(exclude),
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
