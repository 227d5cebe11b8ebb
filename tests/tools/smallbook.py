"""Small books made in a temporary folder, for the tests of the tools."""

import contextlib
import io
import json
from pathlib import Path
from types import SimpleNamespace

import tangle


def make_book(root: Path, *chapters: list[str]) -> Path:
    """A root whose chapter i has a title and the given code cells."""
    (root / "book").mkdir(parents=True)
    files = []
    for number, cells in enumerate(chapters, start=1):
        name = f"book/{number:02d}_chapter"
        notebook = {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {
                    "cell_type": "markdown",
                    "id": "title",
                    "metadata": {},
                    "source": f"# Topic {number}\n\nWhy it matters.",
                }
            ],
        }
        for index, source in enumerate(cells):
            notebook["cells"].append(
                {
                    "cell_type": "code",
                    "id": f"cell{index}",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": source,
                }
            )
        (root / f"{name}.ipynb").write_text(json.dumps(notebook))
        files.append(f"      - file: {name}\n")
    (root / "_config.yml").write_text("repository:\n  url: https://example.org/book\n")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: Part\n"
        "    numbered: true\n    chapters:\n" + "".join(files)
    )
    return root


def run(root: Path, *args: str) -> SimpleNamespace:
    """tools/tangle.py's main() on the book at root, in this process: its exit code and
    what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        returncode = tangle.main(["--root", str(root), *args])
    return SimpleNamespace(returncode=returncode, stdout=out.getvalue(), stderr=err.getvalue())


VALUE = '''#| export: micrograd/engine.py
class Value:
    """A number."""

    def __init__(self, data):
        self.data = data

    def double(self):
        return 2 * self.data
'''
