"""The student edition: the book for a course, without the solutions.

    python tools/student.py _build/student            notebooks and website
    python tools/student.py _build/student --no-site  notebooks only

Inside each solution cell the solution code stands between nbgrader's markers,
`### BEGIN SOLUTION` and `### END SOLUTION`, and the checks (the asserts) after
them. The student edition writes

* `notebooks/`: a copy of the book that runs on its own, anywhere, offline: its
  `book/` folder (each notebook a student notebook, see below), `tools/` with
  the set-up cell's chapter_start.py and the chapters' exported code frozen in
  exports.json, and the `micrograd/` package (the drawing code). A student
  notebook is the chapter with
  - each marked region replaced by a line that raises NotImplementedError, so
    the checks after it fail until the student writes the code (the cell's
    stored output is removed, and so are whole-line comments after the region:
    they explain the answer);
  - every text answer removed: `{solution}` blocks, `{admonition} Solution...`
    blocks, and the Markdown cells of a gated solution (`{solution-start}` ...
    `{solution-end}`; its code cells stay, stripped, as plain exercise cells);
  - its set-up cell pointing at the student repository (below).
* `html/`: the website without the solutions. It is built with
  sphinx-exercise's `hide_solutions`, from a copy of the book in which every
  gated solution, every `{solution}` block and every Solution admonition is cut
  out first (with hide_solutions on, sphinx-exercise 1.2 drops the start of a
  gated solution but not its end, and the build fails on the orphaned end:
  executablebooks/sphinx-exercise#89).

The student repository: a teacher who publishes the student edition (the
contents of `notebooks/`, e.g. as a GitHub repository of their own) sets
`student_repository:` in _config.yml to its URL. The student website's
repository, issue, edit and launch buttons and every student notebook's set-up
cell (which fetches the book when a notebook is opened on its own, e.g. in
Colab) then point there. Without it, they point to repository.url.
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

import chapter_start
import setup_cell
from layout import ROOT, notebooks, read, repository

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
REGION = re.compile(
    rf"^([ \t]*){re.escape(BEGIN)}[ \t]*\n.*?^[ \t]*{re.escape(END)}[ \t]*$", re.M | re.S
)
MESSAGE = "Exercise: write your solution here"
PLACEHOLDER = '{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError("{message}")'
SITE = ["_toc.yml", "_ext", "tools", "book", "micrograd"]
END_FENCE = re.compile(r"^:::\{solution-end\}[^\n]*\n:::[^\n]*\n?", re.M)
# A text answer: a {solution} block, or an admonition whose title starts with
# "Solution", fenced with colons or backticks (a longer fence may hold shorter ones).
ANSWER = re.compile(
    r"^(?P<fence>:{3,}|`{3,})[ \t]*\{(?:solution|admonition\}[ \t]*Solution)[^\n]*\n"
    r".*?^(?P=fence)[ \t]*$\n?",
    re.M | re.S,
)
# What a student copy needs besides the notebooks (tools/exports.json is written).
RUNNABLE = ["tools/chapter_start.py", "micrograd"]
LEFT_OUT = ["conftest.py", ".ipynb_checkpoints", "__pycache__", "teaching.md"]
# What the chapters import, pinned as the book pins them (for Binder, or pip).
RUNS_WITH = ["ipykernel", "graphviz", "numpy", "matplotlib", "scikit-learn", "torch"]
README = """\
# micrograd, the book: the student edition

Open the chapters in `book/` with Jupyter, starting with `book/01_derivatives.ipynb`.
Each notebook runs top to bottom from wherever this folder is, without a network:
its first cell runs the code of the earlier chapters (from `tools/`).
Each exercise raises `NotImplementedError` until you write its code; the checks
after it then tell you whether your code is right.

