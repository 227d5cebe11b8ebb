"""What several test files share: whether this is CI, and Chromium.

Chromium is a system program (`make test` installs Debian's with apt-get when run
as root); Playwright drives it, never a browser of its own. Without it the browser
tests skip, except under CI=true, where a missing browser fails the run.
"""

import os
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))  # e.g. google-chrome elsewhere
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    """A test that opens Chromium is a browser test, whichever file it is in, so
    make check leaves it out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "Playwright for Python is not installed: pip install -r requirements.txt"
    if problem is None and not os.access(CHROMIUM, os.X_OK):
        problem = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    if problem:
        if IN_CI:
            pytest.fail(f"CI=true and {problem}", pytrace=False)
        pytest.skip(problem)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
