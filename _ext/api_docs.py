"""The API reference (book/api.md): micrograd's docstrings as written, each
followed by a link to the chapter that builds it.

autodoc reads every docstring as reStructuredText, but micrograd's docstrings
are plain text, written for help(): in `f(*inputs)` the `*` would start an
emphasis that never ends. So every reST inline markup character is escaped, and
the page shows each docstring as help() does.

Which chapter to credit comes from the chapters themselves, by the same rule
the tangler follows for its "# Built in chapter N" comments (layout.credits): a
method gets its own line only when its chapter differs from its class's.
"""

import re
import sys
from pathlib import Path

MARKUP = re.compile(r"([\\*`|_])")


def escape(text: str) -> str:
    return MARKUP.sub(r"\\\1", text)


def process(credited, app, what, name, obj, options, lines):
    if not name.startswith("micrograd."):
        return
    lines[:] = [escape(line) for line in lines]
    chapter = credited.get(name.removeprefix("micrograd."))
    if chapter is not None:
        link = f":doc:`{escape(chapter.credit)} </{chapter.path.with_suffix('').as_posix()}>`"
        lines.extend(["", f"Built in {link}."])


def setup(app):
    root = Path(app.srcdir)
    sys.path.insert(0, str(root / "tools"))  # tools/ is not a package
    import layout

    credited = layout.credits(layout.fold(layout.all_cells(root)))
    app.connect("autodoc-process-docstring", lambda *args: process(credited, *args))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
