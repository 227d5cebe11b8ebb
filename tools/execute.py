"""Re-run chapters in place, each in a fresh kernel, so their stored outputs are current.

    python tools/execute.py                      every chapter in _toc.yml
    python tools/execute.py book/02_value.ipynb  just these

Volatile metadata (timings, the Python patch version) is dropped, so running
this twice in a row changes no byte of any notebook.
"""
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tangle import ROOT, chapters


# A drawn graph's text form carries a memory address; store it without one
# (tests/nbval_sanitize.cfg removes it from the fresh output before comparing).
GRAPHVIZ_REPR = re.compile(r"<graphviz\.graphs\.(Di)?[Gg]raph at 0x[0-9a-f]+>")


def normalise(notebook) -> None:
    notebook.metadata.get("language_info", {}).pop("version", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain")
            if text:
                output["data"]["text/plain"] = GRAPHVIZ_REPR.sub("<graphviz.graphs.Digraph>", text)


def execute(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=1800, kernel_name="python3",
                            coalesce_streams=True, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    normalise(notebook)
    nbformat.write(notebook, path)


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or [ROOT / c.path for c in chapters()]
    for path in paths:
        print(f"execute: {path.relative_to(ROOT)}", flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
