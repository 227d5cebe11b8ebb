"""Hide nbgrader's solution markers on the website, a Sphinx extension (see _config.yml).

A solution's code cell is written for nbgrader: its answer sits between the lines
`### BEGIN SOLUTION` and `### END SOLUTION`, so that the student edition
(tools/student.py) and nbgrader can cut the answer out. On the website those two
lines are tooling, not part of the answer: this removes them from every code
block as the page is read. The notebooks keep them.
"""

import re

from docutils import nodes

MARKER = re.compile(r"^[ \t]*###? (BEGIN|END) SOLUTION[ \t]*\n?", re.M)


def without_markers(text: str) -> str:
    return MARKER.sub("", text)


def strip_solution_markers(app, doctree):
    for block in list(doctree.findall(nodes.literal_block)):
        text = block.astext()
        if not MARKER.search(text):
            continue
        clean = without_markers(text)
        block[:] = [nodes.Text(clean)]
        block.rawsource = clean


def setup(app):
    app.connect("doctree-read", strip_solution_markers)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
