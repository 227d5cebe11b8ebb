"""The set-up cell (tools/setup_cell.py): out of sight, and one design that runs
from the book, from a copy of the student edition and inside nbgrader's folders."""

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import chapter_start
import layout
import setup_cell
import student

ROOT = Path(__file__).resolve().parents[2]
URL = "https://example.org/course"
# Value and add_to are there; the set-up's own helpers are not.
EXPECTED = "[True, True, False, False, False]\n"
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


@pytest.fixture
def copy(tmp_path) -> Path:
    """The book's table of contents, settings and notebooks, in a temporary folder."""
    for name in ["_toc.yml", "_config.yml"]:
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "book", tmp_path / "book", ignore=shutil.ignore_patterns("_*"))
    return tmp_path


def test_tangle_writes_a_hidden_set_up_cell_with_its_one_line_of_output(copy):
    setup_cell.write_setup_cells(setup_cell.stale_setup_cells(copy), copy)
    assert setup_cell.stale_setup_cells(copy) == []
    for entry in layout.notebooks(copy)[1:]:
        cell = layout.code_cells(layout.read(copy / entry.path))[0]
        assert cell.metadata["jupyter"]["source_hidden"] is True  # JupyterLab
        assert "remove-cell" in cell.metadata["tags"]  # the website
        assert [o.text for o in cell.outputs] == [
            f"Starting where chapter {entry.start - 1} ended.\n"
        ]
        assert max(len(line) for line in cell.source.splitlines()) <= 80


def test_tangle_check_notices_a_set_up_cell_in_plain_view(copy):
    setup_cell.write_setup_cells(setup_cell.stale_setup_cells(copy), copy)
    entry = layout.notebooks(copy)[3]
    notebook = layout.read(copy / entry.path)
    del layout.code_cells(notebook)[0].metadata["jupyter"]
    nbformat.write(notebook, copy / entry.path)
    assert [e.path for e, _ in setup_cell.stale_setup_cells(copy)] == [entry.path]


def test_a_frozen_copy_replays_exactly_what_the_chapters_export(tmp_path):
    (tmp_path / "exports.json").write_text(chapter_start.freeze())
    cells = json.loads((tmp_path / "exports.json").read_text())
    frozen = [(c["where"], c["source"]) for c in cells]
    last = layout.chapters()[-1].number
    live = [(c.where, c.source) for c in layout.all_cells(before=last + 1)]  # the chapters'
    assert frozen == live
    assert chapter_start.exported(last + 1) == live  # the book's tools/ has no exports.json


def run_setup(folder: Path, notebook_folder: Path, entry, monkeypatch) -> list[str]:
    """Run a notebook made of the set-up cell alone, from notebook_folder; its outputs."""
    for name, value in OFFLINE.items():
        monkeypatch.setenv(name, value)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Title")]
    setup_cell.apply(notebook, entry, URL)
    names = ["Value", "add_to", "replay", "exported", "gc"]
    notebook.cells.append(nbformat.v4.new_code_cell(f"print([n in globals() for n in {names}])"))
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook_folder)}},
    ).execute()
    return [
        o.get("text", o.get("evalue", ""))
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
    ]


@pytest.mark.slow
def test_the_same_cell_runs_from_a_student_copy_and_from_an_nbgrader_folder(tmp_path, monkeypatch):
    entry = layout.chapters()[3]  # chapter 4
    edition = tmp_path / "edition"
    student.copy_runnable(edition)
    (edition / "book").mkdir()
    outputs = run_setup(edition, edition / "book", entry, monkeypatch)  # ../tools
    assert outputs == ["Starting where chapter 3 ended.\n", EXPECTED]
    assignment = tmp_path / "autograded" / "someone" / "04_backprop"
    student.copy_runnable(assignment)
    outputs = run_setup(assignment, assignment, entry, monkeypatch)  # ./tools
    assert outputs == ["Starting where chapter 3 ended.\n", EXPECTED]
