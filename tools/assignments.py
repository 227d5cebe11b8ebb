"""Assignments for nbgrader: one per chapter with exercises.

    python tools/assignments.py _build/assignments
    python tools/assignments.py _build/assignments --points points.yml

writes an nbgrader course folder:

* `nbgrader_config.py` (only if there is none: a teacher may have edited it);
* `source/<chapter>/`, e.g. `source/04_backprop/`, for every chapter with
  exercises: the chapter as an nbgrader notebook, and what its set-up cell runs
  inside nbgrader's folders, offline (`tools/chapter_start.py`, the earlier
  chapters' code frozen in `tools/exports.json`, and the `micrograd/` package).
  Every other folder (release/, submitted/, autograded/, the gradebook) is
  nbgrader's and left alone; `source/<chapter>/` is written anew.

In each notebook

* a solution cell (nbgrader's `### BEGIN SOLUTION` ... `### END SOLUTION`, then
  its checks) becomes two cells: an autograded answer cell whose grade_id is the
  exercise's label (`ch04-ex1`; `ch04-ex1-2` for a second one), and a locked
  test cell with points (`ch04-ex1-check`), its whole-line comments left out;
* a text answer (a `{solution}` block, a Solution admonition, or the Markdown
  inside a gated solution) becomes a manually graded answer cell
  (`ch04-ex6-text`) holding the teacher's answer, which nbgrader replaces with
  "YOUR ANSWER HERE" in the students' copy;
* the set-up cell is locked; an exercise's MyST fence becomes a plain heading
  ("Exercise 4.1"), since a notebook in Jupyter does not render MyST;
* the gated solution's own fences are dropped.

Points: 1 for each test cell and 1 for each text answer, unless the YAML file
given with --points maps the cell's grade_id to another number
(`ch04-ex1-check: 3`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import nbformat
import yaml

import setup_cell
import student
from layout import ROOT, BookError, chapters, read

CONFIG = """\
# nbgrader's settings for the course that tools/assignments.py wrote (`make
# assignments`; the book's appendix page "Teaching with this book"). Run every
# nbgrader command in this folder.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "micrograd-book"
# What replaces a solution in the students' copy: the student edition's line.
c.ClearSolutions.code_stub = {{"python": {stub!r}}}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
# A chapter trains networks: let a cell run longer than nbgrader's default 30 s.
c.Execute.timeout = 600
"""
EXERCISE = re.compile(
    r"^(?P<fence>:{3,})\{exercise\}[^\n]*\n(?P<options>(?::[\w-]+:[^\n]*\n)*)"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.M | re.S,
)
LABEL = re.compile(r"^:label:\s*(\S+)", re.M)
OPTION = re.compile(r"^:[\w-]+:[^\n]*\n?", re.M)


def nbgrader(cell, grade_id: str, *, solution=False, grade=False, locked=False, points=None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def answer_text(block: str) -> str:
    """The body of a {solution} block or Solution admonition: without its fences
    and options."""
    lines = block.strip("\n").split("\n")
    return OPTION.sub("", "\n".join(lines[1:-1]), count=0).strip("\n")


class Converter:
    """Turns one chapter into an nbgrader source notebook."""

    def __init__(self, entry, points: dict, url: str):
        self.entry, self.points, self.url = entry, points, url
        self.label, self.exercises, self.ids = None, 0, set()
        self.cells: list = []

    def grade_id(self, suffix: str = "") -> str:
        if self.label is None:
            raise BookError(f"{self.entry.path}: a solution comes before any exercise")
        base, n = self.label + suffix, 1
        grade_id = base
        while grade_id in self.ids:
            n += 1
            grade_id = f"{self.label}-{n}{suffix}"
        self.ids.add(grade_id)
        return grade_id

    def text_answer(self, text: str) -> None:
        if text.strip():
            grade_id = self.grade_id("-text")
            cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
            self.cells.append(
                nbgrader(
                    cell, grade_id, solution=True, grade=True, points=self.points.get(grade_id, 1)
                )
            )

    def exercise(self, match: re.Match) -> str:
        label = LABEL.search(match.group("options"))
        self.exercises += 1
        self.label = label.group(1) if label else f"ch{self.entry.number:02d}-ex{self.exercises}"
        return (
            f"#### Exercise {self.entry.number}.{self.exercises}\n\n{match.group('body').strip()}"
        )

    def markdown(self, cell) -> None:
        text = cell.source
        pieces, last = [], 0
        for match in EXERCISE.finditer(text):  # exercises first: they set the label
            pieces.append(text[last : match.start()])
            pieces.append(self.exercise(match))
            last = match.end()
        text = "".join(pieces) + text[last:]
        last = 0
        for match in student.ANSWER.finditer(text):
            self.plain(text[last : match.start()])
            self.text_answer(answer_text(match.group(0)))
            last = match.end()
        self.plain(text[last:])

    def plain(self, text: str) -> None:
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
        if text.strip():
            self.cells.append(nbformat.v4.new_markdown_cell(text))

    def code(self, cell) -> None:
        if setup_cell.is_setup(cell):
            self.cells.append(nbgrader(cell, "setup", locked=True))
            return
        if student.BEGIN not in cell.source:
            self.cells.append(cell)
            return
        end = cell.source.find("\n", cell.source.rindex(student.END))
        answer, after = (cell.source, "") if end < 0 else (cell.source[:end], cell.source[end:])
        # The checks, without whole-line comments: they explain the answer.
        lines = [line for line in after.split("\n") if not line.lstrip().startswith("#")]
        checks = re.sub(r"\n{3,}", "\n\n\n", "\n".join(lines)).strip("\n")
        grade_id = self.grade_id()
        self.cells.append(nbgrader(nbformat.v4.new_code_cell(answer), grade_id, solution=True))
        if checks.strip():
            check_id = grade_id + "-check"
            self.cells.append(
                nbgrader(
                    nbformat.v4.new_code_cell(checks),
                    check_id,
                    grade=True,
                    locked=True,
                    points=self.points.get(check_id, 1),
                )
            )

    def convert_notebook(self, notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
        if self.entry.start > 1:
            setup_cell.apply(notebook, self.entry, self.url)
        for cell, in_gate in zip(notebook.cells, student.gated(notebook)):
            if cell.cell_type == "markdown" and in_gate:
                inside, *rest = student.END_FENCE.split(cell.source, maxsplit=1)
                if not inside.startswith(":::{solution-start}"):  # a derivation, say
                    self.text_answer(inside)
                if rest:
                    cell.source = rest[0]
                    self.markdown(cell)
            elif cell.cell_type == "markdown":
                self.markdown(cell)
            elif cell.cell_type == "code":
                self.code(cell)
        for cell in self.cells:
            if cell.cell_type == "code" and "nbgrader" in cell.metadata and "outputs" in cell:
                cell.outputs, cell.execution_count = [], None
        notebook.cells = self.cells
        return notebook


def graded(notebook: nbformat.NotebookNode) -> list[str]:
    """The grade_ids of a notebook's graded and answer cells."""
    return [
        cell.metadata["nbgrader"]["grade_id"]
        for cell in notebook.cells
        if "nbgrader" in cell.metadata
        and (cell.metadata["nbgrader"]["grade"] or cell.metadata["nbgrader"]["solution"])
    ]


