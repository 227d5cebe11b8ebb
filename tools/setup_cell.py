"""The set-up cell: the first code cell of every notebook after chapter 1.

tools/tangle.py writes it (and `tangle --check` verifies it); tools/student.py and
tools/assignments.py write the same cell, with another repository's URL if the
teacher publishes the student edition elsewhere. It runs out of sight: the
website leaves it out (the `remove-cell` tag); JupyterLab folds it
(`jupyter.source_hidden`) and shows its one line of output, "Starting where
chapter 3 ended.", so a reader who runs the notebook sees that it ran.

The one cell works wherever a notebook can be:

* in the book's `book/` folder, and in the student edition's `book/` folder, or a
  copy of it anywhere: `../tools/chapter_start.py` is there;
* inside nbgrader's folders (source/, release/, submitted/, autograded/), where
  each assignment folder holds its own `tools/`: `tools/chapter_start.py`;
* on its own, e.g. in Colab: the cell clones the book (repository.url) first.

No network is used unless neither folder has the tools.
"""

from __future__ import annotations

import nbformat

from layout import ROOT, SETUP, Notebook, code_cells, notebooks, read, repository

TAGS = ["remove-cell"]
FOLDS = {"hide-input", "remove-input", "hide-cell", "remove-cell", "hide-output", "remove-output"}
CLONE = "/tmp/micrograd-book"


def first_line(start: int) -> str:
    """What the cell prints: the one line a reader sees in Jupyter."""
    return f"Starting where chapter {start - 1} ended."


def setup_cell(start: int, url: str) -> str:
    """The set-up cell's source for a notebook that starts where chapter start - 1 ended."""
    chapters = "chapter 1 exports" if start == 2 else f"chapters 1-{start - 1} export"
    return (
        f"{SETUP}run the code that {chapters}: the micrograd built so far,\n"
        "# not the finished package. The appendix (How this book is made) explains it.\n"
        "import os\n\n"
        'for _book in ["..", ".", "' + CLONE + '"]:\n'
        '    if os.path.exists(f"{_book}/tools/chapter_start.py"):\n'
        "        break\n"
        "else:  # opened on its own, e.g. in Colab: fetch the book\n"
        f'    _url = "{url}"\n'
        '    os.system(f"git clone --quiet --depth 1 {_url} {_book}")\n'
        '    os.chdir(f"{_book}/book")\n'
        f"%run -i {{_book}}/tools/chapter_start.py {start}\n"
        f'print("{first_line(start)}")'
    )


def setup_output(start: int) -> list:
    return [nbformat.v4.new_output("stream", name="stdout", text=first_line(start) + "\n")]


def is_setup(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith(SETUP)


def current(cell, expected: str) -> bool:
    """Whether a notebook's set-up cell has the expected source and metadata."""
    metadata = cell.metadata
    return (
        cell.source == expected
        and metadata.get("jupyter", {}).get("source_hidden") is True
        and FOLDS.intersection(metadata.get("tags", [])) == set(TAGS)
    )


def apply(contents: nbformat.NotebookNode, entry: Notebook, url: str) -> bool:
    """Write the set-up cell into the notebook (replacing an old one, or after the
    title cell); False if it was already current."""
    expected = setup_cell(entry.start, url)
    cells = code_cells(contents)
    if cells and is_setup(cells[0]):
        cell = cells[0]
        if current(cell, expected):
            return False
    else:
        cell = nbformat.v4.new_code_cell("")
        contents.cells.insert(1, cell)
    cell.source = expected
    cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    cell.metadata["tags"] = list(TAGS) + [
        tag for tag in cell.metadata.get("tags", []) if tag not in FOLDS
    ]
    # The output is known: tangle writes it, so a new set-up cell needs no re-run.
    cell.outputs = setup_output(entry.start)
    return True


def stale_setup_cells(root=ROOT, url: str | None = None) -> list[tuple[Notebook, str]]:
    """(notebook, expected source) for each notebook after chapter 1 whose set-up
    cell is missing or out of date (e.g. after a fork changed repository.url)."""
    url, stale = url or repository(root), []
    for notebook in notebooks(root):
        if notebook.start > 1:
            cells = code_cells(read(root / notebook.path))
            expected = setup_cell(notebook.start, url)
            if not cells or not current(cells[0], expected):
                stale.append((notebook, expected))
    return stale


def write_setup_cells(stale: list[tuple[Notebook, str]], root=ROOT) -> None:
    url = repository(root)
    for notebook, _ in stale:
        contents = read(root / notebook.path)
        apply(contents, notebook, url)
        nbformat.write(contents, root / notebook.path)
        print(f"tangle: wrote the set-up cell of {notebook.path}")
