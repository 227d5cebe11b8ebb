"""The built website, checked in a real browser, offline.

The session builds the book once, with the same command as `make book`, into a
temporary folder, so the tests always see the current sources (set SITE_HTML to
an already built `html` folder to test that instead, e.g. a deliberately broken
copy). The site is served on 127.0.0.1 and opened in Debian's Chromium through
Playwright. Every request to another host is blocked and reported: the site must
work with no network at all. Every page in _toc.yml is opened once; the checks
below read what that visit recorded.

Chromium is a system program (`make test` installs it with apt-get when run as
root on Debian). Without it these tests skip, except under CI=true, where a
missing browser fails the run.
"""

import functools
import html.parser
import http.server
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from test_stepper import check_stepper

import layout

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1400, "height": 900}  # a desktop browser window
SMALLEST_TEXT_PX = 11  # the smallest text a drawing may show, at 100% zoom
pytestmark = pytest.mark.browser  # make check leaves the site out


# --- What the table of contents says the site contains ----------------------------


def toc_files() -> list[str]:
    """The root and every `file` entry of _toc.yml, in reading order, without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    walk([{key: toc.get(key) for key in ("parts", "chapters", "sections")}])
    return [re.sub(r"\.(md|ipynb|rst)$", "", name) for name in files]


def source_of(name: str) -> Path:
    for suffix in (".md", ".ipynb", ".rst"):
        if (ROOT / (name + suffix)).exists():
            return ROOT / (name + suffix)
    raise FileNotFoundError(f"_toc.yml lists {name}, but there is no {name}.md/.ipynb/.rst")


def prose_of(path: Path) -> str:
    """The Markdown a page is written in (a notebook's Markdown cells), code removed."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text()
    text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.S | re.M)  # fenced code
    return re.sub(r"`[^`\n]*`", "", text)  # inline code


MATH_SOURCE = re.compile(r"\$\$|(?<![\\$])\$[^\s$][^$\n]*\$|\\\(|\\\[|\\begin\{")


def has_math(name: str) -> bool:
    return bool(MATH_SOURCE.search(prose_of(source_of(name))))


PAGES = toc_files()
MATH_PAGES = [name for name in PAGES if has_math(name)]


# --- Building and serving the site -----------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The built HTML folder: a fresh `jupyter-book build` of the current sources."""
    if os.environ.get("SITE_HTML"):
        return Path(os.environ["SITE_HTML"]).resolve()
    out = tmp_path_factory.mktemp("site")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")  # the venv's, as in make book
    if not jupyter_book.exists():
        jupyter_book = shutil.which("jupyter-book") or "jupyter-book"
    command = [
        str(jupyter_book),
        "build",
        ".",
        "--builder",
        "html",
        "-n",
        "-W",
        "--keep-going",
        "--path-output",
        str(out),
    ]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:
        pytest.fail(
            f"`{' '.join(command)}` failed ({run.returncode}):\n"
            f"{(run.stdout + run.stderr)[-5000:]}",
            pytrace=False,
        )
    return out / "_build" / "html"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


# --- One visit to a page, and what it recorded ------------------------------------


def is_local(url: str, site_url: str) -> bool:
    """Whether the browser may fetch `url`: the test server, the disk, or inline data."""
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True
    if site_url.startswith("file:"):
        return scheme == "file"
    return scheme in ("http", "https") and urlsplit(url).netloc == urlsplit(site_url).netloc


class Recorder:
    """A fresh browser context (first visit: empty storage) that records what goes wrong."""

    def __init__(self, browser, site_url, javascript=True):
        self.context = browser.new_context(java_script_enabled=javascript, viewport=VIEWPORT)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.console_errors, self.failed_requests, self.foreign_requests = [], [], []
        self.context.route("**/*", functools.partial(self._route, site_url))
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _route(self, site_url, route):
        if is_local(route.request.url, site_url):
            route.continue_()
        else:
            self.foreign_requests.append(route.request.url)
            route.abort("blockedbyclient")

    def _console(self, message):
        if message.type == "error":
            where = message.location or {}
            self.console_errors.append(
                f"{message.text} ({where.get('url', '?')}:{where.get('lineNumber', '?')})"
            )

    def _request_failed(self, request):
        if request.url not in self.foreign_requests:
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def close(self):
        self.context.close()


