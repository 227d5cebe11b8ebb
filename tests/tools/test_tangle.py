"""tools/tangle.py on small books made in a temporary folder."""

import json

import pytest

import layout
import tangle
from smallbook import VALUE, make_book, run


def test_cells_are_exported_in_toc_order_and_unmarked_cells_stay_in_the_book(tmp_path):
    root = make_book(
        tmp_path,
        [
            "#| export: micrograd/util.py\ndef first():\n    return 1\n",
            "print('stays in the book')\n",
        ],
        ["#| export: micrograd/util.py\ndef second():\n    return 2\n"],
    )
    assert run(root).returncode == 0
    text = (root / "micrograd" / "util.py").read_text()
    assert text.index("def first") < text.index("def second")
    assert "stays in the book" not in text
    assert "# Built in chapter 1, Topic 1.\ndef first():\n" in text
    assert "# Built in chapter 2, Topic 2.\ndef second():\n" in text
    assert text.startswith(tangle.HEADER)
    assert "#   chapter 1, Topic 1 (book/01_chapter.ipynb)" in text


def engine_after(tmp_path, method: str) -> str:
    """micrograd/engine.py of a book whose chapter 2 adds `method` to chapter 1's Value."""
    root = make_book(
        tmp_path, [VALUE], [f"#| export: micrograd/engine.py\n@add_to(Value)\n{method}"]
    )
    assert run(root).returncode == 0
    return (root / "micrograd" / "engine.py").read_text()


def test_a_later_method_is_merged_into_its_class(tmp_path):
    text = engine_after(tmp_path, "def triple(self):\n    return 3 * self.data\n")
    assert "add_to" not in text
    assert (
        "    # Built in chapter 2, Topic 2.\n    def triple(self):\n"
        "        return 3 * self.data\n" in text
    )
    # from its class's chapter: the class's comment covers it
    assert "        self.data = data\n\n    def double(self):\n" in text
    assert "# Built in chapter 1, Topic 1.\nclass Value:\n" in text
    namespace = {}
    exec(text, namespace)
    assert namespace["Value"](5).triple() == 15
    assert namespace["Value"].__doc__ == "A number."


def test_a_redefined_method_replaces_the_earlier_one_in_place(tmp_path):
    text = engine_after(tmp_path, "def __init__(self, data):\n    self.data = float(data)\n")
    assert text.count("def __init__") == 1
    assert text.index("self.data = float(data)") < text.index("def double")
    namespace = {}
    exec(text, namespace)
    assert namespace["Value"](2).data == 2.0 and isinstance(namespace["Value"](2).data, float)


def test_a_redefined_function_replaces_the_earlier_one_in_place(tmp_path):
    root = make_book(
        tmp_path,
        ["#| export: micrograd/util.py\ndef f():\n    return 1\n\n\ndef g():\n    return f()\n"],
        ["#| export: micrograd/util.py\ndef f():\n    return 2\n"],
    )
    assert run(root).returncode == 0
    text = (root / "micrograd" / "util.py").read_text()
    assert text.count("def f") == 1 and text.index("def f") < text.index("def g")
    assert "# Built in chapter 2, Topic 2.\ndef f():\n    return 2\n" in text
    assert "# Built in chapter 1, Topic 1.\ndef g():\n" in text  # which chapter 2 left alone


def test_imports_are_kept_once_and_sibling_modules_are_imported(tmp_path):
    root = make_book(
        tmp_path,
        [
            VALUE,
            "#| export: micrograd/nn.py\nimport random\n\n\ndef weight():\n"
            "    return Value(random.uniform(-1, 1))\n",
            "#| export: micrograd/nn.py\nimport random\n\n\ndef bias():\n    return Value(0.0)\n",
        ],
    )
    assert run(root).returncode == 0
    text = (root / "micrograd" / "nn.py").read_text()
    assert text.count("import random") == 1
    assert "from micrograd.engine import Value" in text


