"""The student edition (tools/student.py): the book without the solutions, that runs."""

import collections
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import layout
import student

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = layout.notebooks()
COURSE = "https://github.com/example-teacher/micrograd-course"
# Any attempt to reach the network fails at once: the edition must run offline.
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
OFFLINE |= {name.lower(): value for name, value in OFFLINE.items()}


def solution_cells(notebook) -> list:
    """The code cells between each `{solution-start}` and its `{solution-end}`."""
    return [
        cell
        for cell, inside in zip(notebook.cells, student.gated(notebook))
        if inside and cell.cell_type == "code"
    ]


def text_answers(notebook) -> list[str]:
    """Every text answer: {solution} blocks, Solution admonitions, and the
    Markdown inside gated solutions."""
    found = []
    for cell, inside in zip(notebook.cells, student.gated(notebook)):
        if cell.cell_type != "markdown":
            continue
        if inside:
            text = student.END_FENCE.split(cell.source, maxsplit=1)[0]
            if not text.startswith(":::{solution-start}"):
                found.append(text)
        found += [m.group(0) for m in student.ANSWER.finditer(cell.source)]
    return found


def sentences(text: str) -> list[str]:
    """The substantial lines of an answer, as a student notebook would show them."""
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if len(line) > 25 and not line.startswith((":", "```"))]


def explanations(cell) -> list[str]:
    """The whole-line comments after a cell's last `### END SOLUTION`."""
    after = cell.source.rpartition(student.END)[2]
    return [line.strip() for line in after.splitlines() if line.lstrip().startswith("#")]


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    student.write_notebooks(out, url=COURSE)
    return out


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda n: n.path.name)
def test_every_solution_marks_its_code_and_leaves_the_checks_outside(entry):
    for cell in solution_cells(layout.read(ROOT / entry.path)):
        assert student.BEGIN in cell.source, f"{entry.path}: unmarked solution code:\n{cell.source}"
        assert cell.source.count(student.BEGIN) == cell.source.count(student.END), cell.source[:80]
        stripped = student.strip(cell.source)
        assert student.BEGIN not in stripped, (
            f"unbalanced markers in {entry.path}:\n{cell.source[:200]}"
        )
        assert "assert " in stripped, f"a check belongs after {student.END!r}:\n{cell.source[:200]}"


SOLUTION = re.compile(rf"{re.escape(student.BEGIN)}\n(.*?){re.escape(student.END)}", re.S)


def code_lines(notebook, strip_regions=False) -> collections.Counter:
    return collections.Counter(
        line.strip()
        for cell in notebook.cells
        if cell.cell_type == "code"
        for line in (SOLUTION.sub("", cell.source) if strip_regions else cell.source).splitlines()
    )


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda n: n.path.name)
def test_no_solution_code_appears_in_a_student_notebook(edition, entry):
    teacher, pupil = layout.read(ROOT / entry.path), layout.read(edition / entry.path)
    solution = {
        line.strip()
        for cell in teacher.cells
        for region in SOLUTION.findall(cell.source)
        for line in region.splitlines()
        if re.search(r"\w", line)
    }
    # A solution line may also stand elsewhere in the chapter (a line the student
    # sees anyway); it must not appear in the student's notebook more often than that.
    allowed, kept = code_lines(teacher, strip_regions=True), code_lines(pupil)
    left = sorted(line for line in solution if kept[line] > allowed[line])
    assert not left, f"{entry.path}: solution lines left in the student notebook: {left}"
    marked = [c for c in pupil.cells if c.cell_type == "code" and student.MESSAGE in c.source]
    assert len(marked) == sum(student.BEGIN in c.source for c in teacher.cells)
    assert all(cell.outputs == [] for cell in marked)


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda n: n.path.name)
def test_no_text_answer_or_explanation_appears_in_a_student_notebook(edition, entry):
    teacher, pupil = layout.read(ROOT / entry.path), layout.read(edition / entry.path)
    text = "\n".join(cell.source for cell in pupil.cells)
    for fence in ["{solution", "{admonition} Solution", "solution-start", "solution-end"]:
        assert fence not in text, f"{entry.path}: {fence!r} is still in the student notebook"
    leaked = [s for answer in text_answers(teacher) for s in sentences(answer) if s in text]
    leaked += [
        line
        for cell in teacher.cells
        if student.END in cell.source
        for line in explanations(cell)
        if line in text
    ]
    assert not leaked, f"{entry.path}: a solution's explanation is still there: {leaked}"


def test_the_checks_stay_but_the_comments_explaining_the_answer_go():
    source = (
        "x = 1\n### BEGIN SOLUTION\ny = 2 * x\n### END SOLUTION\n"
        "# y doubles x because ...\nassert y == 2  # the check\nprint(y)\n"
    )
    assert student.strip(source) == (
        f'x = 1\n# YOUR CODE HERE\nraise NotImplementedError("{student.MESSAGE}")\n'
        "assert y == 2  # the check\nprint(y)\n"
    )


