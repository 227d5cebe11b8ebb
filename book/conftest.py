"""nbval settings for the chapters (pytest reads this file when it collects book/)."""
from nbval.plugin import IPyNbFile


def pytest_collectstart(collector):
    # Graphviz writes slightly different SVG in each Graphviz version, so drawn
    # graphs are not compared byte for byte. Every text output still is.
    # text/html too: the backward-pass stepper (micrograd.viz.Stepper) embeds such
    # an SVG in its HTML; its text/plain repr is compared instead.
    if isinstance(collector, IPyNbFile):
        collector.skip_compare += ("image/svg+xml", "text/html")