# Waits until MathJax has typeset the page (when the page loads it), the fonts are
# in, and every image has either loaded or failed.
SETTLE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  if (document.fonts) await document.fonts.ready;
  await Promise.all(Array.from(document.images).filter(img => !img.complete).map(img =>
    new Promise(done => {
      img.addEventListener('load', done);
      img.addEventListener('error', done);
    })));
}"""

BROKEN_IMAGES = """() => Array.from(document.images)
  .filter(img => !(img.complete && img.naturalWidth > 0))
  .map(img => img.getAttribute('src'))"""

# Math elements Sphinx wrote that MathJax did not turn into output, MathJax's own
# error boxes, and the page's prose text (code, scripts and typeset math removed),
# in which no TeX delimiter should be left.
MATH_STATE = """() => {
  const main = document.querySelector('main') || document.body;
  const prose = main.cloneNode(true);
  prose.querySelectorAll('pre, code, script, style, textarea, mjx-container')
    .forEach(e => e.remove());
  return {
    typeset: main.querySelectorAll('mjx-container').length,
    untypeset: Array.from(main.querySelectorAll('.math'))
      .filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.trim().slice(0, 80)),
    errors: Array.from(main.querySelectorAll('mjx-merror'))
      .map(e => e.getAttribute('data-mjx-error') || e.textContent.slice(0, 80)),
    prose: prose.textContent,
  };
}"""

# The text size, in CSS pixels, that each drawn graph shows: a Graphviz SVG
# image's smallest font size scaled by its shown width over its drawn width, and
# an inline SVG's (the backward-pass steppers') smallest text box, of which the
# font is about 80%.
DRAWING_TEXT = """async () => {
  const found = [];
  for (const img of document.querySelectorAll('.cell_output img[src$=".svg"]')) {
    const text = await (await fetch(img.src)).text();
    const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
    const fonts = Array.from(svg.querySelectorAll('[font-size]'),
                             e => parseFloat(e.getAttribute('font-size')));
    const drawn = svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0;
    if (drawn && fonts.length)
      found.push([img.getAttribute('src'),
                  Math.min(...fonts) * img.getBoundingClientRect().width / drawn]);
  }
  for (const svg of document.querySelectorAll('svg')) {
    if (!svg.querySelector('g.node')) continue;
    const heights = Array.from(svg.querySelectorAll('text'), t => t.getBoundingClientRect().height)
      .filter(h => h > 0);
    if (heights.length) found.push(['inline svg', 0.8 * Math.min(...heights)]);
  }
  return found;
}"""

RAW_TEX = re.compile(
    r"\$\$|(?<![\\$])\$[^\s$][^$\n]{0,200}?(?<=\S)\$|\\\(|\\\)|\\\[|\\\]|\\begin\{"
)


@dataclass
class Visit:
    url: str
    console_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    foreign_requests: list = field(default_factory=list)
    broken_images: list = field(default_factory=list)
    math: dict = field(default_factory=dict)
    raw_tex: list = field(default_factory=list)
    serious_violations: list = field(default_factory=list)
    other_violations: list = field(default_factory=list)
    drawing_text: list = field(default_factory=list)  # (image, px) for each drawing


def describe(violation) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    more = len(violation["nodes"]) - 5
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"[{targets}{f' and {more} more' if more > 0 else ''}] {violation['helpUrl']}"
    )


def visit_page(browser, site_url, url, accessibility=True) -> Visit:
    recorder = Recorder(browser, site_url)
    try:
        page = recorder.page
        page.goto(url, wait_until="load")
        page.evaluate(SETTLE)
        visit = Visit(url=url)
        visit.broken_images = page.evaluate(BROKEN_IMAGES)
        visit.drawing_text = page.evaluate(DRAWING_TEXT)
        visit.math = page.evaluate(MATH_STATE)
        prose = visit.math.pop("prose")
        visit.raw_tex = [
            prose[max(m.start() - 30, 0) : m.end() + 30].replace("\n", " ")
            for m in RAW_TEX.finditer(prose)
        ]
        if accessibility:
            from axe_playwright_python.sync_playwright import Axe

            # preload: false keeps axe from re-fetching the stylesheets itself: it
            # resolves theme.css's `@import "../basic.css"` against the page instead
            # of the stylesheet and requests a file that does not exist. Only its
            # css-orientation-lock rule uses them.
            results = Axe().run(page, options={"resultTypes": ["violations"], "preload": False})
            for violation in results.response["violations"]:
                serious = violation["impact"] in ("serious", "critical")
                (visit.serious_violations if serious else visit.other_violations).append(
                    describe(violation)
                )
        visit.console_errors = list(recorder.console_errors)
        visit.failed_requests = list(recorder.failed_requests)
        visit.foreign_requests = list(recorder.foreign_requests)
        return visit
    finally:
        recorder.close()


@pytest.fixture(scope="session")
def visits(browser, site_url):
    """visits(name) -> the Visit of that TOC page, made once per session."""
    done = {}

    def get(name):
        if name not in done:
            try:
                done[name] = visit_page(browser, site_url, f"{site_url}{name}.html")
            except Exception as error:  # e.g. a time-out: fail every check of the page
                done[name] = error  # at once, instead of visiting it again for each
        if isinstance(done[name], Exception):
            raise done[name]
        return done[name]

    return get


def lines(items) -> str:
    return "\n  " + "\n  ".join(items)


# --- The pages -----------------------------------------------------------------

# Each check: what a failure says, and what it reads from a page's visit.
PAGE_CHECKS = {
    "loads_without_console_errors": ("logged errors", lambda visit: visit.console_errors),
    "loads_without_failed_requests": ("requests failed", lambda visit: visit.failed_requests),
    "requests_nothing_from_another_host": (
        "needs the network (blocked)",
        lambda visit: visit.foreign_requests,
    ),
    "loads_every_image": ("images not loaded", lambda visit: visit.broken_images),
    "has_no_serious_accessibility_violations": (
        "axe-core found serious or critical violations",
        lambda visit: visit.serious_violations,
    ),
    "shows_every_drawing_with_readable_text": (
        f"drawings whose text shows below {SMALLEST_TEXT_PX} px",
        lambda visit: [
            f"{image}: {px:.1f} px" for image, px in visit.drawing_text if px < SMALLEST_TEXT_PX
        ],
    ),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("check", PAGE_CHECKS)
def test_every_page(visits, check, name):
    problem, found = PAGE_CHECKS[check]
    visit = visits(name)
    assert not found(visit), f"{visit.url}: {problem}:{lines(found(visit))}"


@pytest.mark.parametrize("name", MATH_PAGES)
def test_math_is_typeset_on_every_page_with_math(visits, name):
    visit = visits(name)
    typeset, untypeset, errors = (
        visit.math["typeset"],
        visit.math["untypeset"],
        visit.math["errors"],
    )
    raw_tex = visit.raw_tex
    assert typeset > 0, f"{visit.url}: its source has math, but MathJax typeset nothing"
    assert not untypeset, f"{visit.url}: math left as TeX:{lines(untypeset)}"
    assert not errors, f"{visit.url}: MathJax errors:{lines(errors)}"
    assert not raw_tex, f"{visit.url}: TeX delimiters left in the text:{lines(raw_tex)}"


# --- The backward-pass steppers ------------------------------------------------------


def shows_a_stepper(name: str) -> bool:
    """Whether a notebook's stored outputs hold a micrograd.viz.Stepper."""
    path = ROOT / (name + ".ipynb")
    return path.exists() and any(
        output.get("data", {}).get("text/plain", "").startswith("Stepper:")
        for cell in layout.code_cells(layout.read(path))
        for output in cell.get("outputs", [])
    )