def test_text_answers_are_cut_out_of_markdown():
    text = (
        "Before.\n\n:::{solution} ch01-ex4\n:class: dropdown\nThe answer.\n:::\n\n"
        "::::{admonition} Solution (why)\n:class: dropdown\n:::{note}\nInside.\n:::\n::::\n"
        "After.\n\n:::{admonition} Under the hood: kept\nStays.\n:::"
    )
    assert student.without_answers(text) == (
        "Before.\n\nAfter.\n\n:::{admonition} Under the hood: kept\nStays.\n:::"
    )


def test_the_student_edition_carries_what_its_set_up_cells_run(edition):
    files = sorted(str(p.relative_to(edition)) for p in edition.rglob("*") if p.is_file())
    assert "tools/chapter_start.py" in files and "tools/exports.json" in files
    assert "tools/layout.py" not in files  # the exports are frozen: no _toc.yml needed
    assert {f"micrograd/{p.name}" for p in (ROOT / "micrograd").glob("*.py")} <= set(files)
    assert not any("conftest" in name or "teaching" in name for name in files)


@pytest.mark.parametrize("entry", NOTEBOOKS[1:], ids=lambda n: n.path.name)
def test_student_set_up_cells_point_to_the_student_repository(edition, entry):
    notebook = layout.read(edition / entry.path)
    setup = layout.code_cells(notebook)[0]
    assert setup.source.startswith(layout.SETUP) and COURSE in setup.source
    assert setup.metadata["jupyter"]["source_hidden"] is True
    assert layout.repository() not in nbformat.writes(notebook)


def test_the_student_repository_is_one_setting(tmp_path):
    for name in ["_toc.yml", "_config.yml"]:
        shutil.copy(ROOT / name, tmp_path / name)
    assert student.student_repository(tmp_path) == layout.repository()
    with (tmp_path / "_config.yml").open("a") as config:
        config.write(f"student_repository: {COURSE}\n")
    assert student.student_repository(tmp_path) == COURSE


def run(notebook, folder: Path) -> nbformat.NotebookNode:
    client = NotebookClient(
        notebook,
        timeout=900,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    return notebook


def errors(notebook) -> list[tuple[int, str]]:
    """The errors of a run, but those of cells tagged to show one."""
    return [
        (i, out.ename)
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and "raises-exception" not in cell.metadata.get("tags", [])
        for out in cell.outputs
        if out.output_type == "error"
    ]


@pytest.fixture(scope="module")
def elsewhere(edition, tmp_path_factory) -> Path:
    """A copy of the student edition in another folder."""
    copy = tmp_path_factory.mktemp("elsewhere") / "course"
    shutil.copytree(edition, copy)
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda n: n.path.name)
def test_every_student_notebook_runs_offline_each_exercise_failing_until_written(
    edition, elsewhere, entry, monkeypatch
):
    """Untouched, from a copy of the edition elsewhere: every exercise cell raises
    NotImplementedError and nothing else fails. With the teacher's code written
    back, from the edition's own folder: nothing fails."""
    for name, value in OFFLINE.items():
        monkeypatch.setenv(name, value)
    teacher = layout.read(ROOT / entry.path)
    answers = iter(
        c.source for c in teacher.cells if c.cell_type == "code" and student.BEGIN in c.source
    )
    notebook = run(layout.read(elsewhere / entry.path), (elsewhere / entry.path).parent)
    marked = [
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and student.MESSAGE in cell.source
    ]
    assert errors(notebook) == [(i, "NotImplementedError") for i in marked]
    if entry.start > 1:
        assert (
            notebook.cells[1].outputs[0].text
            == f"Starting where chapter {entry.start - 1} ended.\n"
        )
    solved = layout.read(edition / entry.path)
    for i in marked:  # the student writes the solution: the teacher's code
        solved.cells[i].source = next(answers)
    assert errors(run(solved, (edition / entry.path).parent)) == []


@pytest.mark.slow
def test_the_student_website_shows_the_exercises_but_not_the_solutions(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "student.py"), str(tmp_path), "--repository", COURSE],
        check=True,
        capture_output=True,
    )
    for entry in layout.chapters():
        page = (tmp_path / "html" / entry.path.with_suffix(".html")).read_text()
        teacher = layout.read(ROOT / entry.path)
        prose = "\n".join(c.source for c in teacher.cells if c.cell_type == "markdown")
        for label in re.findall(r"^:::\{exercise\}\n:label: (\S+)$", prose, re.M):
            assert f'id="{label}"' in page, f"{entry.path}: exercise {label} is missing"
        assert 'class="solution' not in page, f"{entry.path}: a solution is still on the page"
        assert 'admonition-title">Solution' not in page, f"{entry.path}: a Solution box"
        assert student.BEGIN not in page, f"{entry.path}: solution code is still on the page"
        leaked = [s for a in text_answers(teacher) for s in sentences(a) if s in page]
        assert not leaked, f"{entry.path}: text answers on the page: {leaked}"
        assert COURSE in page and layout.repository() not in page, entry.path
