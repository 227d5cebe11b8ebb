"""The chapters in a real JupyterLab, as `make lab` opens them.

A JupyterLab server is started from this Python's environment (the project's
.venv) on a copy of the book, with the notebooks trusted the way `make lab` trusts
them, and every notebook of _toc.yml is opened in Chromium without running
anything. On each page: no raw MyST markup is visible, every stored drawing and
stepper renders, solutions and "Under the hood" asides start collapsed, and the
notebook is not marked modified once its kernel is idle. Then one chapter with a
stepper is run top to bottom and its stepper stepped.

The copy keeps the server from writing to the book (JupyterLab saves a notebook
after Run All); its settings turn off autosave and attach every cell to the page
(JupyterLab's windowing would otherwise leave cells out of view unrendered).
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from layout import ROOT, SOLUTION, notebooks

pytestmark = pytest.mark.browser

BIN = Path(sys.executable).parent
# Markup that only a MyST renderer turns into something readable: roles such as
# {term}`...`, and the fences and options of directives.
RAW_MYST = re.compile(
    r"\{(term|cite:[pt]|cite|ref|numref|doc|eq|download)\}|^:::|^:(class|label):", re.M
)
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    home = tmp_path_factory.mktemp("lab")
    repo = home / "repo"
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "_build")
    for name in ("book", "tools", "micrograd"):
        shutil.copytree(ROOT / name, repo / name, ignore=ignore)
    for name in ("_toc.yml", "_config.yml"):
        shutil.copy(ROOT / name, repo / name)
    env = dict(os.environ)
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("IPYTHONDIR", "ipython"),
    ]:
        env[var] = str(home / sub)
    for plugin, values in SETTINGS.items():
        path = home / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    paths = [str(repo / n.path) for n in notebooks()]
    subprocess.run([BIN / "jupyter", "trust", *paths], env=env, check=True, capture_output=True)
    port, token = free_port(), secrets.token_hex(16)
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(
        [
            BIN / "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={repo / 'book'}",
            "--LabApp.expose_app_in_browser=True",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start:\n{(home / 'lab.log').read_text()}")
            time.sleep(0.5)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(base) or route.request.url.startswith("data:")
            else route.abort()
        ),
    )
    yield context, base, token
    context.close()
    server.terminate()
    server.wait(timeout=30)
    log.close()


def open_notebook(context, base, token, name):
    """A page with `name` open in a workspace of its own, its kernel idle and every
    markdown cell rendered."""
    page = context.new_page()
    stored = json.loads((ROOT / "book" / name).read_text())
    n_markdown = sum(c["cell_type"] == "markdown" for c in stored["cells"])
    workspace = re.sub(r"\W", "", name)
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{name}?reset&token={token}")
    page.wait_for_function(
        """(n) => document.querySelectorAll('.jp-MarkdownCell .myst').length >= n
           && document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')""",
        arg=n_markdown,
        timeout=120_000,
    )
    page.wait_for_timeout(1500)  # the kernel's reply to the opening handshake lands
    return page, stored


def stored_outputs(stored, mime):
    return [
        o
        for c in stored["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if mime in o.get("data", {})
    ]


def findings(page, stored) -> list[str]:
    """What a reader would see wrong on the opened page."""
    found = []
    for text in page.eval_on_selector_all(
        ".jp-MarkdownCell .myst", "els => els.map(e => e.innerText)"
    ):
        for match in RAW_MYST.finditer(text):
            line = text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ")
            found.append(f"raw MyST markup: ...{line}...")
    svgs = len(stored_outputs(stored, "image/svg+xml")) - len(stored_outputs(stored, "text/html"))
    shown = page.eval_on_selector_all(".jp-OutputArea-output.jp-RenderedSVG", "e => e.length")
    if shown < svgs:
        found.append(f"{shown} of {svgs} stored drawings render")
    steppers = [
        o for o in stored_outputs(stored, "text/html") if "<svg" in "".join(o["data"]["text/html"])
    ]
    live = page.eval_on_selector_all(
        ".jp-OutputArea-output.jp-RenderedHTMLCommon",
        "els => els.filter(e => e.querySelector('svg') && e.querySelector('button')).length",
    )
    if live < len(steppers):
        found.append(f"{live} of {len(steppers)} stored steppers render")
    placeholders = page.eval_on_selector_all(
        ".jp-CodeCell", "els => els.map(e => !!e.querySelector('.jp-InputPlaceholder'))"
    )
    code = [c for c in stored["cells"] if c["cell_type"] == "code"]
    for cell, hidden in zip(code, placeholders):
        if SOLUTION in "".join(cell["source"]) and not hidden:
            found.append(f"a solution's code is in view: {''.join(cell['source'])[:60]!r}")
    # Collapsed blocks (solutions, "Under the hood" asides) are <details> elements
    # that are closed, or hide their body.
    for heading in page.eval_on_selector_all(
        ".jp-MarkdownCell .myst details[open] > summary", "els => els.map(e => e.innerText)"
    ):
        found.append(f"a dropdown starts open: {heading[:60]!r}")
    for heading in page.eval_on_selector_all(
        ".jp-MarkdownCell .myst aside, .jp-MarkdownCell .myst .admonition",
        "els => els.filter(e => "
        "/^(Solution|Under the hood)/.test(e.innerText.trim()) && e.offsetHeight > 120)"
        ".map(e => e.innerText.slice(0, 60))",
    ):
        found.append(f"a solution or aside is open: {heading!r}")
    if page.eval_on_selector_all(".jp-mod-dirty", "e => e.length"):
        found.append("the notebook is marked modified on opening")
    return found


@pytest.mark.parametrize("name", [n.path.name for n in notebooks()])
def test_chapter_reads_as_the_book_on_opening(lab, name):
    page, stored = open_notebook(*lab, name)
    try:
        found = findings(page, stored)
        assert not found, f"{name} in JupyterLab:\n" + "\n".join(found)
    finally:
        page.close()


def test_run_all_then_step_a_stepper(lab):
    name = next(
        n.path.name
        for n in notebooks()
        if stored_outputs(json.loads((ROOT / n.path).read_text()), "text/html")
    )
    page, stored = open_notebook(*lab, name)
    try:
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(
            """() => {
                const prompts = [...document.querySelectorAll('.jp-InputPrompt')];
                return prompts.length && prompts.every(p => !p.innerText.includes('*'))
                    && document.querySelector(
                        '.jp-Notebook-ExecutionIndicator[data-status="idle"]') }""",
            timeout=180_000,
        )
        errors = page.eval_on_selector_all(
            ".jp-OutputArea-output[data-mime-type*='error']", "e => e.length"
        )
        assert errors == 0
        stepper = page.locator(
            ".jp-OutputArea-output.jp-RenderedHTMLCommon:has(svg):has(button)"
        ).first
        stepper.scroll_into_view_if_needed()
        caption = stepper.locator("[aria-live]").first
        before = caption.inner_text()
        stepper.get_by_role("button", name=re.compile("next", re.I)).click()
        assert caption.inner_text() != before
    finally:
        page.close()
