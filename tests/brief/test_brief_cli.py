"""`motions brief` end to end: outputs, --delegate, the progress bar, and bad input (exit 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from brief_support import run


@pytest.fixture
def inputs(small: tuple[Path, dict[str, Path]], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the small book and its agenda folder."""
    book = tmp_path / "whip.sqlite"
    shutil.copy(small[0], book)
    agenda = tmp_path / "agenda"
    shutil.copytree(small[1]["agenda"], agenda)
    return book, agenda


def brief(book: Path, agenda: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = run(
        "brief", "--book", str(book), "--agenda", str(agenda), "--whip", "Forward",
        "-o", str(out), *extra,
    )  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


def test_site_with_a_progress_bar_on_stderr(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    book, agenda = inputs
    code, out, err = brief(book, agenda, tmp_path / "out", "--format", "site")
    assert code == 0, err
    assert out.startswith("wrote 7 sheets and an index (site) to ")
    assert "Writing 7 site sheets" in err
    assert (tmp_path / "out" / "index.html").is_file()
    assert len(list((tmp_path / "out" / "delegates").glob("*.html"))) == 7
    assert len(list((tmp_path / "out" / "card-votes").glob("*.html"))) == 4


@pytest.mark.parametrize(("fmt", "suffix"), [("html", ".html"), ("md", ".md")])
def test_one_file_per_sheet_and_an_index(
    inputs: tuple[Path, Path], tmp_path: Path, fmt: str, suffix: str
) -> None:
    book, agenda = inputs
    code, _, err = brief(book, agenda, tmp_path / "out", "--format", fmt, "--whips-view")
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 8 and f"index{suffix}" in names
    assert all(n.endswith(suffix) for n in names)


def test_one_delegate_writes_one_sheet_and_no_index(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    book, agenda = inputs
    code, out, err = brief(book, agenda, tmp_path / "out", "--delegate", "dev patel")
    assert code == 0, err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["dev-patel.html"]
    assert out.strip().endswith("dev-patel.html")


def test_a_rule_book_can_be_named(
    inputs: tuple[Path, Path], tmp_path: Path, repo_root: Path
) -> None:
    book, agenda = inputs
    rulebook = repo_root / "rulebook" / "model.txt"
    code, _, err = brief(book, agenda, tmp_path / "out", "--rulebook", str(rulebook))
    assert code == 0, err


def expect_error(result: tuple[int, str, str], code: str, *words: str) -> None:
    exit_code, _, err = result
    assert exit_code == 2, err
    assert "Traceback" not in err
    assert f"error[{code}]" in err, err
    for word in words:
        assert word in err, err


def test_bad_input_is_one_clear_message(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    book, agenda = inputs
    out = tmp_path / "out"
    expect_error(brief(tmp_path / "none.sqlite", agenda, out), "whip.no-book", "none.sqlite")
    expect_error(brief(book, tmp_path / "nowhere", out), "brief.no-agenda", "nowhere")
    expect_error(
        _result(book, agenda, out, "--whip", "Froward"), "brief.unknown-whip", "did you mean"
    )
    expect_error(brief(book, agenda, out, "--delegate", "Bea Quinn"), "brief.ambiguous-delegate")
    expect_error(brief(book, agenda, out, "--delegate", "Nobody"), "brief.unknown-delegate")
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    expect_error(brief(book, agenda, blocked / "out"), "brief.cannot-write")
    assert not out.exists()


def _result(book: Path, agenda: Path, out: Path, *args: str) -> tuple[int, str, str]:
    result = run("brief", "--book", str(book), "--agenda", str(agenda), "-o", str(out), *args)
    return result.exit_code, result.stdout, result.stderr


def test_a_broken_motion_names_its_file_line_and_column(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    book, agenda = inputs
    (agenda / "broken.motion").write_text(
        "Title: Broken\n\nChapter 4, Clause II, rule 2.B.i: delete '20 per cent and insert "
        "'10 per cent'.\n",
        encoding="utf-8",
    )
    code, _, err = brief(book, agenda, tmp_path / "out")
    assert code == 2 and "Traceback" not in err
    assert "broken.motion:3:" in err and "error[" in err


def test_a_missing_motion_stops_the_brief_unless_partial(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    book, agenda = inputs
    (agenda / "cv1-fifteen.motion").unlink()
    expect_error(
        brief(book, agenda, tmp_path / "out"), "brief.motion-not-in-agenda", "cv1-fifteen", "CV 1"
    )
    code, out, err = brief(book, agenda, tmp_path / "out", "--partial")
    assert code == 0, err
    assert "1 motion(s) missing from the agenda" in out
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "cv1-fifteen" in index


def test_past_decisions_bring_the_three_year_rule_onto_the_sheets(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    book, agenda = inputs
    decisions = tmp_path / "decisions.toml"
    decisions.write_text(
        'conference = 2026\nyears = 3\ngranularity = "clause"\n\n[[decision]]\nyear = 2025\n'
        'address = "Chapter 6, Clause I"\noutcome = "lost"\ntitle = "Suspensions"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, _, err = brief(book, agenda, out, "--format", "site", "--decisions", str(decisions))
    assert code == 0, err
    cv3 = (out / "card-votes" / "cv3.html").read_text(encoding="utf-8")
    assert "code--three-year-rule" in cv3
    assert "code--three-year-rule" not in (out / "card-votes" / "cv1.html").read_text()
    expect_error(
        brief(book, agenda, out, "--decisions", str(tmp_path / "none.toml")), "decisions-unreadable"
    )
