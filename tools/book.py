"""What the book is made of: its table of contents, its notebooks and their cells.

Every tool reads the book through this module: tools/tangle.py (the package),
tools/chapter_start.py (a chapter's set-up cell), tools/execute.py,
tools/student.py, the Sphinx extensions in _ext/ and the tests.

_toc.yml is the reading order. A page in a numbered part is a chapter and counts
towards the numbering whether it is a notebook or not; a notebook in another part
(the appendix) is not numbered and starts where the last chapter ended.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"#\|\s*export:\s*(.*?)\s*$")
TARGET = re.compile(r"micrograd/([A-Za-z_][A-Za-z0-9_]*)\.py")
SETUP = "# Set-up: "


class BookError(Exception):
    """The book's sources are not as the tools expect (the message says where)."""


@dataclass(frozen=True)
class Notebook:
    path: Path  # relative to the repository root
    title: str
    number: int | None  # the chapter number, None for an appendix notebook
    start: int  # the set-up cell replays the chapters numbered below this

    @property
    def credit(self) -> str:
        if self.number is None:
            return f"the appendix, {self.title}"
        return f"chapter {self.number}, {self.title}"


@dataclass(frozen=True)
class Cell:
    chapter: Notebook
    index: int  # 1-based position among all the notebook's cells
    module: str  # e.g. "engine"
    source: str  # the code without the marker line

    @property
    def where(self) -> str:
        return f"{self.chapter.path}, cell {self.index}"


def read(path: Path) -> nbformat.NotebookNode:
    """A notebook, with each cell's source as one string."""
    return nbformat.read(path, as_version=4)


def code_cells(notebook: nbformat.NotebookNode) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def title_of(notebook: nbformat.NotebookNode, path: Path) -> str:
    """The first Markdown heading, without a leading chapter number."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return re.sub(r"^\d+\.\s*", "", line[2:].strip())
    raise BookError(f"{path}: no '# Title' heading in any Markdown cell")


def notebooks(root: Path = ROOT) -> list[Notebook]:
    """Every notebook in _toc.yml, in reading order: the chapters, then the appendix's."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    found, appendix, number = [], [], 0
    for part in toc.get("parts", []):
        for entry in part.get("chapters", []):
            name = entry["file"]
            path = root / (name if name.endswith(".ipynb") else name + ".ipynb")
            if part.get("numbered"):
                number += 1
            if not path.exists():
                if not (root / (name + ".md")).exists():
                    raise BookError(
                        f"_toc.yml lists {name}, but there is no {name}.ipynb or {name}.md"
                    )
                continue
            relative = path.relative_to(root)
            title = title_of(read(path), relative)
            if part.get("numbered"):
                found.append(Notebook(relative, title, number, number))
            else:
                appendix.append((relative, title))
    return found + [Notebook(path, title, None, number + 1) for path, title in appendix]


def chapters(root: Path = ROOT) -> list[Notebook]:
    """The numbered chapters, numbered as the book numbers them."""
    return [notebook for notebook in notebooks(root) if notebook.number is not None]


def repository(root: Path = ROOT) -> str:
    return yaml.safe_load((root / "_config.yml").read_text())["repository"]["url"]


def exported_cells(chapter: Notebook, root: Path = ROOT) -> list[Cell]:
    """The chapter's cells that carry an export marker, in order."""
    cells = []
    for index, cell in enumerate(read(root / chapter.path).cells, start=1):
        first, _, rest = cell.source.partition("\n")
        marker = MARKER.match(first) if cell.cell_type == "code" else None
        if not marker:
            continue
        target = TARGET.fullmatch(marker.group(1))
        if not target:
            raise BookError(
                f"{chapter.path}, cell {index}: export target {marker.group(1)!r} is not a module "
                "directly inside micrograd/ (write e.g. '#| export: micrograd/engine.py')"
            )
        cells.append(Cell(chapter, index, target.group(1), rest))
    return cells


def all_cells(root: Path = ROOT, before: int | None = None) -> list[Cell]:
    """Every exported cell in reading order, the appendix's last (or only those of the
    chapters numbered below `before`: what a chapter's set-up cell replays)."""
    if before is None:
        return [cell for notebook in notebooks(root) for cell in exported_cells(notebook, root)]
    return [
        cell
        for chapter in chapters(root)
        if chapter.number < before
        for cell in exported_cells(chapter, root)
    ]


def parse(cell: Cell) -> ast.Module:
    try:
        return ast.parse(cell.source)
    except SyntaxError as error:
        raise BookError(
            f"{cell.where}: syntax error on line {(error.lineno or 1) + 1} of the cell: {error.msg}"
        ) from None


def add_to_target(node: ast.stmt) -> tuple[str, ast.expr] | None:
    """For a function decorated with `@add_to(Value)`, ("Value", the decorator)."""
    for decorator in getattr(node, "decorator_list", []):
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Name)
            and decorator.func.id == "add_to"
            and len(decorator.args) == 1
            and isinstance(decorator.args[0], ast.Name)
        ):
            return decorator.args[0].id, decorator
    return None


def defined_name(node: ast.stmt) -> str | None:
    """The name a top-level statement defines, if it defines exactly one."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if len(targets) == 1 and isinstance(targets[0], ast.Name):
            return targets[0].id
    return None


def definitions(cells: list[Cell]) -> dict[str, Cell]:
    """For every class, function and method the cells export ("engine.Value",
    "engine.Value.tanh"), the last cell that defines it: the code the package
    shows is that cell's."""
    last: dict[str, Cell] = {}
    for cell in cells:
        for node in parse(cell).body:
            name = defined_name(node)
            target = add_to_target(node)
            qualname = f"{cell.module}.{name}"
            if target:
                last[f"{cell.module}.{target[0]}.{name}"] = cell
            elif isinstance(node, ast.FunctionDef):
                last[qualname] = cell
            elif isinstance(node, ast.ClassDef):  # a class defined again replaces the old one whole
                last = {key: c for key, c in last.items() if not key.startswith(f"{qualname}.")}
                last[qualname] = cell
                for member in node.body:
                    if isinstance(member, ast.FunctionDef):
                        last[f"{qualname}.{member.name}"] = cell
    return last


# What nbval replaces in stored and fresh outputs before it compares them
# (book/conftest.py gives these to nbval; tools/execute.py applies them to the
# outputs it stores, so the notebooks never hold them). Only what is truly
# volatile belongs here.
SANITIZE = {
    # A drawn graph's text form is "<graphviz.graphs.Digraph at 0x7f...>": the
    # address changes on every run, the picture (SVG) is what the reader sees.
    r"<graphviz\.graphs\.(Di)?[Gg]raph at 0x[0-9a-f]+>": "<graphviz.graphs.Digraph>",
}
