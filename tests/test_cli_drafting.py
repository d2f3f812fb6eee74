"""End-to-end runs of `motions diff`, `motions apply` and `motions lint`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from motions import load_rulebook, parse_rulebook
from motions.cli import main

THRESHOLD = Path(__file__).parent.parent / "examples" / "motions" / "threshold.motion"


def run(*args: str, env: dict[str, str] | None = None, color: bool = False) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, color=color)
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_diff_shows_redline_and_will_read() -> None:
    code, out, _ = run("diff", str(THRESHOLD), "--no-colour")
    assert code == 0
    assert "i. at least [-20-]{+10+} per cent" in out
    assert "The amended rule will read:\n  i. at least 10 per cent" in out
    assert "✓ the quoted current text matches Model Rule Book (2026)" in out


def test_diff_colour_on_request_and_never_with_no_color() -> None:
    _, coloured, _ = run("diff", str(THRESHOLD), "--colour", color=True)
    assert "\x1b[31;9m20\x1b[0m" in coloured and "\x1b[32;4m10\x1b[0m" in coloured
    _, plain, _ = run("diff", str(THRESHOLD), env={"NO_COLOR": "1"}, color=True)
    assert "\x1b[" not in plain


@pytest.mark.parametrize(
    ("fmt", "needle"),
    [
        ("md", "~~20~~**10**"),
        ("html", "<del>20</del><ins>10</ins>"),
        ("unified", "+at least 10 per cent"),
    ],
)
def test_diff_formats(fmt: str, needle: str) -> None:
    code, out, _ = run("diff", str(THRESHOLD), "--format", fmt)
    assert code == 0 and needle in out


def test_diff_json_has_a_stable_shape() -> None:
    code, out, _ = run("diff", str(THRESHOLD), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["schema"] == "motions.redlines/1"
    (motion,) = data["motions"]
    assert motion["applied"] is True
    (change,) = motion["changes"]
    assert change["address"]["compact"] == "C4.II.2.B.i"
    assert {"kind": "delete", "text": "20"} in change["redline"]
    assert change["after"].startswith("at least 10 per cent")


def test_html_escapes_what_motions_say(tmp_path: Path) -> None:
    path = write(
        tmp_path, "x.motion", "C4.II.2.B.i: delete '20 per cent' and insert '<script>x</script>'"
    )
    _, out, _ = run("diff", path, "--format", "html")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_words_not_found_exits_1_with_a_located_suggestion(tmp_path: Path) -> None:
    path = write(
        tmp_path, "bad.motion", "C4.II.2.B.i: delete '15 per cent' and insert '10 per cent'"
    )
    code, out, _ = run("diff", path, "--no-colour")
    assert code == 1
    assert f"{path}:1:21: error[words-not-found]" in out
    assert "did you mean '20 per cent'?" in out


def test_unreadable_motion_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.motion", "C4.II.2.B.i: delete 'unclosed and insert")
    code, out, err = run("diff", path)
    assert code == 2 and out == ""
    assert f"{path}:1:21: error[unclosed-quote]" in err and "Traceback" not in err


def test_apply_writes_the_consolidated_edition(tmp_path: Path) -> None:
    renumber = write(
        tmp_path,
        "renumber.motion",
        "Chapter 4, Clause II.\nDelete rule 2.B.ii and renumber accordingly.",
    )
    broken = write(tmp_path, "broken.motion", "C4.II.2.B.i: delete 'nothing like this'")
    output = tmp_path / "2027.txt"
    code, _, err = run("apply", str(THRESHOLD), renumber, broken, "-o", str(output))
    assert code == 1
    assert "carried 2 of 3 motions" in err and "not applied" in err and "words-not-found" in err
    book = parse_rulebook(output.read_text(encoding="utf-8"))
    assert book.edition == "2026 as amended"
    assert book["C4.II.2.B.i"].text.startswith("at least 10 per cent")
    assert [c.label for c in book["C4.II.2.B"].children] == ["i", "ii"]
    assert len(book) == len(load_rulebook()) - 1


def test_lint_reports_cac_findings(tmp_path: Path) -> None:
    several = write(
        tmp_path,
        "several.motion",
        "C4.II.2.B.i: delete '20 per cent' and insert '10 per cent'.\n"
        "C3.I.3.A: delete 'six' and insert 'seven'.\n",
    )
    code, out, err = run("lint", several)
    assert code == 1 and "cac-several-subjects" in out and "1 finding(s)" in err
    code, _, _ = run("lint", str(THRESHOLD))
    assert code == 0
    code, out, _ = run("lint", several, "--format", "json")
    assert json.loads(out)["findings"][0]["code"] == "cac-several-subjects"


def test_diff_of_two_rule_books_is_an_edition_diff(tmp_path: Path) -> None:
    old = write(tmp_path, "old.txt", "Title: T\nEdition: 1\n\nChapter 1 A\nClause I. B\n1. one\n")
    new = write(tmp_path, "new.txt", "Title: T\nEdition: 2\n\nChapter 1 A\nClause I. B\n1. uno\n")
    code, out, _ = run("diff", old, new)
    assert code == 1 and "Chapter 1, Clause I, rule 1" in out


def test_real_process_runs_diff() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "motions", "diff", str(THRESHOLD)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "[-20-]{+10+}" in result.stdout  # not a terminal: no colour


def test_unwritable_output_exits_2_with_one_message(tmp_path: Path) -> None:
    code, _, err = run("apply", str(THRESHOLD), "-o", str(tmp_path / "no-such-dir" / "x.txt"))
    assert code == 2 and "error[io]" in err and "Traceback" not in err
