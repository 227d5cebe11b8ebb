"""The student edition (tools/student.py): the book without the solutions' code."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import book
import student

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = book.notebooks()


def solution_cells(notebook) -> list:
    """The code cells between each `{solution-start}` and its `{solution-end}`."""
    found, inside = [], False
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(":::{solution-start}"):
            inside = True
        elif cell.cell_type == "markdown" and ":::{solution-end}" in cell.source:
            inside = False
        elif inside and cell.cell_type == "code":
            found.append(cell)
    return found


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    student.write_notebooks(out)
    return out


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda n: n.path.name)
def test_every_solution_marks_its_code_and_leaves_the_checks_outside(entry):
    cells = solution_cells(book.read(ROOT / entry.path))
    marked = [cell for cell in cells if student.BEGIN in cell.source]
    assert marked or not cells, f"{entry.path}: no solution cell has {student.BEGIN!r}"
    for cell in marked:
        assert cell.source.count(student.BEGIN) == cell.source.count(student.END), cell.source[:80]
        stripped = student.strip(cell.source)
        assert student.BEGIN not in stripped, (
            f"unbalanced markers in {entry.path}:\n{cell.source[:200]}"
        )
        assert "assert " in stripped, f"a check belongs after {student.END!r}:\n{cell.source[:200]}"


SOLUTION = re.compile(rf"{re.escape(student.BEGIN)}\n(.*?){re.escape(student.END)}", re.S)


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda n: n.path.name)
def test_no_solution_line_appears_in_a_student_notebook(edition, entry):
    teacher, pupil = book.read(ROOT / entry.path), book.read(edition / entry.path)
    assert len(pupil.cells) == len(teacher.cells)
    for cell, copy in zip(teacher.cells, pupil.cells):
        lines = [
            line.strip() for region in SOLUTION.findall(cell.source) for line in region.splitlines()
        ]
        # A solution line may also stand in the checks after it (a line the student
        # sees anyway); it must not appear in the student's cell more often than that.
        outside = [line.strip() for line in SOLUTION.sub("", cell.source).splitlines()]
        kept = [line.strip() for line in copy.source.splitlines()]
        left = [
            line
            for line in set(lines)
            if re.search(r"\w", line) and kept.count(line) > outside.count(line)
        ]
        assert not left, f"{entry.path}: solution lines left in the student's cell: {left}"
        if lines:
            assert copy.outputs == [] and student.MESSAGE in copy.source


def test_the_student_edition_runs_from_its_own_set_up_cells(edition):
    assert sorted(str(p.relative_to(edition)) for p in edition.rglob("*.py")) == [
        "tools/book.py",
        "tools/chapter_start.py",
    ]
    assert (edition / "_toc.yml").read_text() == (ROOT / "_toc.yml").read_text()


def first_chapter_with_a_marked_solution():
    for entry in NOTEBOOKS:
        if any(student.BEGIN in c.source for c in solution_cells(book.read(ROOT / entry.path))):
            return entry
    pytest.fail("no notebook marks a solution")


def run(notebook, folder: Path) -> nbformat.NotebookNode:
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    return notebook


def errors(notebook) -> list[tuple[int, str]]:
    return [
        (i, out.ename)
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]


@pytest.mark.slow
def test_a_student_exercise_fails_until_the_solution_is_written_back(edition):
    entry = first_chapter_with_a_marked_solution()
    notebook = run(book.read(edition / entry.path), (edition / entry.path).parent)
    marked = [
        i
        for i, cell in enumerate(book.read(ROOT / entry.path).cells)
        if cell.cell_type == "code" and student.BEGIN in cell.source
    ]
    assert errors(notebook) == [(i, "NotImplementedError") for i in marked]
    teacher = book.read(ROOT / entry.path)
    for i in marked:  # the student "writes" the solution: the teacher's code goes back in
        notebook.cells[i].source = teacher.cells[i].source
    assert errors(run(notebook, (edition / entry.path).parent)) == []


@pytest.mark.slow
def test_the_student_website_shows_the_exercises_but_not_the_solutions(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "student.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for entry in book.chapters():
        page = (tmp_path / "html" / entry.path.with_suffix(".html")).read_text()
        prose = "\n".join(
            c.source for c in book.read(ROOT / entry.path).cells if c.cell_type == "markdown"
        )
        for label in re.findall(r"^:::\{exercise\}\n:label: (\S+)$", prose, re.M):
            assert f'id="{label}"' in page, f"{entry.path}: exercise {label} is missing"
        assert 'class="solution' not in page, f"{entry.path}: a solution is still on the page"
        assert student.BEGIN not in page, f"{entry.path}: solution code is still on the page"
