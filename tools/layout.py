"""What the book is made of: its table of contents, its notebooks and their cells.

Every tool reads the book through this module: tools/tangle.py (the package),
tools/chapter_start.py (a chapter's set-up cell), tools/execute.py,
tools/student.py, the Sphinx extensions in _ext/ and the tests. Its two rules
are written here once: which cell's definition the package shows (fold) and
which definitions name their chapter (credits).

_toc.yml is the reading order. A page in a numbered part is a chapter and counts
towards the numbering whether it is a notebook or not; a notebook in another part
(the appendix) is not numbered and starts where the last chapter ended.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"#\|\s*export:\s*(.*?)\s*$")
TARGET = re.compile(r"micrograd/([A-Za-z_][A-Za-z0-9_]*)\.py")
SETUP = "# Set-up: "
SOLUTION = "### BEGIN SOLUTION"  # nbgrader's marker: the solution's code follows


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


# --- which cell's definition wins ---------------------------------------------
# Chapters are read in _toc.yml order, so a later chapter can change what an
# earlier one wrote: a top-level function or class defined again replaces the
# earlier one in place (a class whole); a function decorated with
# `@add_to(SomeClass)` becomes a method of that class, replacing a method of the
# same name in place. fold() is that rule; the tangler writes the package from
# it, and the API reference and the tests read it.


@dataclass
class Item:
    """One top-level definition, or one method of a class."""

    source: str  # dedented source text (for a method: without @add_to)
    chapter: Notebook  # the chapter whose code this is
    members: dict[str, Item] = field(default_factory=dict)  # for classes
    header: str = ""  # for classes: the `class` line(s) and docstring
    kind: str = "def"  # "def", "class" or "name" (an assignment)


@dataclass
class Module:
    name: str
    imports: list[str] = field(default_factory=list)  # each import statement's text
    items: dict[str, Item] = field(default_factory=dict)


def statements(cell: Cell) -> list[tuple[ast.stmt, str, int]]:
    """Each top-level statement of a cell with its source text (including decorators
    and the comment lines directly above it) and the text's first line."""
    lines = cell.source.splitlines()
    result = []
    for node in parse(cell).body:
        decorators = getattr(node, "decorator_list", [])
        start = min([node.lineno] + [d.lineno for d in decorators]) - 1
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        text = textwrap.dedent("\n".join(lines[start : node.end_lineno]))
        result.append((node, text, start + 1))
    return result


def split_class(text: str, cell: Cell) -> Item:
    """A class as a header (class line and docstring) plus named members."""
    node = ast.parse(text).body[0]
    lines = text.splitlines()
    if ast.get_docstring(node, clean=False) is not None:
        header_end = node.body[0].end_lineno
    else:  # just the `class` line(s); comments above the first member stay with it
        header_end = node.body[0].lineno - 1
        while lines[header_end - 1].lstrip().startswith("#"):
            header_end -= 1
    header = "\n".join(lines[:header_end]).rstrip()
    item = Item(text, cell.chapter, header=header, kind="class")
    body = textwrap.dedent("\n".join(lines[header_end:]))
    for member, member_text, _ in statements(Cell(cell.chapter, cell.index, cell.module, body)):
        name = defined_name(member) or f"<statement {len(item.members)}>"
        kind = "def" if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef) else "name"
        item.members[name] = Item(member_text, cell.chapter, kind=kind)
    return item


def fold(cells: list[Cell]) -> dict[str, Module]:
    """Fold the exported cells, in order, into modules: what the package holds."""
    modules: dict[str, Module] = {}
    for cell in cells:
        module = modules.setdefault(cell.module, Module(cell.module))
        for node, text, first in statements(cell):
            if isinstance(node, ast.Import | ast.ImportFrom):
                module.imports.append(text)
                continue
            name = defined_name(node)
            if name is None:
                raise BookError(
                    f"{cell.where}: only imports, definitions and assignments to a name "
                    f"can be exported, not {text.splitlines()[0]!r}"
                )
            target = add_to_target(node)
            if target:
                class_name, decorator = target
                owner = module.items.get(class_name)
                if owner is None or owner.kind != "class":
                    raise BookError(
                        f"{cell.where}: @add_to({class_name}) needs class {class_name} "
                        f"exported to micrograd/{cell.module}.py by an earlier cell"
                    )
                drop = range(decorator.lineno - first, decorator.end_lineno - first + 1)
                lines = [line for i, line in enumerate(text.splitlines()) if i not in drop]
                owner.members[name] = Item("\n".join(lines), cell.chapter)
            elif isinstance(node, ast.ClassDef):
                module.items[name] = split_class(text, cell)
            else:
                kind = "def" if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else "name"
                module.items[name] = Item(text, cell.chapter, kind=kind)
    return modules


def credits(modules: dict[str, Module]) -> dict[str, Notebook]:
    """The provenance rule: for each class and function ("engine.Value") and each
    method ("engine.Value.tanh") of the package, the chapter to credit it to. A
    method is credited only when its chapter differs from its class's."""
    found = {}
    for module in modules.values():
        for name, item in module.items.items():
            if item.kind == "name":
                continue
            found[f"{module.name}.{name}"] = item.chapter
            for member_name, member in item.members.items():
                if member.kind == "def" and member.chapter != item.chapter:
                    found[f"{module.name}.{name}.{member_name}"] = member.chapter
    return found


def names(modules: dict[str, Module]) -> list[str]:
    """Every class, function, method and module-level name the package defines
    ("Value", "Value.tanh", "PROBLEM")."""
    return [
        qualname
        for module in modules.values()
        for name, item in module.items.items()
        for qualname in [name] + [f"{name}.{m}" for m, i in item.members.items() if i.kind == "def"]
    ]


# What nbval replaces in stored and fresh outputs before it compares them
# (book/conftest.py gives these to nbval; tools/execute.py applies them to the
# outputs it stores, so the notebooks never hold them). Only what is truly
# volatile belongs here.
SANITIZE = {
    # A drawn graph's text form is "<graphviz.graphs.Digraph at 0x7f...>": the
    # address changes on every run, the picture (SVG) is what the reader sees.
    r"<graphviz\.graphs\.(Di)?[Gg]raph at 0x[0-9a-f]+>": "<graphviz.graphs.Digraph>",
}
