"""The student edition: the book for a course, without the solutions.

    python tools/student.py _build/student            notebooks and website
    python tools/student.py _build/student --no-site  notebooks only

Inside each solution cell the solution code stands between nbgrader's markers,
`### BEGIN SOLUTION` and `### END SOLUTION`, and the checks (the asserts) after
them. The student edition writes

* `notebooks/`: a runnable copy of the book (its notebooks, _toc.yml, _config.yml
  and the tools a set-up cell runs), in which each marked region is replaced by
  a line that raises NotImplementedError, so the checks after it fail until the
  student writes the code. Such a cell's stored output is removed; nothing else
  changes, so every chapter still runs from its set-up cell.
* `html/`: the website without the solutions. It is built with
  sphinx-exercise's `hide_solutions`, from a copy of the book in which every
  gated solution (`{solution-start}` ... `{solution-end}`, with the code cells
  between) is cut out first: with hide_solutions on, sphinx-exercise 1.2 drops
  the start of a gated solution but not its end, and the build fails on the
  orphaned end (executablebooks/sphinx-exercise#89).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import yaml

from book import ROOT, code_cells, notebooks, read

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
REGION = re.compile(
    rf"^([ \t]*){re.escape(BEGIN)}[ \t]*\n.*?^[ \t]*{re.escape(END)}[ \t]*$", re.M | re.S
)
MESSAGE = "Exercise: write your solution here"
PLACEHOLDER = "{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError({message!r})"
RUNNABLE = ["_toc.yml", "_config.yml", "tools/book.py", "tools/chapter_start.py"]
SITE = ["_toc.yml", "_ext", "tools", "book", "micrograd"]
END_FENCE = re.compile(r"^:::\{solution-end\}[^\n]*\n:::[^\n]*\n?", re.M)


def strip(source: str) -> str:
    """The cell's source with each marked solution region replaced by the placeholder."""
    return REGION.sub(
        lambda match: PLACEHOLDER.format(indent=match.group(1), message=MESSAGE), source
    )


def student_notebook(path: Path) -> nbformat.NotebookNode:
    notebook = read(path)
    for cell in code_cells(notebook):
        if BEGIN in cell.source:
            cell.source = strip(cell.source)
            cell.outputs, cell.execution_count = [], None
    return notebook


def write_notebooks(out: Path, root: Path = ROOT) -> list[Path]:
    for name in RUNNABLE:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / name, out / name)
    written = []
    for entry in notebooks(root):
        target = out / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(student_notebook(root / entry.path), target)
        written.append(target)
    return written


def without_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with each gated solution's cells cut out (prose after its end stays)."""
    kept, inside = [], False
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(":::{solution-start}"):
            inside = True
        if not inside:
            kept.append(cell)
        elif cell.cell_type == "markdown" and END_FENCE.search(cell.source):
            inside = False
            rest = END_FENCE.split(cell.source, maxsplit=1)[1].strip()
            if rest:
                cell.source = rest
                kept.append(cell)
    notebook.cells = kept
    return notebook


def write_site(out: Path, root: Path = ROOT) -> None:
    """The website of the teacher's sources, built with every solution left out."""
    config = yaml.safe_load((root / "_config.yml").read_text())
    config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    with tempfile.TemporaryDirectory() as temp:
        copy = Path(temp) / "book"
        copy.mkdir()
        for name in SITE:
            (shutil.copytree if (root / name).is_dir() else shutil.copy)(root / name, copy / name)
        (copy / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
        for entry in notebooks(copy):
            nbformat.write(without_solutions(read(copy / entry.path)), copy / entry.path)
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        subprocess.run(
            [
                str(jupyter_book),
                "build",
                str(copy),
                "--builder",
                "html",
                "-n",
                "-W",
                "--keep-going",
            ],
            check=True,
        )
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(copy / "_build" / "html", out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write, e.g. _build/student")
    parser.add_argument("--no-site", action="store_true", help="write the notebooks only")
    args = parser.parse_args(argv)
    shutil.rmtree(args.out / "notebooks", ignore_errors=True)
    written = write_notebooks(args.out / "notebooks")
    print(f"student: wrote {len(written)} notebooks to {args.out / 'notebooks'}")
    if not args.no_site:
        write_site(args.out / "html")
        print(f"student: wrote the website without solutions to {args.out / 'html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
