"""ruff and mypy --strict stay clean on src/ (the [dev] extra installs them)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_ruff_is_clean(repo_root: Path) -> None:
    if shutil.which("ruff") is None:
        pytest.fail("ruff is not installed: pip install -e '.[dev]'")
    result = subprocess.run(
        ["ruff", "check", "src", "tests", "bench"], cwd=repo_root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_is_clean(repo_root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "src/motions"],
        cwd=repo_root, capture_output=True, text=True,
    )  # fmt: skip
    if "No module named mypy" in result.stderr:
        pytest.fail("mypy is not installed: pip install -e '.[dev]'")
    assert result.returncode == 0, result.stdout + result.stderr
