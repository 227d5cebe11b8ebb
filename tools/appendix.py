"""Small Sphinx helpers for the appendix, loaded through `sphinx: local_extensions`
in _config.yml.

The bibliography (book/bibliography.md). sphinxcontrib-bibtex decides which
entries the bibliography lists after all pages are read, but an incremental
build writes only the pages whose sources changed. Cite a new work in a chapter
and run `make book` again, and the bibliography page would keep its old list,
with the new citation's link pointing at nothing. So every build writes the
pages that hold a bibliography again. And docutils writes each entry with the
ARIA role "doc-biblioentry", which DPUB-ARIA 1.1 deprecates; inside the
role="list" around the entries, axe-core (tests/test_site.py) reports that as a
critical accessibility violation. The entries are written as list items instead.

The API reference (book/api.md). autodoc reads every docstring as
reStructuredText, but micrograd's docstrings are plain text, written for help():
in `f(*inputs)` the `*` would start an emphasis that never ends. So the extension
escapes reST's inline markup characters in them, and the page shows each
docstring as help() does. It also links the chapters named in the credit
paragraph that tools/tangle.py writes at the end of each docstring ("Built in
chapter 7, Neurons, layers, MLP.", "Grown in chapters 5 and 9.") to those
chapters. A method that a later chapter added to its class has its credit as a
comment above its `def`, which autodoc does not see; the extension reads the
comment and adds it to the method's entry.
"""
import inspect
import re
import sys
from pathlib import Path

from docutils import nodes
from docutils.writers._html_base import HTMLTranslator

MARKUP = re.compile(r"([\\*`|_])")
COMMENT = re.compile(r"^# (Built in chapter \d+, .+\.)$")
GROWN = re.compile(r"(Grown in chapters? )([0-9, and]+)\.")


def escape(text: str) -> str:
    return MARKUP.sub(r"\\\1", text)


def chapters(root: Path) -> list[tuple[int, str, str]]:
    """(number, title, document name) of each chapter, numbered as tools/tangle.py numbers them."""
    sys.path.insert(0, str(root / "tools"))
    try:
        import tangle
    finally:
        sys.path.pop(0)
    return [(c.number, c.title, c.path.with_suffix("").as_posix()) for c in tangle.chapters(root)]


def link_credit(text: str, known: list[tuple[int, str, str]]) -> str:
    """Link every "chapter N, Title" and every number after "Grown in chapters" in `text`."""
    docs = {number: doc for number, _, doc in known}
    for number, title, doc in known:
        name = f"chapter {number}, {escape(title)}"
        text = re.sub(rf"\b{re.escape(name)}(?=[.;])", lambda _: f":doc:`{name} </{doc}>`", text)
    return GROWN.sub(lambda m: m[1] + re.sub(
        r"\d+", lambda n: f":doc:`{n[0]} </{docs[int(n[0])]}>`" if int(n[0]) in docs else n[0], m[2]) + ".", text)


def process(known, app, what, name, obj, options, lines):
    if not name.startswith("micrograd"):
        return
    if what == "method":
        try:
            comment = COMMENT.match((inspect.getcomments(obj) or "").strip())
        except TypeError:
            comment = None
        if comment:
            lines.extend(["", comment.group(1)] if lines else [comment.group(1)])
    escaped = [escape(line) for line in lines]
    lines[:] = []
    paragraph = []
    for line in escaped + [""]:
        if line.strip():
            paragraph.append(line)
            continue
        if paragraph and paragraph[0].lstrip().startswith("Built in chapter"):
            indent = paragraph[0][:len(paragraph[0]) - len(paragraph[0].lstrip())]
            paragraph = [indent + link_credit(" ".join(part.strip() for part in paragraph), known)]
        lines.extend(paragraph + [line])
        paragraph = []
    lines.pop()  # the blank line added above


def bibliography_pages(app, env):
    """The pages with a {bibliography} directive, which Sphinx then writes again."""
    return sorted({key.docname for key in env.get_domain("cite").bibliographies})


def visit_citation(self, node):
    """docutils' own HTML for a bibliography entry, as a list item of its list."""
    HTMLTranslator.visit_citation(self, node)
    self.body[-1] = self.body[-1].replace('role="doc-biblioentry"', 'role="listitem"')


def depart_citation(self, node):
    HTMLTranslator.depart_citation(self, node)


def setup(app):
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    known = chapters(Path(app.srcdir))
    app.connect("autodoc-process-docstring", lambda *args: process(known, *args))
    app.connect("env-updated", bibliography_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
