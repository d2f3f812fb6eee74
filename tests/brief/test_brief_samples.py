"""The committed sample sheets are what `make.py` makes today from the example as shipped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "conference-2026" / "briefings"


def test_the_committed_samples_are_current(tmp_path: Path) -> None:
    made = subprocess.run(
        [sys.executable, str(SAMPLES / "make.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    fresh = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".html", ".md"))
    assert fresh == committed and len(fresh) == 6
    stale = [
        name for name in fresh if (tmp_path / name).read_bytes() != (SAMPLES / name).read_bytes()
    ]
    assert not stale, f"regenerate with: python {SAMPLES / 'make.py'} --screenshot ({stale})"


def test_the_readme_command_works_on_the_example(tmp_path: Path) -> None:
    sys.path.insert(0, str(SAMPLES))
    try:
        import make  # the samples' own script builds the book as the README says
    finally:
        sys.path.remove(str(SAMPLES))
    book = make.build_book(tmp_path)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "motions", "brief", "--book", str(book), "--agenda",
         str(make.AGENDA), "--whip", "Forward", "-o", str(out)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "wrote 1,2" in run.stdout and "missing" not in run.stdout
    sheets = [p for p in out.iterdir() if p.name != "index.html"]
    assert len(sheets) > 1200 and (out / "index.html").is_file()