STEPPER_PAGES = [name for name in PAGES if shows_a_stepper(name)]

# Run at the end of a notebook: every Stepper it made, in the order it made them.
COLLECT_STEPPERS = """import gc as _gc, json as _json
print(_json.dumps([[s.html_id, s.frames] for s in sorted(
    (o for o in _gc.get_objects() if isinstance(o, Stepper)), key=lambda s: s.number)]))"""


def replayed_steppers(name: str) -> list:
    """The steppers of a notebook, made again by running it in a fresh kernel."""
    notebook = layout.read(ROOT / (name + ".ipynb"))
    notebook.cells.append(nbformat.v4.new_code_cell(COLLECT_STEPPERS))
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "book")}},
    ).execute()
    found = json.loads(notebook.cells[-1].outputs[0]["text"])
    return [
        SimpleNamespace(html_id=html_id, frames=[tuple(frame) for frame in frames])
        for html_id, frames in found
    ]


@pytest.mark.parametrize("name", STEPPER_PAGES)
def test_every_stepper_on_a_page_shows_the_engines_grads_step_by_step(browser, site_url, name):
    """Each stepper stored on the page is stepped with every control; at each step it
    must show exactly the grads that a fresh Python run of the chapter recorded."""
    steppers = replayed_steppers(name)
    assert steppers, f"{name} stores a stepper, but a fresh run made none"
    recorder = Recorder(browser, site_url)
    try:
        recorder.page.goto(f"{site_url}{name}.html", wait_until="load")
        recorder.page.evaluate(OPEN_FOLDED)  # a stepper may sit in a folded cell
        for stepper in steppers:
            check_stepper(recorder.page, stepper)
        assert not recorder.console_errors, f"logged errors:{lines(recorder.console_errors)}"
    finally:
        recorder.close()