def test_imports_from_one_module_are_merged_and_ordered_as_isort_orders_them(tmp_path):
    cells = [
        "#| export: micrograd/util.py\nfrom math import tau\nimport random, json\n\n\n"
        "def f():\n    return tau, random, json\n",
        "#| export: micrograd/util.py\nimport yaml\nfrom math import pi, tau\n\n\n"
        "def g():\n    return pi, yaml\n",
    ]
    root = make_book(tmp_path, cells)
    assert run(root).returncode == 0
    text = (root / "micrograd" / "util.py").read_text()
    block = "import json\nimport random\nfrom math import pi, tau\n\nimport yaml\n\n\n"
    assert block in text


def test_check_passes_when_the_package_is_current(tmp_path):
    root = make_book(tmp_path, [VALUE])
    assert run(root).returncode == 0
    result = run(root, "--check")
    assert result.returncode == 0, result.stderr


def test_check_names_the_hand_edited_file_and_shows_a_diff(tmp_path):
    root = make_book(tmp_path, [VALUE])
    run(root)
    engine = root / "micrograd" / "engine.py"
    engine.write_text(engine.read_text().replace("2 * self.data", "3 * self.data"))
    result = run(root, "--check")
    assert result.returncode == 1
    assert "micrograd/engine.py differs from what the chapters produce" in result.stderr
    assert (
        "-        return 2 * self.data" in result.stderr
        and "+        return 3 * self.data" in result.stderr
    )


def test_check_reports_a_module_no_chapter_produces(tmp_path):
    root = make_book(tmp_path, [VALUE])
    run(root)
    (root / "micrograd" / "extra.py").write_text("x = 1\n")
    result = run(root, "--check")
    assert (
        result.returncode == 1
        and "micrograd/extra.py is not produced by any chapter" in result.stderr
    )


def refused(tmp_path, *chapters) -> str:
    """What tangle says when it refuses a book (exit 2), having written nothing."""
    root = make_book(tmp_path, *chapters)
    result = run(root)
    assert result.returncode == 2
    assert not (root / "micrograd").exists()
    return result.stderr


def test_a_syntax_error_names_the_notebook_and_cell_and_writes_nothing(tmp_path):
    message = refused(tmp_path, [VALUE, "#| export: micrograd/util.py\ndef broken(:\n    pass\n"])
    assert "book/01_chapter.ipynb, cell 3: syntax error on line 2" in message


def test_a_target_outside_the_package_names_the_notebook_and_cell_and_writes_nothing(tmp_path):
    root = make_book(tmp_path, [VALUE], ["#| export: tools/evil.py\nx = 1\n"])
    result = run(root)
    assert result.returncode == 2
    assert (
        "book/02_chapter.ipynb, cell 2: export target 'tools/evil.py' is not a module"
        in result.stderr
    )
    assert not (root / "micrograd").exists() and not (root / "tools").exists()


@pytest.mark.parametrize(
    "target", ["micrograd/../evil.py", "micrograd/sub/x.py", "micrograd/engine"]
)
def test_other_bad_targets_are_refused(tmp_path, target):
    root = make_book(tmp_path, [f"#| export: {target}\nx = 1\n"])
    assert run(root).returncode == 2


def test_statements_other_than_definitions_are_refused(tmp_path):
    root = make_book(tmp_path, ["#| export: micrograd/util.py\nprint('hello')\n"])
    result = run(root)
    assert result.returncode == 2 and "cell 2: only imports, definitions" in result.stderr


def test_add_to_an_unknown_class_is_refused(tmp_path):
    root = make_book(
        tmp_path, ["#| export: micrograd/engine.py\n@add_to(Value)\ndef f(self):\n    pass\n"]
    )
    result = run(root)
    assert result.returncode == 2 and "@add_to(Value) needs class Value" in result.stderr


def test_a_stale_generated_module_is_removed(tmp_path):
    root = make_book(tmp_path, [VALUE])
    run(root)
    (root / "micrograd" / "old.py").write_text(tangle.HEADER + "x = 1\n")
    run(root)
    assert not (root / "micrograd" / "old.py").exists()


