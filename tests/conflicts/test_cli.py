"""`motions check` and `motions graph` end to end: output, files written, exit status."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conflict_support import invoke

from motions import parse_rulebook

CLEAN = {
    "a.motion": "Title: Faster hearings\nProposer: Kingsmere CLP\nCard vote: 2\n\n"
    "Chapter 6, Clause II, rule 2.A: delete '28 days' and insert '21 days'.\n",
    "b.motion": "Title: More motions\nProposer: Ferndale CLP\nCard vote: 14\n\n"
    "Chapter 3, Clause IV, rule 2.A: delete 'up to two motions' and insert "
    "'up to three motions'.\n",
}
CLASH = {
    "c.motion": "Title: Ten\nProposer: Lewisham Deptford CLP\nCard vote: 12\n\n"
    "Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '10 per cent'.\n",
    "d.motion": "Title: Fifteen\nProposer: NEC\nPackage: 2\nCard vote: 3\n\n"
    "Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '15 per cent'.\n",
}


def write(tmp_path: Path, files: dict[str, str]) -> list[str]:
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_clean_agenda_exits_0(tmp_path: Path) -> None:
    result = invoke(["check"], write(tmp_path, CLEAN))
    assert result.exit_code == 0, result.output
    assert "No conflicts (exit status 0)." in result.output
    assert "Interact with no other motion: CV 2 (Kingsmere), CV 14 (Ferndale)." in result.output


def test_conflicts_exit_1_in_text_and_json(tmp_path: Path) -> None:
    files = write(tmp_path, CLASH)
    result = invoke(["check"], files)
    assert result.exit_code == 1
    assert "CV 12 falls if CV 3 passes (NEC amendments are taken first)" in result.output
    data = json.loads(invoke(["check", "--format", "json"], files).output)
    assert data["schema"] == "motions.conflicts/1"
    assert data["summary"]["exit_status"] == 1
    [finding] = data["findings"]
    assert finding["falls"] == {"motion": 0, "if_carried": 1, "reason": "nec-first"}
    # Without NEC-first, CV 3 is still before CV 12 by card vote.
    loose = json.loads(invoke(["check", "--format", "json", "--no-nec-first"], files).output)
    assert loose["findings"][0]["falls"]["reason"] == "card-vote-order"
    # In agenda order the file given first goes first.
    agenda = json.loads(
        invoke(["check", "--format", "json", "--no-nec-first", "--order", "agenda"], files).output
    )
    assert agenda["findings"][0]["falls"] == {
        "motion": 1,
        "if_carried": 0,
        "reason": "agenda-order",
    }


def test_verbose_shows_compatible_pairs(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "e.motion": "Title: e\nProposer: Easthaven CLP\nCard vote: 7\n\n"
            "Chapter 3, Clause II, rule 3: "
            "delete 'scrutineers appointed' and insert 'independent scrutineers appointed'.\n",
            "f.motion": "Title: f\nProposer: Longridge CLP\nCard vote: 8\n\n"
            "Chapter 3, Clause II, rule 3: "
            "after 'the total vote' insert ', with the numbers cast'.\n",
        },
    )
    quiet = invoke(["check"], files)
    assert quiet.exit_code == 0 and "note compatible" not in quiet.output
    verbose = invoke(["check", "--verbose"], files)
    assert verbose.exit_code == 0 and "note compatible" in verbose.output
    assert (
        "C3.II.3 after both: Card votes shall be counted by independent scrutineers"
        in verbose.output
    )


def test_bad_input_exits_2(tmp_path: Path) -> None:
    broken = write(
        tmp_path,
        {"g.motion": "Title: g\nC4.II.2.B.i: delete 20 per cent and insert '10 per cent'.\n"},
    )
    result = invoke(["check"], broken)
    assert result.exit_code == 2 and "motion-syntax" in result.output
    assert invoke(["check", str(tmp_path / "missing.motion")]).exit_code == 2
    decisions = tmp_path / "decisions.toml"
    decisions.write_text(
        "[[decision]]\nyear = 2024\naddress = 'C3.III'\noutcome = 'won'\n", encoding="utf-8"
    )
    result = invoke(["check", "--decisions", str(decisions)], write(tmp_path, CLEAN))
    assert result.exit_code == 2 and "decision-outcome" in result.output


def test_decisions_and_settings_from_the_command_line(tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("year,address,outcome\n2022,C6.II.2,carried\n", encoding="utf-8")
    files = write(tmp_path, CLEAN)
    # The conference defaults to the book's edition, 2026: a 2022 decision bars 2023 to 2025.
    assert invoke(["check", "--decisions", str(decisions)], files).exit_code == 0
    barred = invoke(["check", "--decisions", str(decisions), "--conference", "2025"], files)
    assert barred.exit_code == 1 and "three-year-rule" in barred.output
    narrow = invoke(
        ["check", "--decisions", str(decisions), "--conference", "2025", "--granularity", "rule"],
        files,
    )
    assert narrow.exit_code == 1  # C6.II.2.A is in rule C6.II.2 too


def test_edition_is_written(tmp_path: Path) -> None:
    out = tmp_path / "edition.txt"
    result = invoke(["check", "--edition", str(out)], write(tmp_path, CLEAN))
    assert result.exit_code == 0
    book = parse_rulebook(out.read_text(encoding="utf-8"))
    assert book.edition == "2026 as amended"
    assert "21 days" in book["C6.II.2.A"].text and "up to three motions" in book["C3.IV.2.A"].text


@pytest.mark.parametrize("fmt", ["graphml", "dot", "json"])
def test_graph_formats(tmp_path: Path, fmt: str) -> None:
    files = write(tmp_path, CLASH)
    result = invoke(["graph", "--format", fmt], files)
    assert result.exit_code == 0, result.output
    text = result.output
    if fmt == "graphml":
        root = ET.fromstring(text)
        ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
        nodes = root.findall(".//g:node", ns)
        assert any(n.get("id") == "motion:0" for n in nodes)
        assert any(n.get("id") == "C4.II.2.B.i" for n in nodes)
    elif fmt == "json":
        data = json.loads(text)
        kinds = {link["kind"] for link in data["links"]}
        assert {"contains", "cites", "writes", "collision"} <= kinds
    else:
        assert text.startswith('digraph "Model Rule Book (2026)" {')
        assert '"motion:1" -> "C4.II.2.B.i"' in text and 'kind="writes"' in text


def test_graph_to_a_file_and_touched_only(tmp_path: Path) -> None:
    files = write(tmp_path, CLASH)
    out = tmp_path / "graph.json"
    result = invoke(["graph", "--format", "json", "--touched", "-o", str(out)], files)
    assert result.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    ids = {n["id"] for n in data["nodes"]}
    assert {"C4", "C4.II", "C4.II.2", "C4.II.2.B", "C4.II.2.B.i", "motion:0", "motion:1"} <= ids
    assert "C4.II.2.C" in ids  # it cites C4.II.2.B.i
    assert "C7.V.3.A.ix" not in ids  # it cites C4.II.2.B, which no motion touches
    assert "C1" not in ids


def test_the_edition_never_carries_a_motion_its_own_stated_result_contradicts(
    tmp_path: Path,
) -> None:
    """'The amended rule will read' is what conference votes on: a motion whose operations give
    another text is left out of the edition, and the check says so and fails."""
    contradicted = write(
        tmp_path,
        {
            "q.motion": (
                "Title: Smaller quorum\n"
                "Chapter 8, Clause IV, rule 3: for 'seven members' substitute 'five members'.\n"
                "The amended rule will read:\n"
                "'The quorum for a branch meeting shall be five members or one tenth of the "
                "membership of the branch, whichever is the greater.'\n"
            )
        },
    )
    edition = tmp_path / "edition.txt"
    result = invoke(["check", "--edition", str(edition)], contradicted)
    assert result.exit_code == 1
    assert "will read differently from what its operations produce" in result.output
    rule = parse_rulebook(edition.read_text(encoding="utf-8"))["C8.IV.3"].text
    assert "seven members" in rule and "five members" not in rule