# --- Moving around the site --------------------------------------------------------


def test_next_and_previous_links_walk_the_book_in_toc_order(browser, site_url):
    """A reader clicks "next" from the first page to the last, then "previous" back.
    The links are plain HTML links, so this runs without JavaScript (much faster: no
    MathJax on every step); the visits above check each page with JavaScript."""
    expected = [f"{site_url}{name}.html" for name in PAGES]
    recorder = Recorder(browser, site_url, javascript=False)
    try:
        page = recorder.page
        page.goto(site_url, wait_until="domcontentloaded")  # index.html redirects to the root
        page.wait_for_url(expected[0])
        forward = [page.url]
        while page.locator("a.right-next").count():
            page.locator("a.right-next").first.click()
            page.wait_for_load_state("domcontentloaded")
            forward.append(page.url)
            assert len(forward) <= len(expected), f"'next' goes past the last page: {forward}"
        assert forward == expected, "following 'next' from the first page"
        backward = [page.url]
        while page.locator("a.left-prev").count():
            page.locator("a.left-prev").first.click()
            page.wait_for_load_state("domcontentloaded")
            backward.append(page.url)
            assert len(backward) <= len(expected), (
                f"'previous' goes past the first page: {backward}"
            )
        assert backward == expected[::-1], "following 'previous' from the last page"
        # (Failed requests are not checked here: leaving a page cancels what it was
        # still loading, and without JavaScript its preloaded scripts are refused.)
        assert not recorder.foreign_requests, (
            f"needs the network:{lines(recorder.foreign_requests)}"
        )
    finally:
        recorder.close()


def test_search_finds_backward(browser, site_url):
    recorder = Recorder(browser, site_url)
    try:
        page = recorder.page
        page.goto(f"{site_url}search.html?q=backward", wait_until="load")
        page.wait_for_function(  # Sphinx retitles the results when the search is done
            "() => document.querySelector('#search-results h2')"
            "?.textContent.startsWith('Search Results')"
        )
        found = page.locator("#search-results ul.search > li").count()
        summary = page.locator("#search-results .search-summary").inner_text()
        assert found >= 1, f"no result for 'backward'; the search page says: {summary}"
        assert not recorder.console_errors, f"logged errors:{lines(recorder.console_errors)}"
        assert not recorder.failed_requests, f"requests failed:{lines(recorder.failed_requests)}"
        assert not recorder.foreign_requests, (
            f"needs the network:{lines(recorder.foreign_requests)}"
        )
    finally:
        recorder.close()


