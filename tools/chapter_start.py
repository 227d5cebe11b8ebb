"""Start a chapter where the previous one ended.

The first code cell of every chapter after the first runs

    %run -i ../tools/chapter_start.py 4

which runs, in the notebook's own namespace, every cell that chapters 1-3 mark
for export: the micrograd built so far, not the finished package, so the
chapter that introduces backward() does not find it already there. It also
defines add_to, the decorator a chapter uses to give a class a new method.
"""
import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).resolve().parent))
import tangle as _tangle  # noqa: E402

_tangle.replay(int(_sys.argv[1]), globals())
_sys.path.pop(0)
del _sys, _Path, _tangle
