"""The committed sample sheets are what `make.py` makes today from the example as shipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from brief_support import need_tool, weasyprint_available

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
    assert run.stdout == ""  # the summary is on stderr (docs/briefing.md)
    assert "wrote 1,2" in run.stderr and "missing" not in run.stderr
    sheets = [p for p in out.iterdir() if p.name != "index.html"]
    assert len(sheets) > 1200 and (out / "index.html").is_file()


@pytest.mark.slow
def test_the_examples_pdf_card_is_one_page_with_every_vote_and_ballot(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    need_tool(weasyprint_available(), "WeasyPrint (pip install weasyprint)")
    sys.path.insert(0, str(SAMPLES))
    try:
        import make
    finally:
        sys.path.remove(str(SAMPLES))
    book = make.build_book(tmp_path)  # with the schedule: three sessions and three ballots
    run = subprocess.run(
        [sys.executable, "-m", "motions", "brief", "--book", str(book), "--agenda",
         str(make.AGENDA), "--whip", "Forward", "--format", "pdf", "--delegate", "D0212",
         "-o", str(tmp_path / "out"), "-q"],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "MOTIONS_CACHE_DIR": ""},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    pages = pypdf.PdfReader(tmp_path / "out" / "sian-nowak.pdf").pages
    card = " ".join(pages[0].extract_text().split())
    assert f"page 1 of {len(pages)}" in card and "Sian Nowak" in card
    last = " ".join(pages[-1].extract_text().split())
    assert f"page {len(pages)} of {len(pages)}" in last and "card votes in detail" in last
    for number in range(1, 28):
        assert f"CV {number} " in card, number
    for ballot in ("Priorities ballot", "National Constitutional Committee", "Conference Arr"):
        assert ballot in card
    assert "the card votes in detail" in " ".join(pages[1].extract_text().split())