def test_page_opened_from_disk_renders_math_without_failed_requests(browser, site):
    """Opened as a file (file://, no server), a chapter with math still renders fully."""
    name = next((n for n in MATH_PAGES if n != PAGES[0]), PAGES[0])
    url = (site / f"{name}.html").as_uri()
    visit = visit_page(browser, site.as_uri() + "/", url, accessibility=False)
    typeset, untypeset = visit.math["typeset"], visit.math["untypeset"]
    failed, foreign = visit.failed_requests, visit.foreign_requests
    broken, errors = visit.broken_images, visit.console_errors
    assert typeset > 0, f"{url}: MathJax typeset nothing"
    assert not untypeset, f"{url}: math left as TeX:{lines(untypeset)}"
    assert not failed, f"{url}: requests failed:{lines(failed)}"
    assert not foreign, f"{url} needs the network (blocked):{lines(foreign)}"
    assert not broken, f"{url}: images not loaded:{lines(broken)}"
    assert not errors, f"{url} logged errors:{lines(errors)}"


# --- The HTML itself, without a browser ------------------------------------------

LOADING_LINKS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
}


class AssetCollector(html.parser.HTMLParser):
    """Collects the URLs a page loads by itself (not the links a reader may follow)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and LOADING_LINKS & set((attrs.get("rel") or "").lower().split()):
            self.urls.append(attrs.get("href"))
        elif tag in ("script", "img", "iframe", "source", "audio", "video", "embed", "track"):
            self.urls += [attrs.get("src"), attrs.get("poster")]
            self.urls += [
                part.split()[0] for part in (attrs.get("srcset") or "").split(",") if part.strip()
            ]
        elif tag == "object":
            self.urls.append(attrs.get("data"))


REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
CSS_REMOTE = re.compile(r"""(url\(\s*['"]?|@import\s+['"])\s*((https?:)?//[^'")\s]+)""", re.I)


def test_built_html_loads_no_asset_from_another_host(site):
    """No script, stylesheet, font, image or frame comes from another host, on any
    page or in any stylesheet (links a reader clicks, like the Colab button, may)."""
    remote = []
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.relative_to(site).parts:
            continue
        collector = AssetCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        remote += [
            f"{page.relative_to(site)}: {url}"
            for url in collector.urls
            if url and REMOTE.match(url)
        ]
    for css in sorted(site.rglob("*.css")):
        remote += [
            f"{css.relative_to(site)}: {m.group(2)}"
            for m in CSS_REMOTE.finditer(css.read_text(encoding="utf-8", errors="replace"))
        ]
    assert not remote, f"assets from another host:{lines(remote)}"


def test_toc_pages_were_built(site):
    missing = [name for name in PAGES if not (site / f"{name}.html").is_file()]
    assert not missing, f"pages in _toc.yml missing from the build: {missing}"


def test_no_notebook_page_shows_its_set_up_cell(site):
    """The set-up cell runs when the site is built, but its `remove-cell` tag
    leaves it out of the page: neither its code nor its one line of output."""
    shown = [
        name
        for name in PAGES
        if source_of(name).suffix == ".ipynb"
        and re.search(
            r"Starting where chapter|chapter_start\.py", (site / f"{name}.html").read_text()
        )
    ]
    assert not shown, f"pages that show the set-up cell: {shown}"


# --- Reading the book on a phone, a tablet and a desktop ---------------------------
#
# Each page is opened once at each width (in one tab per width, with touch on),
# every folded solution and aside is opened, and what a reader would find off-screen
# is recorded: a code block or output that is wider than the text column or scrolls
# sideways, a figure past the column's edge (a drawn graph may scroll inside its
# box only if it says so and starts with its output node, on the right, in view),
# a figure with no number or caption, plot text below 10 px at 1400 px, and
# the tools' markers (nbgrader's solution lines, nbval's ignore-output line).

WIDTHS = (390, 820, 1400)  # a phone, a tablet, a desktop
SMALLEST_PLOT_TEXT_PX = 10  # at 1400 px, where the text column is about 750 px wide
TOOL_MARKER = re.compile(r"#+ *(BEGIN|END) SOLUTION|# NBVAL_IGNORE_OUTPUT")

OPEN_FOLDED = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
}"""

