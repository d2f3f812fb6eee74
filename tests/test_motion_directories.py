"""A directory given where motion files are expected stands for the `*.motion` files in it: an
agenda of thousands of files is longer than a command line may be (`motions check agenda/`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from motions.cli import main
from motions.errors import MotionsError
from motions.files import motion_paths

ROOT = Path(__file__).resolve().parent.parent
AGENDA = ROOT / "examples" / "agenda-2026"
GOLDEN = ROOT / "tests" / "golden" / "agenda-2026.txt"
ONE = "Title: {title}\n\nChapter 4, Clause II, rule 2.B.i: delete '20' and insert '{n}'.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_directory_is_its_motion_files_in_name_order(tmp_path: Path) -> None:
    """Not: other endings, hidden files (an editor's lock file), sub-directories' files, a
    directory named like a motion."""
    for name in ("b.motion", "a.motion", "notes.txt", "c.motion.bak", ".#a.motion"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.motion").write_text("x", encoding="utf-8")
    (tmp_path / "z.motion").mkdir()  # a directory named like a motion is not one
    given = ("first.motion", str(tmp_path), "-")
    assert motion_paths(given) == (
        "first.motion",
        str(tmp_path / "a.motion"),
        str(tmp_path / "b.motion"),
        "-",
    )


def test_a_directory_without_motions_is_an_error_not_an_empty_agenda(tmp_path: Path) -> None:
    (tmp_path / "decisions.toml").write_text("", encoding="utf-8")
    with pytest.raises(MotionsError) as caught:
        motion_paths((str(tmp_path),))
    [problem] = caught.value.diagnostics
    assert problem.code == "motion-directory-empty"
    assert str(tmp_path) in problem.message and ".motion" in (problem.hint or "")


def test_check_reads_an_agenda_directory_as_its_files() -> None:
    """The golden report of the example agenda, from the directory as from its files."""
    args = ("check", "--decisions", str(AGENDA / "decisions.toml"), "--verbose", "--no-colour")
    code, out, _ = run(*args, str(AGENDA))
    assert code == 1
    assert out.replace(str(AGENDA) + "/", "examples/agenda-2026/") == GOLDEN.read_text(
        encoding="utf-8"
    )


def test_lint_counts_the_files_a_directory_holds(tmp_path: Path) -> None:
    for n in (10, 11, 12):
        (tmp_path / f"{n}.motion").write_text(ONE.format(title=f"M{n}", n=n), encoding="utf-8")
    code, _, err = run("lint", str(tmp_path))
    assert code == 0, err
    assert "in 3 file(s)" in err


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_an_empty_directory_exits_2_with_our_error(tmp_path: Path, fmt: str) -> None:
    code, out, err = run("check", "--format", fmt, str(tmp_path))
    assert code == 2
    assert "Traceback" not in out + err
    if fmt == "json":
        document = json.loads(out)
        assert document["schema"] == "motions.error/1"
        [problem] = document["diagnostics"]
        assert problem["code"] == "motion-directory-empty"
    else:
        assert "motion-directory-empty" in err
