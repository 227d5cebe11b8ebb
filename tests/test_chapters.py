"""Properties every chapter must have: it starts from what earlier chapters built,
its stored outputs are complete, and nbval really compares them."""

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import chapter_start
import layout

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = layout.notebooks()
CHAPTERS = layout.chapters()


def notebook(chapter):
    return json.loads((ROOT / chapter.path).read_text())


def code_cells(chapter):
    return [cell for cell in notebook(chapter)["cells"] if cell["cell_type"] == "code"]


def built_before(number: int = len(CHAPTERS) + 1) -> list[str]:
    """Names (Class.method for methods) that the chapters numbered below `number`
    export, as the package would hold them."""
    return layout.names(layout.fold(layout.all_cells(before=number)))


def lookup(namespace: dict, name: str):
    owner, _, attribute = name.partition(".")
    value = namespace.get(owner)
    return value if not attribute or value is None else vars(value).get(attribute)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.path.name)
def test_a_chapter_starts_with_exactly_what_earlier_chapters_built(chapter):
    namespace = {}
    chapter_start.replay(chapter.number, namespace)
    earlier = built_before(chapter.number)
    later = [name for name in built_before() if name not in earlier]
    assert [name for name in earlier if lookup(namespace, name) is None] == []
    assert [name for name in later if lookup(namespace, name) is not None] == []


@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda c: c.path.name)
def test_no_chapter_imports_the_finished_package(chapter):
    for cell in code_cells(chapter):
        assert not re.search(r"^\s*(from|import)\s+micrograd\b", "".join(cell["source"]), re.M)


@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda c: c.path.name)
def test_every_code_cell_is_stored_executed_in_order(chapter):
    counts = [cell["execution_count"] for cell in code_cells(chapter)]
    assert counts == list(range(1, len(counts) + 1)), "run make execute"
    for cell in code_cells(chapter):
        assert "execution" not in cell["metadata"]
    # stored as the kernel reports it, so JupyterLab finds nothing to change on opening
    assert "version" in notebook(chapter)["metadata"]["language_info"], "run make execute"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.path.name)
def test_every_chapter_ends_with_a_summary_and_three_exercises_with_solutions(chapter):
    cells = notebook(chapter)["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "## What we added to micrograd" in markdown
    labels = re.findall(r"^:::\{exercise\}\n:label: (\S+)$", markdown, re.M)
    assert len(labels) >= 3 and len(set(labels)) == len(labels)
    for label in labels:
        assert re.search(
            rf"^:::\{{solution(-start)?\}} {label}\n:class: dropdown$", markdown, re.M
        ), label


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.path.name)
def test_code_solutions_check_themselves_with_asserts(chapter):
    cells, inside = notebook(chapter)["cells"], None
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith(":::{solution-start}"):
            inside = []
        elif cell["cell_type"] == "markdown" and source.startswith(":::{solution-end}"):
            assert any("assert " in code for code in inside), (
                f"a solution in {chapter.path} has no assert"
            )
            inside = None
        elif inside is not None and cell["cell_type"] == "code":
            inside.append(source)


def names_a_check_takes_from_the_answer(code: str) -> set[str]:
    """The names that the checks after `### END SOLUTION` read and that the answer
    before it (or the lines above `### BEGIN SOLUTION`) defines at top level."""
    before, _, rest = code.partition("### BEGIN SOLUTION")
    answer, _, checks = rest.partition("### END SOLUTION")
    defined = set()
    for node in ast.parse(before + answer).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            defined.add(node.name)
        else:
            stored = (n for n in ast.walk(node) if isinstance(n, ast.Name))
            defined |= {n.id for n in stored if isinstance(n.ctx, ast.Store)}
    tree = ast.parse(checks)
    bound = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    bound |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return (read & defined) - bound


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.path.name)
def test_an_exercise_names_everything_its_checks_use(chapter):
    """An answer under other names than the checks expect would fail them: the
    exercise's text must name each one."""
    text, missing = None, []
    for cell in notebook(chapter)["cells"]:
        source = "".join(cell["source"])
        found = re.search(r":::\{exercise\}(.*?)\n:::", source, re.S)
        if cell["cell_type"] == "markdown" and found:
            text = found.group(1)
        elif cell["cell_type"] == "code" and "### BEGIN SOLUTION" in source and text:
            for name in sorted(names_a_check_takes_from_the_answer(source)):
                if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                    missing.append(f"{name!r} in the exercise '{text.strip()[:50]}...'")
    assert not missing, f"{chapter.path}: the checks use names the text never gives: {missing}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.path.name)
