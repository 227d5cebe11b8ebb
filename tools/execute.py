"""Re-run notebooks in place, each in a fresh kernel, so their stored outputs are current.

    python tools/execute.py                      every notebook in _toc.yml
    python tools/execute.py book/02_value.ipynb  just these
    python tools/execute.py --timings ...        also store fresh outputs of timing cells

Volatile metadata (cell timings, the Python patch version) is dropped, so running
this twice in a row changes no byte of any notebook. A cell that measures time
starts with `# NBVAL_IGNORE_OUTPUT`; nbval does not compare its output, and this
tool keeps the stored measurement (from the last run with --timings) so that
re-running a chapter does not rewrite numbers that differ on every run anyway.
"""

import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from book import ROOT, SANITIZE, notebooks, read


def normalise(notebook) -> None:
    notebook.metadata.get("language_info", {}).pop("version", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain")
            if text:
                for pattern, replacement in SANITIZE.items():
                    text = re.sub(pattern, replacement, text)
                output["data"]["text/plain"] = text


def is_timing(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith("# NBVAL_IGNORE_OUTPUT")


def execute(path: Path, timings: bool = False) -> None:
    notebook = read(path)
    measured = {
        cell.id: cell.outputs for cell in notebook.cells if is_timing(cell) and cell.outputs
    }
    client = NotebookClient(
        notebook,
        timeout=1800,
        kernel_name="python3",
        coalesce_streams=True,
        # The book's one plot setting: matplotlib's inline backend stores each plot
        # as a 2x PNG ("retina") with its 1x size in the output's metadata, so the
        # website shows it sharp on high-density screens. Only the image changes:
        # the text form ("<Figure size 600x350 with 1 Axes>") that nbval compares
        # is the same, and the chapters set no dpi or format themselves.
        extra_arguments=["--InlineBackend.figure_formats=retina"],
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    if not timings:
        for cell in notebook.cells:
            if is_timing(cell) and cell.id in measured:
                cell.outputs = measured[cell.id]
    normalise(notebook)
    nbformat.write(notebook, path)


def main(argv: list[str]) -> int:
    timings = "--timings" in argv
    paths = [Path(arg).resolve() for arg in argv if arg != "--timings"] or [
        ROOT / n.path for n in notebooks()
    ]
    for path in paths:
        print(
            f"execute: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", flush=True
        )
        execute(path, timings)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
