"""End-to-end runs of `motions show`, `outline` and `refs`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from motions.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_show_prints_address_headings_and_text() -> None:
    code, out, _ = run("show", "C4.II.2.B.i")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Chapter 4, Clause II, rule 2.B.i"
    assert "Clause II. Election of leader and deputy leader" in out
    assert "i. at least 20 per cent of the Commons members" in out


def test_show_accepts_every_style_and_formats() -> None:
    _, long_form, _ = run("show", "Chapter 4, Clause II, rule 2.B.i")
    _, compact, _ = run("show", "C4.II.2.B.i")
    assert long_form == compact
    code, out, _ = run("show", "C4.II.2.B", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["provision"]["address"]["compact"] == "C4.II.2.B"
    assert [c["label"] for c in data["provision"]["children"]] == ["i", "ii", "iii"]
    code, out, _ = run("show", "C4.II.2.B", "--format", "md")
    assert out.startswith("## Chapter 4, Clause II, rule 2.B")


def test_outline_depths() -> None:
    code, out, _ = run("outline", "--depth", "1")
    assert code == 0 and "Chapter 9 (A)" in out and "Clause" not in out
    _, out, _ = run("outline")
    assert "  Clause VIII. The National Executive Committee" in out
    _, out, _ = run("outline", "--format", "json", "--depth", "2")
    assert json.loads(out)["children"][0]["children"][0]["address"]["compact"] == "C1.I"


def test_refs_lists_both_directions() -> None:
    code, out, _ = run("refs", "C3.III.2.H")
    assert code == 0
    assert "'sub-rules A to G above' → C3.III.2.A" in out
    assert "Cited by (1):" in out and "C7.V.3.A.v" in out
    _, out, _ = run("refs", "C3.III.2.H", "--format", "json")
    assert json.loads(out)["cited_by"][0]["from"] == "C7.V.3.A.v"


def test_bad_input_exits_2_with_one_clear_message(tmp_path: Path) -> None:
    code, out, err = run("show", "C4.II.9")
    assert code == 2 and out == ""
    assert "has no Chapter 4, Clause II, rule 9" in err and "nearest existing" in err
    assert "Traceback" not in err
    code, _, err = run("show", "Chapter 4, Clause II, rule 2.B.!")
    assert code == 2 and "address-syntax" in err
    broken = tmp_path / "broken.txt"
    broken.write_text("Chapter 1 A\nClause I. B\n1. a\n3. c\n", encoding="utf-8")
    code, _, err = run("outline", "--rulebook", str(broken))
    assert code == 2 and f"{broken}:4:1: error[outline-skipped-label]" in err
    code, _, err = run("show", "C1", "--rulebook", str(tmp_path / "missing.txt"))
    assert code == 2 and "no such rule book" in err


def test_custom_rulebook(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    path.write_text("Title: Mine\n\nChapter 1 Only\nClause I. One\n1. Hello.\n", encoding="utf-8")
    code, out, _ = run("show", "C1.I.1", "--rulebook", str(path))
    assert code == 0 and "1. Hello." in out and "Mine" in out


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "motions", "show", "C4.II.2.B.i"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "20 per cent" in result.stdout
