"""The whip commands end to end: click's runner for most, real subprocesses for some."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from whip_support import EXAMPLE

from motions.cli import main


def run(*args: str, book: Path | None = None) -> Result:
    argv = list(args) + (["--book", str(book)] if book is not None else [])
    return CliRunner().invoke(main, argv, catch_exceptions=False)


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result.stdout


def fails(result: Result, *fragments: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    return result.stderr


def test_raw_counts_reproduce_card_vote_1() -> None:
    out = ok(
        run(
            "tally",
            "--clp-for",
            "342921",
            "--clp-against",
            "8723",
            "--aff-for",
            "1810113",
            "--aff-against",
            "4825",
            "--format",
            "json",
        )
    )
    result = json.loads(out)["result"]
    clp, aff = result["sections"]
    assert (clp["for_percent"], clp["against_percent"]) == (97.52, 2.48)
    assert (aff["for_percent"], aff["against_percent"]) == (99.73, 0.27)
    assert result["total_for_percent"] == 98.63
    assert result["outcome"] == "carried"


@pytest.mark.parametrize(
    ("clp", "aff", "total"),
    [
        ("47.14", "60.20", "53.67"),
        ("64.74", "82.53", "73.64"),
        ("61.88", "61.30", "61.59"),
        ("50.84", "61.40", "56.12"),
    ],
)
def test_published_percentages(clp: str, aff: str, total: str) -> None:
    out = ok(run("tally", "--clp-percent", clp, "--aff-percent", aff))
    assert "Total" in out and total in out
    assert "CARRIED" in out


def test_threshold_and_weights_options() -> None:
    two_thirds = ["--threshold", "two-thirds", "--format", "json"]
    carried = json.loads(
        ok(run("tally", "--clp-percent", "64.74", "--aff-percent", "82.53", *two_thirds))
    )["result"]
    assert (carried["total_for_percent"], carried["outcome"]) == (73.64, "carried")
    lost = json.loads(
        ok(run("tally", "--clp-percent", "50.84", "--aff-percent", "61.40", *two_thirds))
    )["result"]
    assert lost["outcome"] == "lost"
    weighted = json.loads(
        ok(
            run(
                "tally",
                "--clp-percent",
                "47.14",
                "--aff-percent",
                "60.20",
                "--weights",
                "60/40",
                "--format",
                "json",
            )
        )
    )["result"]
    assert weighted["total_for_percent"] == 52.36  # 0.6 * 47.14 + 0.4 * 60.20 = 52.364


def test_entitlement_command() -> None:
    assert "3 delegates (3 by membership); at least 1 woman\n" in ok(run("entitlement", "1000"))
    data = json.loads(
        ok(run("entitlement", "5000", "--women", "200", "--young", "30", "--format", "json"))
    )
    assert data["total"] == 8 and data["capped"]
    assert (
        json.loads(ok(run("entitlement", "750", "--first-band", "750", "--format", "json")))[
            "total"
        ]
        == 1
    )
    fails(run("entitlement", "100", "--women", "200"), "cannot exceed")


def test_whole_session_on_the_example(tmp_path: Path) -> None:
    book = tmp_path / "whip.sqlite"
    ok(run("whip", "init", "--faction", "Forward", book=book))
    fails(run("whip", "init", book=book), "already there")
    out = ok(
        run(
            "whip",
            "import",
            "--delegations",
            str(EXAMPLE / "delegations.csv"),
            "--delegates",
            str(EXAMPLE / "delegates.csv"),
            "--card-votes",
            str(EXAMPLE / "card-votes.toml"),
            "--mandates",
            str(EXAMPLE / "mandates.csv"),
            "--recommendations",
            str(EXAMPLE / "recommendations-forward.toml"),
            "--recommendations",
            str(EXAMPLE / "recommendations-grassroots.toml"),
            book=book,
        )
    )
    assert "1,300 delegates" in out and " card votes" in out and "card_votes" not in out
    ok(run("whip", "pledge", "--file", str(EXAMPLE / "pledges.csv"), book=book))
    out = ok(run("whip", "pledge", "D0001", "cv9", "against", "--confidence", "0.6", book=book))
    assert "D0001 against on CV9" in out
    ok(run("whip", "pledge", "D0001", "CV9", "for", book=book))
    out = ok(run("whip", "pledge", "D0001", "CV9", "--undo", book=book))
    assert "undid" in out
    history = json.loads(
        ok(run("whip", "history", "D0001", "--card-vote", "9", "--format", "json", book=book))
    )
    assert history["schema"] == "motions.whip/1" and history["command"] == "history"
    assert [e["kind"] for e in history["events"]] == ["pledge", "pledge", "undo"]
    assert "undo of" in ok(run("whip", "history", "D0001", book=book))
    ok(run("whip", "mandate", "CLP001", "CV9", "for", "--note", "GC vote", book=book))
    ok(run("whip", "recommend", "CV9", "oppose", "--reason", "Too soon.", book=book))
    sheet = json.loads(ok(run("whip", "show", "CV9", "--format", "json", book=book)))
    assert {"faction": "Forward", "line": "oppose", "reason": "Too soon."} in sheet[
        "recommendations"
    ]
    assert any(c["kind"] == "mandate-overrides-line" for c in sheet["clashes"]) or sheet["mandates"]
    assert "Forward" in ok(run("whip", "show", book=book))
    person = json.loads(
        ok(run("whip", "show", "--delegate", "d0001", "--format", "json", book=book))
    )
    assert person["id"] == "D0001"
    tally = json.loads(ok(run("tally", "CV1", "--format", "json", book=book)))
    assert tally["card_vote"]["label"] == "CV1"
    assert tally["probability"]["method"] == "monte-carlo"
    assert tally["probability"]["standard_error"] > 0
    assert tally["aim"]["position"] == "against"  # Forward opposes CV1
    assert set(tally["path"]) == {"count", "weight", "likely"}
    for path in tally["path"].values():
        if path["status"] == "found":
            assert path["proof"]["outcome"] == "lost"
    text = ok(run("tally", "CV1", "--undecided", "split", book=book))
    assert "proof (re-tally)" in text and "split half" in text
    summary = ok(run("tally", "--all", book=book))
    assert summary.count("\nCV") == 27
    all_json = json.loads(
        ok(
            run(
                "tally", "--all", "--probability", "--samples", "200", "--format", "json", book=book
            )
        )
    )
    assert len(all_json["card_votes"]) == 27
    assert all(r["probability"] is not None for r in all_json["card_votes"])
    exported = json.loads(ok(run("whip", "export", book=book)))
    assert len(exported["delegates"]) == 1300
    out = ok(run("whip", "export", "--format", "csv", "--out", str(tmp_path / "csv"), book=book))
    assert "pledges.csv" in out


def test_errors_are_one_message_and_status_2(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    fails(run("whip", "show", book=missing), "no whip book here", "hint:")
    book = tmp_path / "whip.sqlite"
    ok(run("whip", "init", book=book))
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,section,votes\nC1,Ashford,clp,many\nC2,Bram,club,5\n")
    err = fails(
        run("whip", "import", "--delegations", str(bad), book=book),
        f"{bad}:2:",
        f"{bad}:3:",
        "row 2, column 4 (votes)",
    )
    assert err.count("error[") == 2
    assert "0 delegations" not in ok(run("whip", "show", book=book))
    fails(
        run("whip", "import", "--delegations", str(tmp_path / "nope.csv"), book=book),
        "no such file",
    )
    fails(run("whip", "import", book=book), "nothing to import")
    ok(
        run(
            "whip",
            "import",
            "--delegations",
            str(EXAMPLE / "delegations.csv"),
            "--delegates",
            str(EXAMPLE / "delegates.csv"),
            "--card-votes",
            str(EXAMPLE / "card-votes.toml"),
            book=book,
        )
    )
    fails(run("whip", "pledge", "Bea Quinm", "CV1", "for", book=book), "did you mean 'Bea Quinn'")
    fails(run("whip", "pledge", "Bea Quinn", "CV99", "for", book=book), "no card vote CV99")
    fails(run("whip", "pledge", "Bea Quinn", "CV1", "maybe", book=book), "not a position")
    fails(
        run("whip", "pledge", "Bea Quinn", "CV1", "for", "--confidence", "3", book=book),
        "between 0 and 1",
    )
    fails(run("tally", "CV1", "--clp-for", "3", book=book), "not both")
    fails(run("tally", "--clp-for", "3"), "all four raw counts")
    fails(run("tally", book=book), "one card vote, or --all")
    fails(run("tally", "CV1", "--weights", "fifty", book=book), "section weights")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00" * 4096)
    fails(run("whip", "show", book=junk), "not a whip book")


def test_book_from_the_environment(tmp_path: Path) -> None:
    book = tmp_path / "env.sqlite"
    runner = CliRunner(env={"MOTIONS_WHIP_BOOK": str(book)})
    assert runner.invoke(main, ["whip", "init"]).exit_code == 0
    assert book.exists()


def _motions(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "motions", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_real_subprocess_runs(tmp_path: Path) -> None:
    done = _motions(
        "tally",
        "--clp-percent",
        "47.14",
        "--aff-percent",
        "60.20",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["total_for_percent"] == 53.67
    env = {"MOTIONS_WHIP_BOOK": str(tmp_path / "sub.sqlite")}
    assert _motions("whip", "init", "--faction", "Forward", cwd=tmp_path, env=env).returncode == 0
    done = _motions(
        "whip",
        "import",
        "--delegations",
        str(EXAMPLE / "delegations.csv"),
        "--delegates",
        str(EXAMPLE / "delegates.csv"),
        "--card-votes",
        str(EXAMPLE / "card-votes.toml"),
        "--pledges",
        str(EXAMPLE / "pledges.csv"),
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    done = _motions("tally", "CV2", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert "Chance it is carried" in done.stdout
    bad = _motions("whip", "pledge", "Nobody At All", "CV1", "for", cwd=tmp_path, env=env)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert bad.stderr.startswith("error[whip.unknown-delegate]")
