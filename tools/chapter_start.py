"""Start a chapter where the previous one ended.

The first code cell of every notebook after chapter 1 (its set-up cell, which
tools/tangle.py writes) runs

    %run -i ../tools/chapter_start.py 4

which runs, in the notebook's own namespace, every cell that chapters 1-3 mark
for export: the micrograd built so far, not the finished package, so the
chapter that introduces backward() does not find it already there. It also
defines add_to, the decorator a chapter uses to give a class a new method.
(`%run` puts this folder on sys.path while the script runs, so `book` imports.)
"""

import gc
import sys

import book


def add_to(cls):
    """Decorator: attach the function below it to `cls` as a method.

    In the package, tools/tangle.py moves such a function into the class body."""

    def attach(function):
        function.__qualname__ = f"{cls.__name__}.{function.__name__}"
        setattr(cls, function.__name__, function)
        return function

    return attach


def replay(number: int, namespace: dict, root=book.ROOT) -> None:
    """Run, in `namespace`, every exported cell of the chapters numbered below
    `number`: the micrograd built so far, without anything from later chapters."""
    namespace["add_to"] = add_to
    for cell in book.all_cells(root, before=number):
        exec(compile(cell.source, f"<{cell.where}>", "exec"), namespace)


if __name__ == "__main__":
    # Training builds and drops graphs of up to a million Values a step. They have
    # no reference cycles, so reference counting frees them; the collector, left at
    # its default of a pass every 700 new objects, would search them for cycles
    # again and again. A pass every 100,000 objects keeps it working, out of the way.
    # (The engineering appendix measures this.)
    gc.set_threshold(100_000, 50, 1000)
    replay(int(sys.argv[1]), globals())
    # The book's drawings, from the package at the repository's root (the appendix
    # "Under the hood: drawing graphs" builds them; they work on any chapter's Value).
    sys.path.insert(0, str(book.ROOT))
    from micrograd.viz import Stepper, draw_backward, draw_dot  # noqa: E402, F401

    del gc, sys, book, replay
