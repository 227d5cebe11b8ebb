"""The generated package: importable from anywhere, readable, and pointing back to its chapters."""

import ast
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

import book
from micrograd.engine import Value
from micrograd.gradcheck import numerical_derivative, numerical_gradient
from micrograd.viz import draw_dot, trace

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted((ROOT / "micrograd").glob("*.py"))


def test_micrograd_imports_from_any_folder(tmp_path):
    code = "from micrograd.engine import Value; print((Value(2.0) * Value(3.0)).data)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.stdout == "6.0\n", result.stderr


def chapter_of_each_definition() -> dict[str, str]:
    """For each class, function and method of the package ("engine.Value.tanh"), the
    credit line of the last chapter whose exported cells define it, found here by
    reading the cells' own syntax trees."""
    found = {}
    for chapter in book.notebooks():  # the chapters, then the appendix (micrograd/viz.py)
        for cell in book.exported_cells(chapter):
            for node in ast.parse(cell.source).body:
                credit = f"Built in {chapter.credit}."
                if isinstance(node, ast.ClassDef):
                    found = {
                        k: v
                        for k, v in found.items()
                        if not k.startswith(f"{cell.module}.{node.name}.")
                    }
                    found[f"{cell.module}.{node.name}"] = credit
                    for member in node.body:
                        if isinstance(member, ast.FunctionDef):
                            found[f"{cell.module}.{node.name}.{member.name}"] = credit
                elif isinstance(node, ast.FunctionDef):
                    decorator = next(
                        (
                            d
                            for d in node.decorator_list
                            if isinstance(d, ast.Call) and getattr(d.func, "id", None) == "add_to"
                        ),
                        None,
                    )
                    owner = f"{decorator.args[0].id}." if decorator else ""
                    found[f"{cell.module}.{owner}{node.name}"] = credit
    return found


def credit_lines(path: Path) -> dict[str, list[str]]:
    """For each definition in a generated module, its docstring's "Built in" lines."""
    lines = {}

    def visit(nodes, prefix):
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                doc = ast.get_docstring(node) or ""
                lines[prefix + node.name] = [
                    line for line in doc.splitlines() if line.startswith("Built in")
                ]
                if isinstance(node, ast.ClassDef):
                    visit(node.body, f"{prefix}{node.name}.")

    visit(ast.parse(path.read_text()).body, f"{path.stem}.")
    return lines


@pytest.mark.parametrize(
    "path", [p for p in MODULES if p.name != "__init__.py"], ids=lambda p: p.name
)
def test_each_definition_names_the_chapter_whose_code_it_shows(path):
    expected = chapter_of_each_definition()
    for name, lines in credit_lines(path).items():
        owner = name.rsplit(".", 1)[0]
        if name.count(".") == 2 and expected[name] == expected[owner]:
            assert lines == [], f"{name} is from its class's chapter and needs no line of its own"
        else:
            assert lines == [expected[name]], name


def test_numerical_derivative_uses_the_symmetric_difference():
    assert abs(numerical_derivative(lambda x: 3 * x**2 - 4 * x + 5, 3.0) - 14.0) < 1e-8
    assert abs(numerical_derivative(math.sin, 0.0) - 1.0) < 1e-9


def test_numerical_gradient_nudges_each_input_and_leaves_the_inputs_alone():
    inputs = [2.0, -3.0, 10.0]
    gradient = numerical_gradient(lambda a, b, c: a * b + c, inputs)
    assert [round(g, 6) for g in gradient] == [-3.0, 2.0, 1.0]
    assert inputs == [2.0, -3.0, 10.0]


def small_graph():
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    return d


def test_trace_lists_each_value_once_in_a_fixed_order():
    a = Value(2.0, label="a")
    s = a + a
    nodes, edges = trace(s)
    assert nodes == [s, a] and edges == [(a, s), (a, s)]
    assert [v.label for v in trace(small_graph())[0]] == ["d", "e", "a", "b", "c"]


def test_trace_handles_a_graph_deeper_than_the_recursion_limit():
    total = Value(0.0)
    for _ in range(20_000):
        total = total + Value(1.0)
    nodes, edges = trace(total)
    assert len(nodes) == 40_001 and len(edges) == 40_000


def test_draw_dot_is_the_same_on_every_run_and_left_to_right():
    graph = small_graph()
    first, second = draw_dot(graph).source, draw_dot(small_graph()).source
    assert first == second
    assert "rankdir=LR" in first and "bgcolor=white" in first
    assert "<tr><td>d</td></tr><tr><td>data 4.0</td></tr><tr><td>grad 0.0</td></tr>" in first
    assert "<tr><td>a</td></tr><tr><td>data 2.0</td></tr>" in first
    assert "v1_op -> v1" in first  # e's operation node feeds e
    assert not any(
        str(id(v)) in first for v in trace(graph)[0]
    )  # names by position, not by address
    assert "rankdir=TB" in draw_dot(graph, rankdir="TB").source
    bias = Value(6.8813735870195432, label="b")
    assert "data 6.881<" in draw_dot(bias).source


def test_the_api_reference_covers_every_generated_module():
    documented = re.findall(
        r"^\.\. automodule:: (micrograd(?:\.\w+)?)$", (ROOT / "book" / "api.md").read_text(), re.M
    )
    generated = ["micrograd"] + [
        f"micrograd.{path.stem}" for path in MODULES if path.stem != "__init__"
    ]
    assert sorted(documented) == sorted(generated)
