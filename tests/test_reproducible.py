"""The stored outputs reproduce on any machine, not just on this one.

Every notebook is run again under nbval three times: with the C library's
transcendental functions (and so math.exp, math.tanh, float ** float, ...)
returning results one unit in the last place higher, then lower, than glibc's
(tests/reproducible/ulp_shim.c, loaded with LD_PRELOAD), each time with another
hash seed, time zone and locale too; and the notebooks that use PyTorch with its
plainest CPU kernels (ATEN_CPU_CAPABILITY=default). A cell whose output depends
on such last bits fails here, as it would on a reader's Mac or ARM laptop.

These runs need Linux (LD_PRELOAD) and a C compiler; elsewhere they skip.
`make check` leaves them out; `make test` runs them.
"""

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import layout
from conftest import IN_CI

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

TORCH = [str(n.path) for n in layout.notebooks() if "import torch" in (ROOT / n.path).read_text()]


@pytest.fixture(scope="module")
def shim(tmp_path_factory) -> Path:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if not sys.platform.startswith("linux") or compiler is None:
        problem = "needs Linux (LD_PRELOAD) and a C compiler"
        if IN_CI and sys.platform.startswith("linux"):
            pytest.fail(f"CI=true and this run {problem}")
        pytest.skip(problem)
    library = tmp_path_factory.mktemp("shim") / "ulp_shim.so"
    subprocess.run(
        [
            compiler,
            "-O2",
            "-shared",
            "-fPIC",
            "-o",
            str(library),
            str(ROOT / "tests" / "reproducible" / "ulp_shim.c"),
            "-ldl",
            "-lm",
        ],
        check=True,
    )
    return library


def run(code_or_notebooks, env: dict, cwd=ROOT) -> subprocess.CompletedProcess:
    """`python -c code`, or pytest (nbval) on notebooks, with extra environment variables."""
    args = (
        ["-c", code_or_notebooks]
        if isinstance(code_or_notebooks, str)
        else ["-m", "pytest", "-q", "-c", str(ROOT / "pyproject.toml"), *code_or_notebooks]
    )
    return subprocess.run(
        [sys.executable, *args], env={**os.environ, **env}, cwd=cwd, capture_output=True, text=True
    )


def summary(result: subprocess.CompletedProcess) -> str:
    """The failing cells, as nbval reports them, without the rest of pytest's output."""
    lines = result.stdout.splitlines()
    return "\n".join(
        line for line in lines if line.startswith(("FAILED", "ERROR")) or "cell" in line
    )[-6000:]


@pytest.mark.parametrize("direction, nudge", [("up", 1), ("down", -1)])
def test_the_shim_moves_inexact_results_one_ulp_and_leaves_exact_ones(shim, direction, nudge):
    code = (
        "import math; print(math.exp(1.0).hex(), math.tanh(0.5).hex(), (2.0 ** 0.5).hex(),"
        " (3.0 ** 2).hex(), math.exp(0.0).hex())"
    )
    plain = run(code, {}).stdout.split()
    moved = run(code, {"LD_PRELOAD": str(shim), "ULP_DIRECTION": direction}).stdout.split()
    ulps = [
        round((float.fromhex(b) - float.fromhex(a)) / math.ulp(float.fromhex(a)))
        for a, b in zip(plain, moved)
    ]
    assert ulps == [nudge, nudge, nudge, 0, 0]


def test_a_full_precision_tanh_in_a_compared_cell_is_caught(shim, tmp_path):
    cell = {
        "cell_type": "code",
        "id": "tanh",
        "metadata": {},
        "execution_count": 1,
        "source": "import math\nprint(math.tanh(0.5))",
        "outputs": [{"output_type": "stream", "name": "stdout", "text": f"{math.tanh(0.5)}\n"}],
    }
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}
    (tmp_path / "tanh.ipynb").write_text(json.dumps(notebook))
    assert run([str(tmp_path / "tanh.ipynb")], {}, cwd=tmp_path).returncode == 0
    result = run(
        [str(tmp_path / "tanh.ipynb")],
        {"LD_PRELOAD": str(shim), "ULP_DIRECTION": "up"},
        cwd=tmp_path,
    )
    assert result.returncode == 1 and "1 failed" in result.stdout


# Each run also changes what else differs between machines: the hash seed, the time
# zone and the locale.
ELSEWHERE = {
    "up": {"PYTHONHASHSEED": "1", "TZ": "Pacific/Chatham", "LC_ALL": "C"},
    "down": {"PYTHONHASHSEED": "2", "TZ": "America/St_Johns", "LC_ALL": "C.UTF-8"},
}


@pytest.mark.parametrize("direction", ["up", "down"])
def test_every_notebook_reproduces_with_another_c_librarys_last_bits(shim, direction):
    notebooks = [str(n.path) for n in layout.notebooks()]
    env = {"LD_PRELOAD": str(shim), "ULP_DIRECTION": direction, **ELSEWHERE[direction]}
    result = run(notebooks, env)
    assert result.returncode == 0, f"with libm's results one ulp {direction}:\n{summary(result)}"


@pytest.mark.skipif(not TORCH, reason="no notebook imports torch")
def test_every_torch_notebook_reproduces_with_the_plainest_cpu_kernels():
    result = run(TORCH, {"ATEN_CPU_CAPABILITY": "default"})
    assert result.returncode == 0, f"with ATEN_CPU_CAPABILITY=default:\n{summary(result)}"