You need Python with the packages in `requirements.txt`
(`pip install -r requirements.txt`) and Graphviz's `dot` program
(`apt.txt` names it for Binder).
"""


def student_repository(root: Path = ROOT) -> str:
    """The URL the student edition points to: student_repository in _config.yml,
    or else repository.url."""
    config = yaml.safe_load((root / "_config.yml").read_text())
    return config.get("student_repository") or repository(root)


def strip(source: str) -> str:
    """The cell's source with each marked solution region replaced by the placeholder,
    and the whole-line comments after the last region (they explain the answer) left out."""
    parts = REGION.split(source)  # [before, indent, after, indent, after, ...]
    pieces = list(zip(parts[1::2], parts[2::2]))
    text = parts[0]
    for k, (indent, after) in enumerate(pieces):
        if k == len(pieces) - 1:
            lines = [line for line in after.split("\n") if not line.lstrip().startswith("#")]
            after = re.sub(r"\n{3,}", "\n\n\n", "\n".join(lines))
        text += PLACEHOLDER.format(indent=indent, message=MESSAGE) + after
    return text


def without_answers(text: str) -> str:
    """Markdown with every {solution} block and Solution admonition cut out."""
    return re.sub(r"\n{3,}", "\n\n", ANSWER.sub("", text)).strip("\n")


def gated(notebook: nbformat.NotebookNode) -> list[bool]:
    """For each cell, whether it lies inside a gated solution (its start and end
    cells included)."""
    inside, flags = False, []
    for cell in notebook.cells:
        markdown = cell.cell_type == "markdown"
        if markdown and cell.source.startswith(":::{solution-start}"):
            inside = True
        flags.append(inside)
        if markdown and END_FENCE.search(cell.source):
            inside = False
    return flags


def student_notebook(path: Path, entry=None, url: str | None = None) -> nbformat.NotebookNode:
    notebook = read(path)
    cells = []
    for cell, in_gate in zip(notebook.cells, gated(notebook)):
        if cell.cell_type == "markdown":
            if in_gate:  # the gate's own fences, and any derivation between them
                rest = END_FENCE.split(cell.source, maxsplit=1)
                if len(rest) == 1 or not rest[1].strip():
                    continue
                cell.source = rest[1]
            cell.source = without_answers(cell.source)
            if not cell.source.strip():
                continue
        elif BEGIN in cell.source:
            cell.source = strip(cell.source)
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    notebook.cells = cells
    if entry is not None and entry.start > 1 and url:
        setup_cell.apply(notebook, entry, url)
    return notebook


def copy_runnable(out: Path, root: Path = ROOT) -> None:
    """tools/chapter_start.py, tools/exports.json and micrograd/: what a set-up cell runs."""
    for name in RUNNABLE:
        source, target = root / name, out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    (out / "tools" / "exports.json").write_text(chapter_start.freeze(root) + "\n")


def write_notebooks(out: Path, root: Path = ROOT, url: str | None = None) -> list[Path]:
    url = url or student_repository(root)
    shutil.copytree(
        root / "book", out / "book", ignore=shutil.ignore_patterns(*LEFT_OUT), dirs_exist_ok=True
    )
    copy_runnable(out, root)
    pins = [
        line
        for line in (root / "requirements.txt").read_text().splitlines()
        if line.partition("==")[0] in RUNS_WITH
    ]
    (out / "requirements.txt").write_text("\n".join(pins) + "\n")
    (out / "apt.txt").write_text("graphviz\n")
    (out / "README.md").write_text(README)
    written = []
    for entry in notebooks(root):
        target = out / entry.path
        nbformat.write(student_notebook(root / entry.path, entry, url), target)
        written.append(target)
    return written


def without_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with each gated solution's cells cut out (prose after its end
    stays), and every {solution} block and Solution admonition."""
    kept = []
    for cell, in_gate in zip(notebook.cells, gated(notebook)):
        if in_gate:
            rest = END_FENCE.split(cell.source, maxsplit=1) if cell.cell_type == "markdown" else []
            if len(rest) < 2 or not rest[1].strip():
                continue
            cell.source = rest[1]
        if cell.cell_type == "markdown":
            cell.source = without_answers(cell.source)
            if not cell.source.strip():
                continue
        kept.append(cell)
    notebook.cells = kept
    return notebook


def write_site(out: Path, root: Path = ROOT, url: str | None = None) -> None:
    """The website of the teacher's sources, built with every solution left out,
    its buttons and set-up cells pointing at the student repository."""
    url = url or student_repository(root)
    config = yaml.safe_load((root / "_config.yml").read_text())
    config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    config.setdefault("repository", {})["url"] = url
    with tempfile.TemporaryDirectory() as temp:
        copy = Path(temp) / "book"
        copy.mkdir()
        for name in SITE:
            (shutil.copytree if (root / name).is_dir() else shutil.copy)(root / name, copy / name)
        (copy / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
        for entry in notebooks(copy):
            notebook = without_solutions(read(copy / entry.path))
            if entry.start > 1:
                setup_cell.apply(notebook, entry, url)
            nbformat.write(notebook, copy / entry.path)
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
    parser.add_argument(
        "--repository",
        help="the student repository's URL (default: student_repository in _config.yml, "
        "or else repository.url)",
    )
    args = parser.parse_args(argv)
    shutil.rmtree(args.out / "notebooks", ignore_errors=True)
    written = write_notebooks(args.out / "notebooks", url=args.repository)
    print(f"student: wrote {len(written)} notebooks to {args.out / 'notebooks'}")
    if not args.no_site:
        write_site(args.out / "html", url=args.repository)
        print(f"student: wrote the website without solutions to {args.out / 'html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
