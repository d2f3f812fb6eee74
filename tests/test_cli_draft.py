"""`motions draft` end to end: --to, --edit through $EDITOR, two editions, and refusals."""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import motions.drafting.draft as draft_module
from motions import Rulebook, load_rulebook, parse_motions, parse_rulebook, render_rulebook
from motions.cli import main
from motions.drafting.apply import Amended, apply

MODEL = load_rulebook()
THRESHOLD = MODEL["C4.II.2.B.i"].text
LOWER = THRESHOLD.replace("20 per cent", "10 per cent")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_draft_to_prints_a_motion_that_reads_back_and_applies() -> None:
    code, out, err = run(
        "draft", "Chapter 4, Clause II, rule 2.B.i", "--to", LOWER, "--title", "Lower it"
    )
    assert code == 0, err
    assert out.startswith("Title: Lower it\n\nChapter 4, Clause II, rule 2.B.i reads as follows:")
    assert "Delete ‘20 per cent’ and insert ‘10 per cent’." in out
    (motion,) = parse_motions(out)
    assert apply(MODEL, motion).rulebook["C4.II.2.B.i"].text == LOWER


def test_draft_style_union() -> None:
    code, out, _ = run("draft", "C4.II.2.B.i", "--to", LOWER, "--style", "union")
    assert code == 0 and "Replace ‘20 per cent’ with ‘10 per cent’." in out


def _editor(tmp_path: Path, old: str, new: str) -> dict[str, str]:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"p.write_text(p.read_text(encoding='utf-8').replace({old!r}, {new!r}), "
        "encoding='utf-8')\n",
        encoding="utf-8",
    )
    return {"EDITOR": f'"{sys.executable}" "{script}"', "VISUAL": ""}


def test_draft_edit_opens_the_provision_with_its_sub_provisions_in_the_editor(
    tmp_path: Path,
) -> None:
    env = _editor(tmp_path, "  iii. ", "  iii. where the NEC so decides, ")
    code, out, err = run("draft", "--edit", "C4.II.2.B", env=env)
    assert code == 0, err
    assert "Chapter 4, Clause II, rule 2.B.iii: at the start insert ‘where the NEC so" in out
    (motion,) = parse_motions(out)
    text = apply(MODEL, motion).rulebook["C4.II.2.B.iii"].text
    assert text.startswith("where the NEC so decides, ")


def test_draft_edit_without_a_change_is_our_error(tmp_path: Path) -> None:
    env = _editor(tmp_path, "no such words", "anything")
    code, out, err = run("draft", "--edit", "C4.II.2.B", env=env)
    assert code == 2 and out == ""
    assert "draft-unchanged" in err


def test_draft_two_editions_writes_an_agenda_and_a_package(tmp_path: Path) -> None:
    old = tmp_path / "2026.txt"
    new = tmp_path / "working.txt"
    old.write_text(render_rulebook(MODEL), encoding="utf-8")
    edited = render_rulebook(MODEL).replace(THRESHOLD, LOWER)
    edited = edited.replace(
        "shall deal with one subject only", "shall deal with a single subject only"
    )
    new.write_text(edited, encoding="utf-8")
    code, out, err = run("draft", str(old), str(new))
    assert code == 0, err
    agenda = parse_motions(out)
    assert len(agenda) == 2
    code, out, err = run("draft", str(old), str(new), "--package", "Tidying up")
    assert code == 0, err
    (package,) = parse_motions(out)
    assert package.header.package == "Tidying up"
    result = apply(MODEL, package).rulebook
    assert render_rulebook(result) == render_rulebook(parse_rulebook(edited))


def test_a_draft_that_does_not_do_the_edit_is_never_printed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def carried_nothing(book: Rulebook, motion: object) -> Amended:
        return attrs.evolve(apply(book, motion), rulebook=book)  # type: ignore[arg-type]

    monkeypatch.setattr(draft_module, "apply", carried_nothing)
    code, out, err = run("draft", "C4.II.2.B.i", "--to", LOWER)
    assert code == 2 and out == ""
    assert "draft-mismatch" in err and "[-20-]{+10+}" in err


def test_draft_an_absent_provision_or_no_text_is_our_error() -> None:
    code, _, err = run("draft", "C4.II.2.B.ix", "--to", "x")
    assert code == 2 and "C4.II.2.B.iii" in err
    code, _, err = run("draft", "C4.II.2.B.i")
    assert code == 2 and "--to TEXT or --edit" in err


def test_draft_warns_of_the_three_year_rule_with_a_decisions_file(tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.toml"
    decisions.write_text(
        'conference = 2026\nyears = 3\ngranularity = "clause"\n\n[[decision]]\nyear = 2024\n'
        'address = "Chapter 4, Clause II"\noutcome = "lost"\ntitle = "Nomination thresholds"\n',
        encoding="utf-8",
    )
    code, out, err = run("draft", "C4.II.2.B.i", "--to", LOWER, "--decisions", str(decisions))
    assert code == 0 and "Delete ‘20 per cent’ and insert ‘10 per cent’." in out
    assert "warning[three-year-rule]" in err and "2028" in err
    _, _, quiet = run("draft", "C4.II.2.B.i", "--to", LOWER)
    assert "three-year-rule" not in quiet
