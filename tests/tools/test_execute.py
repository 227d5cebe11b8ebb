"""tools/execute.py: a notebook runs once, is stored byte-stable, and what changed is listed."""

import platform

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

import execute

TIMING = "# NBVAL_IGNORE_OUTPUT\nimport time\nprint(time.perf_counter_ns())"


def test_runs_store_stable_bytes_keep_the_timing_and_list_the_changed_cells(tmp_path):
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook = new_notebook(metadata={"kernelspec": kernel})
    notebook.cells = [
        new_code_cell("print(sum(range(10)))"),
        new_code_cell(TIMING),
        new_code_cell("### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION\nassert answer == 1"),
    ]
    path = tmp_path / "chapter.ipynb"
    nbformat.write(notebook, path)

    assert execute.execute(path) == ["cell 1:\n+45\n"]  # the timing cell is never listed
    first = path.read_bytes()
    assert execute.execute(path) == [] and path.read_bytes() == first
    stored = nbformat.read(path, as_version=4)
    assert stored.cells[1].execution_count == 2
    # what the kernel writes, so that JupyterLab finds nothing to change on opening
    assert stored.metadata.language_info.version == platform.python_version()
    assert stored.cells[2].metadata.jupyter.source_hidden  # a solution starts collapsed
    assert "jupyter" not in stored.cells[0].metadata

    stored.cells[0].source = "print(sum(range(11)))"
    nbformat.write(stored, path)
    assert execute.execute(path, timings=True) == ["cell 1:\n-45\n+55\n"]
    again = nbformat.read(path, as_version=4)
    assert again.cells[1].outputs != stored.cells[1].outputs  # --timings stores a new one
