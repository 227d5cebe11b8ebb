"""The nbgrader assignments (tools/assignments.py), checked with the real nbgrader."""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

import assignments
import layout
import student

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = layout.chapters()
BIN = Path(sys.executable).parent  # nbgrader runs alembic from PATH
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
OFFLINE |= {name.lower(): value for name, value in OFFLINE.items()}


def exercise_labels(entry) -> list[str]:
    prose = "\n".join(
        c.source for c in layout.read(ROOT / entry.path).cells if c.cell_type == "markdown"
    )
    return re.findall(r"^:{3,}\{exercise\}[^\n]*\n:label: (\S+)$", prose, re.M)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("course")
    return out, assignments.write(out, points={"ch04-ex1-check": 3})


def cells(notebook, **flags) -> list:
    return [
        cell
        for cell in notebook.cells
        if "nbgrader" in cell.metadata
        and all(cell.metadata["nbgrader"].get(k) == v for k, v in flags.items())
    ]


def test_every_chapter_with_exercises_is_an_assignment_that_runs_on_its_own(course):
    out, written = course
    assert list(written) == [e.path.stem for e in CHAPTERS if exercise_labels(e)]
    assert (out / "nbgrader_config.py").exists()
    for name in written:
        folder = out / "source" / name
        assert (folder / "tools" / "chapter_start.py").exists()
        assert (folder / "tools" / "exports.json").exists()
        assert (folder / "micrograd" / "engine.py").exists()


@pytest.mark.parametrize("entry", CHAPTERS, ids=lambda n: n.path.name)
def test_each_solution_is_an_autograded_answer_and_a_locked_test_with_points(course, entry):
    out, written = course
    if entry.path.stem not in written:
        return
    notebook = layout.read(written[entry.path.stem])
    teacher = layout.read(ROOT / entry.path)
    answers = cells(notebook, solution=True, grade=False)
    assert len(answers) == sum(student.BEGIN in c.source for c in teacher.cells)
    labels = exercise_labels(entry)
    for cell in answers:
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        assert re.sub(r"-\d+$", "", grade_id) in labels, grade_id
        assert cell.source.rstrip().endswith(student.END)
        test = notebook.cells[notebook.cells.index(cell) + 1]
        meta = test.metadata["nbgrader"]
        assert meta["grade_id"] == grade_id + "-check" and meta["locked"] and meta["grade"]
        assert meta["points"] == (3 if meta["grade_id"] == "ch04-ex1-check" else 1)
        assert "assert " in test.source and student.BEGIN not in test.source
        assert not [line for line in test.source.splitlines() if line.lstrip().startswith("#")]
    ids = [c.metadata["nbgrader"]["grade_id"] for c in cells(notebook)]
    assert len(ids) == len(set(ids)), ids
    for cell in cells(notebook, solution=True, grade=True):  # the text answers
        assert cell.cell_type == "markdown" and cell.metadata["nbgrader"]["points"] == 1
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert "{exercise}" not in text and "{solution" not in text
    if entry.start > 1:
        assert cells(notebook, grade_id="setup", locked=True)


def test_a_text_answer_becomes_a_manually_graded_cell():
    entry = layout.Notebook(Path("book/x.ipynb"), "X", 3, 3)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# X"),
        nbformat.v4.new_markdown_cell(":::{exercise}\n:label: ch03-ex1\n\nWhy?\n:::"),
        nbformat.v4.new_markdown_cell(
            "Some prose.\n\n:::{admonition} Solution\n:class: dropdown\nBecause.\n:::\nMore."
        ),
    ]
    converted = assignments.Converter(entry, {}, "https://example.org/x").convert_notebook(notebook)
    sources = [
        (c.source, c.metadata.get("nbgrader", {}).get("grade_id"))
        for c in converted.cells
        if c.cell_type == "markdown"
    ]
    assert sources == [
        ("# X", None),
        ("#### Exercise 3.1\n\nWhy?", None),
        ("Some prose.", None),
        ("Because.", "ch03-ex1-text"),
        ("More.", None),
    ]
    assert converted.cells[4].metadata["nbgrader"]["grade"] is True


def nbgrader(course: Path, *args: str) -> float:
    """Run an nbgrader command in the course folder; its seconds."""
    env = os.environ | OFFLINE | {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    start = time.perf_counter()
    result = subprocess.run(
        [str(BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return time.perf_counter() - start


def solved(release: Path, source: Path) -> None:
    """The teacher's solutions written into the students' copy, as a student would."""
    teacher = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in layout.read(source).cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    notebook = layout.read(release)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = teacher[meta["grade_id"]]
    nbformat.write(notebook, release)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """Every chapter through the real nbgrader: generate_assignment, then autograde
    of the untouched release and of the teacher's solutions. {chapter: scores}."""
    from nbgrader.api import Gradebook

    out = tmp_path_factory.mktemp("nbgrader")
    written = assignments.write(out)
    results = {}
    for name in written:
        generate = nbgrader(out, "generate_assignment", name, "--force")
        for who in ["untouched", "solved"]:
            shutil.copytree(out / "release" / name, out / "submitted" / who / name)
        solved(out / "submitted" / "solved" / name / f"{name}.ipynb", written[name])
        autograde = nbgrader(out, "autograde", name)
        results[name] = {"generate": generate, "autograde": autograde}
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gradebook:
        for name, result in results.items():
            for who in ["untouched", "solved"]:
                submission = gradebook.find_submission(name, who)
                result[who] = (submission.code_score, submission.max_code_score)
            result["manual"] = submission.max_written_score
    report = ["chapter               untouched  solved  text pts  generate  autograde (2 runs)"]
    for name, r in results.items():
        report.append(
            f"{name:20}  {r['untouched'][0]:g}/{r['untouched'][1]:g}  "
            f"{r['solved'][0]:g}/{r['solved'][1]:g}  {r['manual']:g}  "
            f"{r['generate']:.0f} s  {r['autograde']:.0f} s"
        )
    print("\n" + "\n".join(report))
    (out / "report.json").write_text(json.dumps(results, indent=1))
    return results


@pytest.mark.slow
def test_nbgrader_gives_nothing_for_an_untouched_release_and_everything_for_the_solutions(
    graded,
):
    assert graded, "no assignment was written"
    untouched = {name: r["untouched"] for name, r in graded.items() if r["untouched"][0] != 0}
    assert not untouched, f"points for untouched exercises: {untouched}"
    short = {name: r["solved"] for name, r in graded.items() if r["solved"][0] != r["solved"][1]}
    assert not short, f"the teacher's solutions lose points: {short}"
    assert all(r["solved"][1] > 0 for r in graded.values())


def test_the_teaching_pages_points_file_names_cells_that_exist(course):
    """The example points.yml on the teaching page must name real grade_ids,
    so a teacher who copies it weighs the cells it says."""
    out, written = course
    page = (ROOT / "book" / "teaching.md").read_text()
    example = re.search(r"```yaml\n# points.yml\n(.*?)```", page, re.S).group(1)
    named = re.findall(r"^(ch\d\d-ex\d+-(?:check|text)):", example, re.M)
    assert named
    ids = {
        c.metadata["nbgrader"]["grade_id"]
        for stem in written
        for c in cells(layout.read(written[stem]))
    }
    assert set(named) <= ids, set(named) - ids
