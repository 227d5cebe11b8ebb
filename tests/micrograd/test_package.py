"""The generated package: importable from anywhere, and documented module by module."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "micrograd").glob("*.py"))


def test_every_module_imports_from_any_folder(tmp_path):
    """Also: the sibling imports tangle writes do not go round in a circle."""
    names = [f"micrograd.{path.stem}" for path in MODULES if path.stem != "__init__"]
    code = f"import {', '.join(names)}; print(micrograd.engine.Value(2.0) * 3)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.stdout == "Value(data=6.0, grad=0.0)\n", result.stderr


def test_the_api_reference_covers_every_generated_module():
    documented = re.findall(
        r"^\.\. automodule:: (micrograd(?:\.\w+)?)$", (ROOT / "book" / "api.md").read_text(), re.M
    )
    generated = ["micrograd"] + [
        f"micrograd.{path.stem}" for path in MODULES if path.stem != "__init__"
    ]
    assert sorted(documented) == sorted(generated)
