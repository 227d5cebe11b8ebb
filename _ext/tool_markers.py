"""Hide the tools' markers in the code the website shows, a Sphinx extension (see _config.yml).

Two kinds of line in a code cell are written for the tools, not for the reader:
- nbgrader's `### BEGIN SOLUTION` and `### END SOLUTION`, between which a
  solution's answer sits, so that the student edition (tools/student.py) and
  nbgrader can cut the answer out;
- nbval's `# NBVAL_IGNORE_OUTPUT`, the first line of a cell whose output (a
  timing) differs from run to run, so that the book's tests do not compare it.
On the website these lines are tooling, not part of the code: this removes them
from every code block as the page is read. The notebooks keep them.
"""

import re

from docutils import nodes

MARKER = re.compile(r"^[ \t]*(###? (BEGIN|END) SOLUTION|# NBVAL_IGNORE_OUTPUT)[ \t]*\n?", re.M)


def without_markers(text: str) -> str:
    return MARKER.sub("", text)


def strip_tool_markers(app, doctree):
    for block in list(doctree.findall(nodes.literal_block)):
        text = block.astext()
        if not MARKER.search(text):
            continue
        clean = without_markers(text)
        block[:] = [nodes.Text(clean)]
        block.rawsource = clean


def setup(app):
    app.connect("doctree-read", strip_tool_markers)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
