"""Build the book's website: the one place that runs `jupyter-book build`.

    python tools/website.py                  the book, into _build/html
    python tools/website.py --out /tmp/site  the book, into /tmp/site/_build/html

The build treats every warning as an error (-n -W), so a broken reference or a
missing figure fails it. make book, tools/student.py and tests/test_site.py all
build through build().
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from layout import ROOT


class BuildError(Exception):
    """jupyter-book failed; the message holds the end of its output."""


def build(source: Path = ROOT, out: Path | None = None, quiet: bool = False) -> Path:
    """Build the website of the book at `source` (into `out`/_build, by default
    source/_build) and return the folder of its HTML pages."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")  # this venv's
    if not jupyter_book.exists():
        jupyter_book = Path(shutil.which("jupyter-book") or "jupyter-book")
    command = [str(jupyter_book), "build", str(source), "--builder", "html"]
    command += ["-n", "-W", "--keep-going"]
    if out is not None:
        command += ["--path-output", str(out)]
    result = subprocess.run(command, cwd=source, capture_output=quiet, text=True)
    if result.returncode != 0:
        tail = (result.stdout or "") + (result.stderr or "")
        raise BuildError(f"`{' '.join(command)}` failed ({result.returncode})\n{tail[-5000:]}")
    return (out if out is not None else source) / "_build" / "html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="the folder to build into (default: the book's)")
    args = parser.parse_args(argv)
    try:
        html = build(ROOT, args.out)
    except BuildError as error:
        print(f"website: {error}", file=sys.stderr)
        return 1
    print(f"The book is built: open {html / 'index.html'} (or run make serve)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
