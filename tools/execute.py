"""Re-run notebooks in place, each in a fresh kernel, so their stored outputs are current.

    python tools/execute.py                             every notebook in _toc.yml
    python tools/execute.py book/02_value.ipynb         just these
    python tools/execute.py --from book/05_operations.ipynb   this one and every later one
    python tools/execute.py --timings ...               also store fresh outputs of timing cells

Each notebook runs once. A cell that raises stops the run with the error (and
nothing is stored); otherwise the notebook is stored, and every code cell whose
output differs from what was stored before is listed with a diff: what your
change did to the book, which `git diff` would show you buried in JSON.

Cell timings are dropped, so running this twice in a row changes no byte of any
notebook. The kernel's language_info (with the Python version) is kept as the
kernel wrote it, so JupyterLab finds nothing to change when it opens a chapter;
every solution's code cell is stored with its source hidden, so JupyterLab shows
it collapsed under its exercise (the website hides it in a dropdown anyway).

A cell that measures time starts with `# NBVAL_IGNORE_OUTPUT`; nbval does not
compare its output, and this tool keeps the stored measurement (from the last run
with --timings) so that re-running a chapter does not rewrite numbers that differ
on every run anyway.

run() is the one place that starts a kernel for a notebook: the tests and the
benchmarks call it too.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from layout import ROOT, SANITIZE, SOLUTION, notebooks, read


def run(notebook, folder: Path, *, allow_errors: bool = False, timeout: int = 1800):
    """Execute every cell of `notebook` in a fresh python3 kernel started in
    `folder` (as Jupyter does for a notebook stored there), streams coalesced as
    nbval sees them. Returns the notebook with its new outputs."""
    NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        coalesce_streams=True,
        # The book's one plot setting: matplotlib's inline backend stores each plot
        # as a 2x PNG ("retina") with its 1x size in the output's metadata, so the
        # website shows it sharp on high-density screens. Only the image changes:
        # the text form ("<Figure size 600x350 with 1 Axes>") that nbval compares
        # is the same, and the chapters set no dpi or format themselves.
        extra_arguments=["--InlineBackend.figure_formats=retina"],
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    return notebook


def sanitize(text: str) -> str:
    for pattern, replacement in SANITIZE.items():
        text = re.sub(pattern, replacement, text)
    return text


def normalise(notebook) -> None:
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and SOLUTION in cell.source:
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain")
            if text:
                output["data"]["text/plain"] = sanitize(text)


def is_timing(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith("# NBVAL_IGNORE_OUTPUT")


def shown(cell) -> list[str]:
    """The text a code cell shows (what nbval compares, images left out), as lines."""
    text = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            text.append(output.text)
        elif output.output_type == "error":
            text.append(f"{output.ename}: {output.evalue}\n")
        elif "text/plain" in output.get("data", {}):
            text.append(sanitize(output.data["text/plain"]) + "\n")
    return "".join(text).splitlines(keepends=True)


def changes(before, after) -> list[str]:
    """A diff for each code cell (same id) whose shown text differs."""
    old = {cell.id: cell for cell in before.cells if cell.cell_type == "code"}
    report = []
    for index, cell in enumerate(after.cells, start=1):
        if cell.cell_type != "code" or is_timing(cell):
            continue
        was = shown(old[cell.id]) if cell.id in old else []
        now = shown(cell)
        if was != now:
            diff = list(difflib.unified_diff(was, now, n=1))[2:]  # no file names
            report.append(f"cell {index}:\n" + "".join(d for d in diff if d[:2] != "@@"))
    return report


def execute(path: Path, timings: bool = False) -> list[str]:
    """Run the notebook at `path` once, store it, and return its changed cells."""
    notebook = read(path)
    before = read(path)
    measured = {
        cell.id: cell.outputs for cell in notebook.cells if is_timing(cell) and cell.outputs
    }
    run(notebook, path.parent)
    if not timings:
        for cell in notebook.cells:
            if is_timing(cell) and cell.id in measured:
                cell.outputs = measured[cell.id]
    normalise(notebook)
    nbformat.write(notebook, path)
    return changes(before, notebook)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    parser.add_argument("--from", dest="start", type=Path, help="this notebook and all after it")
    parser.add_argument("--timings", action="store_true", help="store fresh timing outputs")
    args = parser.parse_args(argv)
    every = [ROOT / n.path for n in notebooks()]
    paths = [path.resolve() for path in args.paths] or every
    if args.start:
        start = args.start.resolve()
        if start not in every:
            parser.error(f"{args.start} is not a notebook in _toc.yml")
        paths = every[every.index(start) :]
    for path in paths:
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        began = time.perf_counter()
        changed = execute(path, args.timings)
        took = time.perf_counter() - began
        verdict = f"{len(changed)} cells' output changed" if changed else "no output changed"
        print(f"execute: {name} ({took:.1f} s): {verdict}", flush=True)
        for report in changed:
            print("  " + report.rstrip("\n").replace("\n", "\n  "), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