def test_exercise_labels_count_as_the_site_numbers_them(chapter):
    """The site numbers a chapter's exercises 1, 2, 3 ... in order, whatever their
    labels; labels that count the same way keep "exercise 2" in the text honest."""
    text = "".join("".join(cell["source"]) for cell in notebook(chapter)["cells"])
    labels = re.findall(r":::\{exercise\}\s*\n:label: (\S+)", text)
    expected = [f"ch{chapter.number:02d}-ex{k}" for k in range(1, len(labels) + 1)]
    assert labels == expected, f"{chapter.path}: exercise labels {labels}"


@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda c: c.path.name)
def test_a_cell_whose_output_is_not_compared_says_why(chapter):
    """`# NBVAL_IGNORE_OUTPUT` is for the tests; the comment under it is for the
    reader, who sees the code without the first line on the website."""
    silent = [
        i
        for i, cell in enumerate(notebook(chapter)["cells"])
        if cell["cell_type"] == "code"
        and "".join(cell["source"]).startswith("# NBVAL_IGNORE_OUTPUT\n")
        and not "".join(cell["source"]).split("\n")[1].startswith("#")
    ]
    assert not silent, f"{chapter.path}: cells {silent} ignore their output without saying why"


def nbval(path: Path) -> subprocess.CompletedProcess:
    """pytest on one notebook, with the project's settings (nbval's flags are in pyproject.toml)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-c", str(ROOT / "pyproject.toml"), str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
    )


@pytest.mark.slow
def test_nbval_fails_a_chapter_whose_stored_number_was_changed(tmp_path):
    shutil.copy(ROOT / "book" / "conftest.py", tmp_path)
    source = ROOT / CHAPTERS[0].path
    shutil.copy(source, tmp_path / "intact.ipynb")
    assert nbval(tmp_path / "intact.ipynb").returncode == 0
    changed = json.loads(source.read_text())
    for cell in changed["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", output.get("data", {}).get("text/plain", "")))
            match = re.search(r"\d\.\d{3,}", text)
            if match:
                digits = match.group(0)
                new = digits[:-1] + str((int(digits[-1]) + 1) % 10)
                key = "text" if "text" in output else "data"
                output[key] = json.loads(json.dumps(output[key]).replace(digits, new, 1))
                break
        else:
            continue
        break
    (tmp_path / "changed.ipynb").write_text(json.dumps(changed))
    result = nbval(tmp_path / "changed.ipynb")
    assert result.returncode == 1 and "1 failed" in result.stdout


def test_no_two_figures_in_the_book_share_a_name():
    """A figure's name is its link target ({numref}); the site build fails on a
    duplicate, so catch it here, in a second."""
    names = [
        cell["metadata"]["mystnb"]["figure"]["name"]
        for notebook in NOTEBOOKS
        for cell in code_cells(notebook)
        if "name" in cell["metadata"].get("mystnb", {}).get("figure", {})
    ]
    assert not {n for n in names if names.count(n) > 1}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.path.name)
def test_every_chapter_has_a_figure_and_every_figure_is_described(chapter):
    figures = [
        cell
        for cell in code_cells(chapter)
        if any(key.startswith("image/") for out in cell["outputs"] for key in out.get("data", {}))
    ]
    assert figures, "a chapter shows at least one plot or graph"
    for cell in figures:
        options = cell["metadata"].get("mystnb", {})
        assert options.get("image", {}).get("alt") or options.get("figure", {}).get("caption"), (
            "".join(cell["source"])[:60]
        )


def classes(source: str) -> dict[str, dict[str, list[str]]]:
    """Each class in `source`: its methods, each as the dumps of its body's
    statements, docstring left out."""
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            methods = {}
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    body = item.body
                    if (
                        body
                        and isinstance(body[0], ast.Expr)
                        and isinstance(body[0].value, ast.Constant)
                    ):
                        body = body[1:]
                    methods[item.name] = [ast.dump(statement) for statement in body]
            found[node.name] = methods
    return found


def is_subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(item in rest for item in short)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.path.name)
def test_a_short_listing_in_the_prose_is_the_exported_code_minus_lines(chapter):
    """A chapter may show a class in its prose without the checks its exported
    cell adds; every statement the listing shows must be in the exported code,
    in the same order, so the two cannot drift apart."""
    cells = notebook(chapter)["cells"]
    exported = {}
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and source.startswith("#| export"):
            exported.update(classes(source))
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for listing in re.findall(r"```python\n(.*?)```", "".join(cell["source"]), re.S):
            for name, methods in classes(listing).items():
                assert name in exported, f"{name} is listed but no export cell defines it"
                for method, body in methods.items():
                    assert is_subsequence(body, exported[name].get(method, [])), (
                        f"{name}.{method} as listed is not the exported code minus lines"
                    )
