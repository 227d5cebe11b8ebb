"""_ext/api_docs.py: docstrings shown as help() shows them, each credited as layout.credits says."""

import sys
from pathlib import Path

import layout

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "_ext"))
import api_docs  # noqa: E402 (_ext/ is not a package)

CHAPTER = layout.Notebook(Path("book/05_operations.ipynb"), "More operations", 5, 5)


def test_markup_is_escaped_and_the_credited_chapter_is_linked():
    lines = ["f(*inputs) for `x`"]
    api_docs.process({"engine.f": CHAPTER}, None, "function", "micrograd.engine.f", None, {}, lines)
    assert lines == [
        r"f(\*inputs) for \`x\`",
        "",
        "Built in :doc:`chapter 5, More operations </book/05_operations>`.",
    ]


def test_a_name_without_a_credit_gets_no_line():
    lines = ["Doc."]
    api_docs.process({}, None, "method", "micrograd.engine.Value.tanh", None, {}, lines)
    assert lines == ["Doc."]