# The column is the article; a figure is every image a cell's output shows.
LAYOUT = """() => {
  const article = document.querySelector('article.bd-article') || document.querySelector('main');
  const col = article.getBoundingClientRect();
  const where = e => {
    const section = e.closest('section');
    const heading = section && section.querySelector('h1, h2, h3');
    return heading ? heading.textContent.replace('#', '').trim().slice(0, 50) : '(top)';
  };
  const longest = t => t.split('\\n').reduce((a, l) => l.length > a.length ? l : a, '');
  const blocks = [];
  for (const pre of article.querySelectorAll('pre')) {
    const r = pre.getBoundingClientRect();
    if (!r.width) continue;
    const scrolls = pre.scrollWidth > pre.clientWidth + 1;
    if (scrolls || r.right > col.right + 1 || r.left < col.left - 1)
      blocks.push(`${pre.closest('.cell_output') ? 'output' : 'code'} in "${where(pre)}": `
        + `${Math.round(scrolls ? pre.scrollWidth : r.width)} px in a ${Math.round(col.width)} px`
        + ` column, longest line "${longest(pre.textContent).trim().slice(0, 60)}"`);
  }
  const figures = [];
  for (const img of article.querySelectorAll('.cell_output img')) {
    const r = img.getBoundingClientRect();
    const figure = img.closest('figure');
    const number = figure && figure.querySelector('figcaption .caption-number');
    const text = figure && figure.querySelector('figcaption .caption-text');
    const box = img.closest('.mg-drawing');
    const cell = img.closest('.cell');
    const code = cell && cell.querySelector('.cell_input pre');
    let wide = null;
    if (box && box.classList.contains('mg-scrolls')) {
      const b = box.getBoundingClientRect();
      const note = box.parentElement.querySelector('.mg-scroll-note');
      if (b.right > col.right + 1 || b.left < col.left - 1)
        wide = 'its scrolling box is wider than the column';
      else if (!note || !note.getBoundingClientRect().width)
        wide = 'it scrolls with no note that says so';
      else if (box.scrollLeft + box.clientWidth < box.scrollWidth - 2)
        wide = 'it does not start with its output node (right end) in view';
    } else if (r.right > col.right + 1 || r.left < col.left - 1) {
      wide = `${Math.round(r.width)} px in a ${Math.round(col.width)} px column`;
    }
    figures.push({
      src: img.getAttribute('src'),
      name: number ? number.textContent.trim() : `the figure in "${where(img)}"`,
      number: number ? number.textContent.trim() : '',
      caption: text ? text.textContent.trim() : '',
      natural: img.naturalWidth, shown: r.width, wide: wide,
      code: code ? code.textContent : '',
    });
  }
  const code = Array.from(article.querySelectorAll('pre'), pre => pre.textContent);
  return {blocks: blocks, figures: figures, code: code.join('\\n')};
}"""

NAMED_FONT_SIZES = {"xx-small": 5.79, "x-small": 6.94, "small": 8.33, "medium": 10.0}
FONT_SIZE_SET = re.compile(
    # a whole word: markersize=3 sets no text
    r"""(?<!\w)(?:fontsize|labelsize|size|font\.size)['"]?\s*[=:]\s*['"]?([\w.-]+)"""
)


def smallest_font_pt(code: str) -> float:
    """The smallest font a plot's code sets, or matplotlib's default of 10 pt."""
    sizes = [10.0]
    for match in FONT_SIZE_SET.finditer(code):
        value = match.group(1)
        try:
            sizes.append(float(value))
        except ValueError:
            if value in NAMED_FONT_SIZES:
                sizes.append(NAMED_FONT_SIZES[value])
    return min(sizes)


def png_dpi(path: Path) -> float:
    """The resolution matplotlib stored in a PNG (its pHYs chunk), or 100 dpi."""
    data = path.read_bytes()
    at = data.find(b"pHYs")
    if at < 0:
        return 100.0
    x, _, unit = struct.unpack(">IIB", data[at + 4 : at + 13])
    return x * 0.0254 if unit == 1 else 100.0


