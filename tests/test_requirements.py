"""The supported Pythons are stated once and every pin installs on each of them."""

import json
import os
import re
import socket
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import IN_CI

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
SUPPORTED = [
    c.rsplit(" :: ", 1)[1] for c in PROJECT["classifiers"] if c.startswith("Programming Language")
]


def test_pyproject_and_the_readme_state_the_same_pythons():
    assert PROJECT["requires-python"] == f">={SUPPORTED[0]}"
    assert f"Python {SUPPORTED[0]} to {SUPPORTED[-1]}" in (ROOT / "README.md").read_text()


def test_the_requirements_hold_exact_pins_without_version_markers():
    lines = [
        line
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+]+", line) for line in lines), lines


def index_unreachable() -> str | None:
    """Why pip's package index cannot be reached from here, or None if it can."""
    index = urlparse(os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple"))
    if not index.hostname:  # a local folder
        return None
    port = index.port or (80 if index.scheme == "http" else 443)
    try:
        socket.create_connection((index.hostname, port), timeout=5).close()
    except OSError as error:
        return f"{index.hostname}:{port} is unreachable ({error})"
    return None


@pytest.fixture(scope="module")
def network():
    """Skip, saying why, where there is no network; under CI=true, fail instead."""
    problem = index_unreachable()
    if problem:
        message = f"resolving the pins needs the package index: {problem}"
        if IN_CI:
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)


@pytest.mark.slow
@pytest.mark.parametrize("python", SUPPORTED)
def test_every_pin_resolves_for_each_supported_python(python, tmp_path, network):
    """pip resolves the whole file for that Python from wheels' metadata alone (nothing is
    installed or, where the index serves metadata files, downloaded)."""
    report = tmp_path / "report.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--quiet",
            "--ignore-installed",
            "--disable-pip-version-check",
            "--python-version",
            python,
            "--only-binary=:all:",
            "--target",
            str(tmp_path / "target"),
            "--report",
            str(report),
            "-r",
            str(ROOT / "requirements.txt"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    installed = {
        item["metadata"]["name"].lower(): item["metadata"]["version"]
        for item in json.loads(report.read_text())["install"]
    }
    assert installed["torch"].split("+")[0] == "2.13.0"