def write(out: Path, root: Path = ROOT, points: dict | None = None, url: str | None = None):
    """Write the course folder; return {assignment: notebook path}."""
    url = url or student.student_repository(root)
    out.mkdir(parents=True, exist_ok=True)
    config = out / "nbgrader_config.py"
    if not config.exists():
        stub = student.PLACEHOLDER.format(indent="", message=student.MESSAGE)
        config.write_text(CONFIG.format(stub=stub))
    written = {}
    for entry in chapters(root):
        notebook = Converter(entry, points or {}, url).convert_notebook(read(root / entry.path))
        if not graded(notebook):
            continue
        name = entry.path.stem
        folder = out / "source" / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        student.copy_runnable(folder, root)
        nbformat.write(notebook, folder / f"{name}.ipynb")
        written[name] = folder / f"{name}.ipynb"
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the course folder, e.g. _build/assignments")
    parser.add_argument("--points", type=Path, help="a YAML file: grade_id -> points")
    parser.add_argument("--repository", help="the student repository's URL (see student.py)")
    args = parser.parse_args(argv)
    points = yaml.safe_load(args.points.read_text()) if args.points else {}
    try:
        written = write(args.out, points=points, url=args.repository)
    except BookError as error:
        print(f"assignments: {error}", file=sys.stderr)
        return 2
    print(f"assignments: wrote {len(written)} assignments to {args.out / 'source'}:")
    print("  " + " ".join(written))
    print(f"next: cd {args.out} && nbgrader generate_assignment {next(iter(written), 'NAME')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