def plot_text_px(site: Path, page: str, figure: dict) -> float | None:
    """The smallest text a plot shows, in CSS px: the smallest font its code sets
    (in points, at the dpi stored in the PNG), scaled by shown over natural width."""
    if not figure["src"].endswith(".png") or not figure["natural"]:
        return None
    path = (site / page).parent / figure["src"]
    pixels = smallest_font_pt(figure["code"]) * png_dpi(path) / 72
    return pixels * figure["shown"] / figure["natural"]


@pytest.fixture(scope="session")
def layouts(browser, site_url):
    """layouts(width) -> {page: what LAYOUT found there}, made once per width."""
    done = {}

    def get(width):
        if width not in done:
            context = browser.new_context(
                viewport={"width": width, "height": 900}, has_touch=width < 1000
            )
            context.set_default_timeout(TIMEOUT_MS)
            try:
                page = context.new_page()
                found = {}
                for name in PAGES:
                    page.goto(f"{site_url}{name}.html", wait_until="load")
                    page.evaluate(SETTLE)
                    page.evaluate(OPEN_FOLDED)
                    page.wait_for_timeout(50)
                    found[name] = page.evaluate(LAYOUT)
                done[width] = found
            finally:
                context.close()
        return done[width]

    return get


@pytest.mark.parametrize("width", WIDTHS)
def test_no_code_block_or_figure_is_wider_than_its_column(layouts, width):
    problems = []
    for name, found in layouts(width).items():
        problems += [f"{name}: {block}" for block in found["blocks"]]
        problems += [f"{name}: {f['name']}: {f['wide']}" for f in found["figures"] if f["wide"]]
    assert not problems, (
        f"at {width} px, {len(problems)} code blocks or figures do not fit the text column "
        f"(lines over 80 characters, or outputs that do not wrap):{lines(problems)}"
    )


def test_every_figure_has_a_number_and_a_caption(layouts):
    missing = [
        f"{name}: {f['name']} ({f['src']})"
        for name, found in layouts(1400).items()
        for f in found["figures"]
        if not (f["number"] and f["caption"])
    ]
    assert not missing, (
        "figures without a number and a caption (give the cell's metadata "
        f'"mystnb": {{"figure": {{"caption": ..., "name": ...}}}}):{lines(missing)}'
    )


def test_plot_text_is_at_least_10px_on_a_desktop(layouts, site):
    small = []
    for name, found in layouts(1400).items():
        for figure in found["figures"]:
            px = plot_text_px(site, name + ".html", figure)
            if px is not None and px < SMALLEST_PLOT_TEXT_PX:
                small.append(f"{name}: {figure['name']}: {px:.1f} px")
    assert not small, (
        f"plots whose smallest text shows below {SMALLEST_PLOT_TEXT_PX} px at 1400 px "
        f"(make the figure narrower, at most 7.5 in, or its fonts larger):{lines(small)}"
    )


def test_no_code_on_a_page_shows_a_tool_marker(layouts):
    """The code a page shows (the prose may name the markers, as the page on how
    this book is made does)."""
    found = [
        f"{name}: {len(TOOL_MARKER.findall(page['code']))} markers"
        for name, page in layouts(1400).items()
        if TOOL_MARKER.search(page["code"])
    ]
    assert not found, f"nbgrader's or nbval's markers on the site:{lines(found)}"


# --- The menu and the contents, on every screen -------------------------------------

PANEL_SHOWN = """(selector) => {
  const panel = document.querySelector(selector);
  if (!panel) return false;
  const r = panel.getBoundingClientRect(), style = getComputedStyle(panel);
  return r.width > 0 && r.right > 1 && r.left < innerWidth - 1
    && style.visibility !== 'hidden' && style.display !== 'none';
}"""

VISIBLE_SEARCH_BOXES = """() => Array.from(document.querySelectorAll(
    '.bd-search, .search-button-field, .search-button, form[role=search]'))
  .filter(e => !e.parentElement.closest('.bd-search, .search-button-field, .search-button'))
  .filter(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                 return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; })
  .map(e => e.className || e.tagName)"""


