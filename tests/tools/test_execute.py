"""tools/execute.py: re-running a notebook twice changes no byte."""

import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]


def execute(path: Path, *flags: str) -> bytes:
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "execute.py"), *flags, str(path)],
        check=True,
        capture_output=True,
    )
    return path.read_bytes()


def test_executing_twice_changes_no_byte_and_keeps_the_stored_timing(tmp_path):
    notebook = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    notebook.cells = [
        new_code_cell("print(sum(range(10)))"),
        new_code_cell(
            "# NBVAL_IGNORE_OUTPUT\n# Timings differ on every run.\n"
            "import time\nprint(time.perf_counter_ns())"
        ),
    ]
    path = tmp_path / "chapter.ipynb"
    nbformat.write(notebook, path)
    first = execute(path)
    assert execute(path) == first
    stored = nbformat.read(path, as_version=4)
    assert stored.cells[0].outputs[0].text == "45\n" and stored.cells[1].execution_count == 2
    assert "version" not in stored.metadata.language_info
    refreshed = execute(path, "--timings")
    assert refreshed != first
