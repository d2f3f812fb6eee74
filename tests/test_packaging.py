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


@pytest.mark.slow
def test_wheel_and_sdist_carry_licence_docs_and_schemas(tmp_path: Path, repo_root: Path) -> None:
    """Both distributions are built from the checkout: the sdist has what the README links to
    (docs/, LICENSE), the wheel has the licence, the JSON Schemas and the metadata PyPI shows."""
    import tarfile
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "build", "-q", "-o", str(tmp_path), str(repo_root)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("motions-*.whl")
    (sdist,) = tmp_path.glob("motions-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    for page in (repo_root / "docs").glob("*.md"):
        assert f"docs/{page.name}" in names
    assert {"LICENSE", "README.md", "pyproject.toml", "src/motions/__init__.py"} <= names
    with zipfile.ZipFile(wheel) as whl:
        wheel_names = set(whl.namelist())
        (metadata,) = (n for n in wheel_names if n.endswith(".dist-info/METADATA"))
        meta = whl.read(metadata).decode()
        licence = next(n for n in wheel_names if n.endswith("licenses/LICENSE"))
        assert "MIT License" in whl.read(licence).decode()
    schemas = {n for n in wheel_names if n.startswith("motions/schemas/") and n.endswith(".json")}
    shipped = {f"motions/schemas/{p.name}" for p in (repo_root / "src/motions/schemas").glob("*")}
    assert schemas and schemas == shipped
    assert "motions/grammar/motion.lark" in wheel_names
    assert "License-Expression: MIT" in meta
    assert "Classifier: Programming Language :: Python :: 3" in meta
    assert "Keywords: " in meta
    # The test extra names the import and pdf extras (hatchling spells them out in METADATA).
    for extra in ("import", "pdf"):
        needed = {
            line.split(";")[0] for line in meta.splitlines() if line.endswith(f"extra == '{extra}'")
        }
        assert needed and all(f"{r}; extra == 'test'" in meta for r in needed)