@pytest.mark.parametrize("width", WIDTHS)
def test_menu_and_contents_open_and_close_on_a_tap(browser, site_url, width):
    """The menu (chapters) and the contents (this page's sections): where a button for
    the panel is shown, a tap on it shows a hidden panel (a drawer, closed again by
    a tap beside it) or hides a shown one (shown again by a second tap); where no
    button is shown, the panel is always there. And the page has one search box."""
    chapter = next((name for name in PAGES if name != PAGES[0]), PAGES[0])
    context = browser.new_context(viewport={"width": width, "height": 900}, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    problems = []
    try:
        page = context.new_page()
        for which, label in (("primary", "menu"), ("secondary", "contents")):
            page.goto(f"{site_url}{chapter}.html", wait_until="load")
            page.evaluate(SETTLE)
            panel = f".bd-sidebar-{which}"
            shown = page.evaluate(PANEL_SHOWN, panel)
            button = page.locator(f".{which}-toggle:visible")
            if not button.count():
                if not shown:
                    problems.append(f"the {label} is hidden and no button shows it")
                continue
            button.first.tap()
            page.wait_for_timeout(600)
            if page.evaluate(PANEL_SHOWN, panel) == shown:
                problems.append(
                    f"a tap on the {label} button leaves the {label} "
                    f"{'shown' if shown else 'hidden'}"
                )
                continue
            if not shown:  # a drawer over the page: a tap beside it closes it
                page.mouse.click(width - 10 if which == "primary" else 10, 700)
            else:
                page.locator(f".{which}-toggle:visible").first.tap()
            page.wait_for_timeout(600)
            if page.evaluate(PANEL_SHOWN, panel) != shown:
                problems.append(f"the {label} does not {'come back' if shown else 'close'}")
        boxes = page.evaluate(VISIBLE_SEARCH_BOXES)
        if len(boxes) != 1:
            problems.append(f"{len(boxes)} search boxes or buttons: {boxes}")
    finally:
        context.close()
    assert not problems, f"{site_url}{chapter}.html at {width} px:{lines(problems)}"


# --- A chapter on paper --------------------------------------------------------------

A4_PRINTABLE_PX = round((210 - 2 * 16) / 25.4 * 96)  # site.css: @page margins 16 mm

PRINTED = """() => {
  const body = document.body.getBoundingClientRect();
  const past = [];
  for (const e of document.querySelectorAll('article *')) {
    const r = e.getBoundingClientRect();
    if (!r.width || getComputedStyle(e).display === 'none') continue;
    if (e.closest('mjx-assistive-mml')) continue; // MathJax's copy for screen readers
    const clipped = e.tagName === 'PRE' && e.scrollWidth > e.clientWidth + 1;
    if (r.right > body.right + 1 || clipped)
      past.push(`${e.tagName.toLowerCase()}.${e.className}: ${Math.round(r.right - body.left)} px`
        + ` of ${Math.round(body.width)}: "${e.textContent.trim().slice(0, 50)}"`);
  }
  const title = Array.from(document.querySelectorAll('h1'))
    .find(h => h.getBoundingClientRect().height > 0);
  return {past: past.slice(0, 20), count: past.length,
          title: title ? title.textContent.replace('#', '').trim() : ''};
}"""


CHAPTERS = [name for name in PAGES if re.match(r"book/\d\d_", name)]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_printed_chapter_keeps_every_line_inside_its_margins(browser, site_url, chapter):
    """A chapter printed on A4 (page.pdf, as Chromium prints): laid out for print
    at the paper's printable width, no line runs past the margin, no code block is
    cut, and the title carries the chapter's number."""
    context = browser.new_context(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(f"{site_url}{chapter}.html", wait_until="load")
        page.evaluate(SETTLE)
        pdf = page.pdf(format="A4")
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED)
    finally:
        context.close()
    number = int(chapter.split("/")[-1][:2])
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000, "Chromium printed no PDF"
    assert not printed["count"], (
        f"{chapter} printed on A4: {printed['count']} elements past the margin or cut:"
        f"{lines(printed['past'])}"
    )
    assert printed["title"].startswith(f"{number}."), (
        f"{chapter} printed: its title {printed['title']!r} does not start with '{number}.'"
    )
