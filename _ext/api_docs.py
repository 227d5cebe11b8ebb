"""The API reference (book/api.md): micrograd's docstrings as written, each
"Built in chapter N, Title." line linked to its chapter.

autodoc reads every docstring as reStructuredText, but micrograd's docstrings
are plain text, written for help(): in `f(*inputs)` the `*` would start an
emphasis that never ends. So every reST inline markup character is escaped, and
the page shows each docstring as help() does.

Which chapter builds each class, function and method comes from the chapters
themselves (tools/book.py), not from the docstring's words: the line that
tools/tangle.py wrote for that chapter is found and replaced by a link to it.
"""

import importlib.util
import re
import sys
from pathlib import Path

from sphinx.errors import ExtensionError

MARKUP = re.compile(r"([\\*`|_])")


def load_book(root: Path):
    """tools/book.py, loaded from its file (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("book", root / "tools" / "book.py")
    module = sys.modules["book"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def escape(text: str) -> str:
    return MARKUP.sub(r"\\\1", text)


def process(built_in, app, what, name, obj, options, lines):
    if not name.startswith("micrograd."):
        return
    lines[:] = [escape(line) for line in lines]
    chapter = built_in.get(name.removeprefix("micrograd."))
    if chapter is None:
        return  # a method from the same chapter as its class: no line of its own
    credit = escape(f"Built in {chapter.credit}.")
    where = [i for i, line in enumerate(lines) if line.strip() == credit]
    if not where:
        raise ExtensionError(f"{name}: its docstring lacks the line {credit!r}; run make tangle")
    link = f":doc:`{escape(chapter.credit)} </{chapter.path.with_suffix('').as_posix()}>`"
    lines[where[-1]] = lines[where[-1]].replace(credit, f"Built in {link}.")


def setup(app):
    book = load_book(Path(app.srcdir))
    cells = book.definitions(book.all_cells(Path(app.srcdir)))
    # A method's docstring names its chapter only when that differs from its class's.
    built_in = {
        name: cell.chapter
        for name, cell in cells.items()
        if name.count(".") < 2 or cell.chapter != cells[name.rsplit(".", 1)[0]].chapter
    }
    app.connect("autodoc-process-docstring", lambda *args: process(built_in, *args))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
