"""The wheel carries grammar/ and rulebook/: install it in a fresh venv and run it elsewhere."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path, repo_root: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(repo_root)],
        check=True,
    )
    (wheel,) = dist.glob("motions-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run(
        [str(env_dir / "bin" / "motions"), "show", "C4.II.2.B.i"],
        cwd=outside, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "20 per cent of the Commons members" in result.stdout
    listing = subprocess.run(
        [str(python), "-c", "import motions.resources as r; print(r.data_dir('grammar'))"],
        cwd=outside, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "site-packages" in listing.stdout
