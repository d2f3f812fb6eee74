"""The example agenda against the model rule book, checked against its golden report.

Regenerate after an intended change with:

    MOTIONS_UPDATE_GOLDEN=1 pytest tests/conflicts/test_golden_agenda.py

and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conflict_support import invoke

from motions.conflicts import Code

AGENDA = Path("examples/agenda-2026")
GOLDEN = Path("tests/golden")


@pytest.fixture(autouse=True)
def _at_the_root(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Sources in the report are the paths as given: relative to the repository.
    monkeypatch.chdir(repo_root)


def _run(fmt: str) -> tuple[int, str]:
    files = sorted(str(p) for p in AGENDA.glob("*.motion"))
    args = [
        "check",
        "--decisions",
        str(AGENDA / "decisions.toml"),
        "--verbose",
        "--no-colour",
        "--format",
        fmt,
    ]
    result = invoke(args, files)
    return result.exit_code, result.output


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("json", "json")])
def test_golden(fmt: str, suffix: str) -> None:
    status, output = _run(fmt)
    assert status == 1
    golden = GOLDEN / f"agenda-2026.{suffix}"
    if os.environ.get("MOTIONS_UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


def test_the_agenda_shows_every_finding() -> None:
    data = json.loads(_run("json")[1])
    assert len(data["motions"]) >= 25
    assert {f["code"] for f in data["findings"]} == {c.value for c in Code}
    nec = [m["id"] for m in data["motions"] if m["nec"]]
    assert nec and any(m["package"] for m in data["motions"] if m["nec"])
    reasons = {(f["code"], f["falls"]["reason"]) for f in data["findings"] if f["falls"]}
    assert ("collision", "nec-first") in reasons  # an NEC amendment makes a CLP one fall
    assert ("falls", "deleted") in reasons  # a provision deleted under an edit
    assert ("collision", "card-vote-order") in reasons
    broken = [f for f in data["findings"] if f["code"] == "broken-reference"]
    assert any(c["motion"] is not None for f in broken for c in f["citations"])  # inserted text
    assert any(c["now"] is not None for f in broken for c in f["citations"])  # renumbered
    assert any(
        f["code"] == "three-year-rule" and f["decision"]["year"] == 2024 for f in data["findings"]
    )
    assert len(data["isolated"]) >= 5  # some motions interact with none
    assert data["carried"]["failed"] and data["summary"]["exit_status"] == 1
