"""nbval's settings for the notebooks: what it leaves out when it compares
outputs.

pytest reads this file when it collects book/. The command-line flags that turn
nbval on live in pyproject.toml ([tool.pytest.ini_options]).
"""

from nbval.plugin import IPyNbFile

from layout import SANITIZE

# Graphviz writes slightly different SVG in each Graphviz version, so drawn
# graphs are not compared byte for byte; nor is HTML, since the book's only
# HTML outputs (micrograd.viz.Stepper) embed such an SVG. Every text output
# still is.
NOT_COMPARED = ("image/svg+xml", "text/html")


def pytest_collectstart(collector):
    if isinstance(collector, IPyNbFile):
        collector.skip_compare += NOT_COMPARED
        collector.sanitize_patterns.update(SANITIZE)
