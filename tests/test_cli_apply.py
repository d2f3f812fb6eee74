"""`motions apply` end to end: a motion whose stated result is not what it does is not carried,
every diagnostic is printed, `--strict` fails on warnings, and no unreadable edition is written."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from motions import Rulebook, load_rulebook, parse_rulebook
from motions.cli import drafting as drafting_cli
from motions.cli import main
from motions.drafting.apply import Amended
from motions.errors import MotionsError

CONTRADICTED = """Title: Lower the threshold
Chapter 4, Clause II, rule 2.B.i.
Delete '20 per cent' and insert '10 per cent'.
The amended rule will read: 'at least 12 per cent of the Commons members of the Parliamentary
Labour Party; and either'
"""

STALE = """Title: Lower the threshold
Chapter 4, Clause II, rule 2.B.i reads as follows: 'at least 15 per cent of the Commons members
of the Parliamentary Labour Party; and either'
Amendment
Delete '20 per cent' and insert '10 per cent'.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_stated_result_that_contradicts_the_operations_is_not_carried(tmp_path: Path) -> None:
    motion = write(tmp_path, "contradicted.motion", CONTRADICTED)
    output = tmp_path / "2027.txt"
    code, _, err = run("apply", motion, "-o", str(output))
    assert code == 1
    assert "carried 0 of 1 motions" in err
    assert "not carried: Lower the threshold" in err
    assert "will-read-mismatch" in err and "[-10-]{+12+}" in err
    edition = parse_rulebook(output.read_text(encoding="utf-8"))
    assert edition["C4.II.2.B.i"].text == load_rulebook()["C4.II.2.B.i"].text


def test_warnings_of_a_carried_motion_are_printed_and_strict_fails_on_them(
    tmp_path: Path,
) -> None:
    motion = write(tmp_path, "stale.motion", STALE)
    output = tmp_path / "2027.txt"
    code, _, err = run("apply", motion, "-o", str(output))
    assert code == 0
    assert "carried: Lower the threshold" in err and "reads-stale" in err
    assert "at least 10 per cent" in parse_rulebook(output.read_text())["C4.II.2.B.i"].text
    strict = tmp_path / "strict.txt"
    code, _, err = run("apply", motion, "-o", str(strict), "--strict")
    assert code == 1
    assert "not carried: Lower the threshold" in err and "reads-stale" in err
    assert "at least 20 per cent" in parse_rulebook(strict.read_text())["C4.II.2.B.i"].text


def _broken(book: Rulebook) -> Rulebook:
    """A book whose rendering reads back differently: a provision's text holds a new chapter."""
    top = book.children[0]
    return attrs.evolve(
        book, children=(attrs.evolve(top, text="Rules\n\nChapter 99 Smuggled"), *book.children[1:])
    )


def test_an_edition_that_would_not_read_back_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    motion = write(tmp_path, "stale.motion", STALE)
    real_apply = drafting_cli.apply

    def broken_apply(book: Rulebook, motion: object) -> Amended:
        amended = real_apply(book, motion)  # type: ignore[arg-type]
        return attrs.evolve(amended, rulebook=_broken(amended.rulebook))

    monkeypatch.setattr(drafting_cli, "apply", broken_apply)
    output = tmp_path / "2027.txt"
    code, _, err = run("apply", motion, "-o", str(output))
    assert code == 2
    assert "edition-unreadable" in err and "nothing was written" in err
    assert not output.exists()


def test_readable_edition_accepts_the_model_book() -> None:
    book = load_rulebook()
    assert parse_rulebook(drafting_cli.readable_edition(book)) == book
    with pytest.raises(MotionsError, match="edition-unreadable"):
        drafting_cli.readable_edition(_broken(book))


def test_a_deletion_without_renumbering_writes_an_edition_that_reads_back(
    tmp_path: Path,
) -> None:
    motion = write(tmp_path, "delete.motion", "Delete Chapter 3, Clause III, rule 2.G.\n")
    output = tmp_path / "2027.txt"
    code, _, err = run("apply", motion, "-o", str(output))
    assert code == 0
    assert "warning[renumbered]" in err and "reference-broken" in err
    edition = parse_rulebook(output.read_text(encoding="utf-8"))
    model = load_rulebook()
    assert edition["C3.III.2.G"].text == model["C3.III.2.H"].text
    code, _, err = run("apply", motion, "-o", str(tmp_path / "strict.txt"), "--strict")
    assert code == 1 and "not carried" in err
