"""The bibliography page (book/bibliography.md), current and accessible.

sphinxcontrib-bibtex decides which entries the bibliography lists after all
pages are read, but an incremental build writes only the pages whose sources
changed. Cite a new work in a chapter and run `make book` again, and the
bibliography page would keep its old list, with the new citation's link pointing
at nothing. So every build writes the pages that hold a bibliography again.

docutils writes each entry with the ARIA role "doc-biblioentry", which DPUB-ARIA
1.1 deprecates; inside the role="list" around the entries, axe-core
(tests/test_site.py) reports that as a critical accessibility violation. The
entries are written as list items instead.
"""

from docutils import nodes
from docutils.writers._html_base import HTMLTranslator


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
    app.connect("env-updated", bibliography_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