def test_set_up_cells_follow_the_repository_url_in_config(tmp_path):
    root = make_book(
        tmp_path, [VALUE], [tangle.setup_cell(2, "https://example.org/old"), "x = 1\n"]
    )
    (root / "_config.yml").write_text("repository:\n  url: https://example.org/fork\n")
    result = run(root, "--check")
    assert (
        result.returncode == 1 and "book/02_chapter.ipynb: the set-up cell differs" in result.stderr
    )
    assert run(root).returncode == 0 and run(root, "--check").returncode == 0
    cell = json.loads((root / "book/02_chapter.ipynb").read_text())["cells"][1]
    assert "".join(cell["source"]) == tangle.setup_cell(2, "https://example.org/fork")


def test_a_sibling_function_that_is_really_called_is_imported(tmp_path):
    viz = "#| export: micrograd/viz.py\ndef trace(root):\n    return [root]\n"
    nn = "#| export: micrograd/nn.py\ndef steps(root):\n    return len(trace(root))\n"
    root = make_book(tmp_path, [viz, nn])
    assert run(root).returncode == 0
    assert "from micrograd.viz import trace" in (root / "micrograd" / "nn.py").read_text()


def test_a_missing_set_up_cell_is_written_after_the_title(tmp_path):
    root = make_book(tmp_path, [VALUE], ["x = 1\n"])
    assert run(root, "--check").returncode == 1
    assert run(root).returncode == 0 and run(root, "--check").returncode == 0
    cells = json.loads((root / "book/02_chapter.ipynb").read_text())["cells"]
    assert "".join(cells[1]["source"]) == tangle.setup_cell(2, "https://example.org/book")
    assert "".join(cells[2]["source"]) == "x = 1\n"


def tangled(tmp_path, cell: str) -> str:
    """micrograd/util.py of a book whose one chapter exports `cell`."""
    root = make_book(tmp_path, ["#| export: micrograd/util.py\n" + cell])
    assert run(root).returncode == 0
    return (root / "micrograd" / "util.py").read_text()


def test_a_docstring_closed_at_column_0_is_closed_at_its_indent(tmp_path):
    text = tangled(tmp_path, 'def f():\n    """One line,\n    and another.\n"""\n    return 1\n')
    assert '    and another.\n    """\n    return 1\n' in text


def test_blank_lines_after_a_docstring_or_in_a_row_go_but_not_inside_a_string(tmp_path):
    cell = (
        'def f():\n    """Doc."""\n\n\n    x = 1\n\n\n    text = """a\n\n\nb"""\n'
        "    return x, text\n"
    )
    text = tangled(tmp_path, cell)
    assert '    """Doc."""\n    x = 1\n\n    text = """a\n\n\nb"""\n' in text


def test_a_comment_credits_each_class_and_function_and_a_method_from_another_chapter(tmp_path):
    root = make_book(
        tmp_path,
        [VALUE, "#| export: micrograd/engine.py\nLIMIT = 3\n"],
        ["#| export: micrograd/engine.py\n@add_to(Value)\ndef triple(self):\n    return 3\n"],
    )
    assert run(root).returncode == 0
    first, second = layout.chapters(root)
    assert layout.credits(layout.fold(layout.all_cells(root))) == {
        "engine.Value": first,
        "engine.Value.triple": second,
    }
    text = (root / "micrograd" / "engine.py").read_text()
    assert text.count("# Built in ") == 2  # not LIMIT, not double (from Value's chapter)
    assert "# Built in chapter 1, Topic 1.\nclass Value:\n" in text
    assert "    # Built in chapter 2, Topic 2.\n    def triple(self):\n" in text


@pytest.mark.parametrize(
    "body",
    [
        "```css\n.a { color: red; }\n```\n",
        ":::{admonition} Under the hood: the style\n:class: dropdown\n\n"
        "```css\n.a { color: red; }\n```\n:::\n",
    ],
)
def test_an_asset_block_is_exported_bare_or_folded_in_a_dropdown(body):
    block = tangle.FENCED.fullmatch("\n" + body)
    assert block and block.group(2) == ".a { color: red; }"


def test_an_asset_cell_with_prose_beside_its_block_is_refused():
    body = "Some words.\n```css\n.a { color: red; }\n```\n"
    assert tangle.FENCED.fullmatch("\n" + body) is None
