"""Motion files read in worker processes give exactly what reading them here gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from motions.book.numbering import load_scheme
from motions.drafting import files
from motions.drafting.files import read_motion_files
from motions.errors import MotionError

ROOT = Path(__file__).resolve().parent.parent
GOOD = tuple(
    str(p)
    for p in sorted((ROOT / "examples").rglob("*.motion"))
    if not p.name.startswith(("broken-unclosed", "argument-with"))
)
BROKEN = tuple(str(p) for p in sorted((ROOT / "examples").rglob("broken-unclosed*.motion")))


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "PARALLEL_FROM", 2)
    monkeypatch.setattr(files, "BATCH", 3)


def _parses(paths: tuple[str, ...]) -> bool:
    try:
        read_motion_files(paths, workers=1)
    except MotionError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.usefixtures("small_batches")
def test_workers_give_the_same_motions_in_the_same_order() -> None:
    paths = tuple(p for p in GOOD if _parses((p,)))
    assert len(paths) > 20
    here = read_motion_files(paths, workers=1)
    there = read_motion_files(paths, workers=2)
    assert there == here
    assert [m.source for m in there] == [m.source for m in here]
    assert [m.span for m in there] == [m.span for m in here]
    # Schemes and levels compare by identity: they come back as the shipped objects.
    labour = load_scheme("labour")
    located = [m.location for m in there if m.location is not None]
    assert located and all(r.scheme is labour for loc in located for r in loc.readings)
    # Addresses cache their hash; one made in a worker must hash as one made here.
    here_readings = {r for m in here if m.location for r in m.location.readings}
    assert all(r in here_readings for loc in located for r in loc.readings)


@pytest.mark.slow
@pytest.mark.usefixtures("small_batches")
def test_workers_report_every_files_problems_together() -> None:
    paths = (*GOOD[:5], BROKEN[0], *GOOD[5:9], BROKEN[1], "no/such/file.motion")
    with pytest.raises(MotionError) as here:
        read_motion_files(paths, workers=1)
    with pytest.raises(MotionError) as there:
        read_motion_files(paths, workers=2)
    assert [d.format() for d in there.value.diagnostics] == [
        d.format() for d in here.value.diagnostics
    ]
    codes = [d.code for d in there.value.diagnostics]
    assert codes.count("unclosed-quote") == 2 and codes[-1] == "motion-unreadable"
