"""Start a chapter where the previous one ended.

The first code cell of every notebook after chapter 1 (its set-up cell, which
tools/tangle.py writes; see tools/setup_cell.py) runs

    %run -i ../tools/chapter_start.py 4

which runs, in the notebook's own namespace, every cell that chapters 1-3 mark
for export: the micrograd built so far, not the finished package, so the
chapter that introduces backward() does not find it already there. It also
defines add_to, the decorator a chapter uses to give a class a new method.

In the book, the cells come from the chapters themselves (through tools/layout.py,
which `%run` can import because it puts this folder on sys.path), so an edit to
chapter 3 is what chapter 4 starts from. A copy made for students (tools/student.py,
tools/assignments.py) carries them frozen instead, in exports.json next to this
file, so it needs neither the other chapters nor _toc.yml.
"""

import gc
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FROZEN = HERE / "exports.json"


def add_to(cls):
    """Decorator: attach the function below it to `cls` as a method.

    In the package, tools/tangle.py moves such a function into the class body."""

    def attach(function):
        function.__qualname__ = f"{cls.__name__}.{function.__name__}"
        setattr(cls, function.__name__, function)
        return function

    return attach


def freeze(root=None) -> str:
    """The text of exports.json for a copy of the book: every exported cell, in order."""
    import layout

    root = root or layout.ROOT
    cells = layout.all_cells(root, before=layout.chapters(root)[-1].number + 1)  # no appendix
    return json.dumps(
        [{"chapter": c.chapter.number, "where": c.where, "source": c.source} for c in cells],
        indent=1,
    )


def exported(number: int, root=None) -> list[tuple[str, str]]:
    """(where, source) of every exported cell of the chapters numbered below `number`."""
    if root is None and FROZEN.exists():
        cells = json.loads(FROZEN.read_text())
        return [(c["where"], c["source"]) for c in cells if c["chapter"] < number]
    import layout

    return [(c.where, c.source) for c in layout.all_cells(root or layout.ROOT, before=number)]


def replay(number: int, namespace: dict, root=None) -> None:
    """Run, in `namespace`, every exported cell of the chapters numbered below
    `number`: the micrograd built so far, without anything from later chapters."""
    namespace["add_to"] = add_to
    for where, source in exported(number, root):
        exec(compile(source, f"<{where}>", "exec"), namespace)


def package_importable() -> None:
    """Let `import micrograd` find the copy beside tools/ when it is not installed
    (a student's Jupyter, nbgrader's folders, Colab)."""
    import importlib.util

    if (HERE.parent / "micrograd").is_dir() and importlib.util.find_spec("micrograd") is None:
        sys.path.append(str(HERE.parent))


if __name__ == "__main__":
    # Training builds and drops graphs of up to a million Values a step. They have
    # no reference cycles, so reference counting frees them; the collector, left at
    # its default of a pass every 700 new objects, would search them for cycles
    # again and again. A pass every 100,000 objects keeps it working, out of the way.
    # (The engineering appendix measures this.)
    gc.set_threshold(100_000, 50, 1000)
    package_importable()
    # The book's drawings come from the package (the appendix "Under the hood:
    # drawing graphs" builds them; they work on any chapter's Value).
    from micrograd.viz import Stepper, draw_backward, draw_dot  # noqa: E402, F401

    _cells = exported(int(sys.argv[1]))
    # The notebook keeps add_to and what the chapters' code defines, nothing else.
    del gc, json, sys, Path, HERE, FROZEN, freeze, exported, replay, package_importable
    _where = _source = None
    for _where, _source in _cells:
        exec(compile(_source, f"<{_where}>", "exec"))
    del _cells, _where, _source
