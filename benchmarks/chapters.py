"""How long a reader waits: each notebook run top to bottom in a fresh kernel.

    .venv/bin/python benchmarks/chapters.py                      every notebook in _toc.yml
    .venv/bin/python benchmarks/chapters.py book/09_moons.ipynb  just these

Each notebook runs as Jupyter runs it: a new python3 kernel started in book/,
every cell in order, nothing stored. The script prints the wall-clock seconds
per notebook (kernel start included) and the total. The book's goal is at most
30 s per chapter on a 2-core machine. It is a script, not a test: timings
belong here.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import execute  # noqa: E402 (tools/ is not a package)
import layout  # noqa: E402


def seconds(path: Path) -> float:
    notebook = layout.read(path)
    start = time.perf_counter()
    execute.run(notebook, path.parent)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or [ROOT / n.path for n in layout.notebooks()]
    total = 0.0
    for path in paths:
        took = seconds(path)
        total += took
        print(f"  {path.name:32s} {took:6.1f} s{'   over 30 s' if took > 30 else ''}", flush=True)
    print(f"{len(paths)} notebooks, {total:.1f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
