"""Publishing sheets: stable names, access keys, isolated user text, and the errors for a bad
SOURCE_DATE_EPOCH and a symbolic link out of the folder (the schedule: test_brief_schedule.py)."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from brief_support import make_book, run

from motions.book.rulebook import Rulebook
from motions.brief.agenda import AgendaMotion
from motions.brief.atomic import write_atomically
from motions.brief.build import build_sheets
from motions.brief.errors import BriefError
from motions.brief.findings import ConflictNote
from motions.brief.names import inside
from motions.brief.render import OutputFile, render_sheet, write_files
from motions.brief.words import bdi, clean
from motions.whip import Conference

RLO, LRI, RLI, FSI, PDI = "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def inputs(small: tuple[Path, dict[str, Path]], tmp_path: Path) -> tuple[Path, Path]:
    book = tmp_path / "whip.sqlite"
    shutil.copy(small[0], book)
    return book, small[1]["agenda"]


def brief(book: Path, agenda: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = run(
        "brief", "--book", str(book), "--agenda", str(agenda), "--whip", "Forward",
        "-o", str(out), *extra,
    )  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


def test_a_sheet_has_the_same_name_in_a_batch_and_alone(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    book, agenda = inputs
    assert brief(book, agenda, tmp_path / "all")[0] == 0
    batch = {p.name for p in (tmp_path / "all").iterdir()} - {"index.html"}
    for who, name in (("D6", "bea-quinn-d6.html"), ("D3", "cara-davies.html")):
        code, _, err = brief(book, agenda, tmp_path / who, "--delegate", who)
        assert code == 0, err
        assert [p.name for p in (tmp_path / who).iterdir()] == [name]
        assert name in batch


def test_access_keys_hide_names_and_keep_links(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    book, agenda = inputs
    secret = tmp_path / "private" / "keys.secret"
    code, out, err = brief(book, agenda, tmp_path / "site", "--format", "site",
                           "--access-keys", str(secret))  # fmt: skip
    assert code == 0, err
    assert secret.stat().st_mode & 0o077 == 0
    names = sorted(p.stem for p in (tmp_path / "site" / "delegates").iterdir())
    assert len(names) == 7 and all(re.fullmatch(r"[a-z2-7]{26}", n) for n in names)
    public = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Cara Davies" not in public and "delegates/" not in public
    (whips,) = (tmp_path / "site").glob("whips-*.html")
    assert "Cara Davies" in whips.read_text(encoding="utf-8") and str(whips) in out
    brief(book, agenda, tmp_path / "again", "--format", "site", "--access-keys", str(secret))
    assert sorted(p.stem for p in (tmp_path / "again" / "delegates").iterdir()) == names


@pytest.mark.parametrize("epoch", ["99999999999999999999", "-5", "soon", "١٢٣"])
def test_a_bad_source_date_epoch_is_our_error(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, _, err = brief(*inputs, tmp_path / "out")
    assert code == 2 and "error[brief.bad-source-date-epoch]" in err and "hint:" in err
    assert "Traceback" not in err


def test_a_symlink_out_of_the_folder_is_refused_with_our_message(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / "cara-davies.html").symlink_to(victim)
    code, _, err = brief(*inputs, out)
    assert code == 2 and "error[brief.outside-folder]" in err and "symbolic link" in err
    assert victim.read_text(encoding="utf-8") == "keep me"
    with pytest.raises(BriefError):
        inside(out, "cara-davies.html")


class _FullDisk(io.BytesIO):
    def write(self, data: object) -> int:
        raise OSError(28, "No space left on device")


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sheet.html"
    target.write_bytes(b"old sheet")
    real_fdopen = os.fdopen

    def full_disk(fd: int, *args: object, **kwargs: object) -> io.BytesIO:
        real_fdopen(fd).close()
        return _FullDisk()

    monkeypatch.setattr("motions.brief.atomic.os.fdopen", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b"new sheet")
    assert target.read_bytes() == b"old sheet"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.html"]


def test_a_batch_that_fails_part_way_leaves_every_old_file(tmp_path: Path) -> None:
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_bytes(b"old " + name.encode())

    def broken() -> bytes:
        raise OSError(5, "Input/output error")

    outputs = (
        OutputFile("a.html", lambda: b"new a"),
        OutputFile("b.html", lambda: b"new b"),
        OutputFile("c.html", broken),
    )
    with pytest.raises(OSError, match="Input/output"):
        write_files(outputs, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]
    assert (tmp_path / "a.html").read_bytes() == b"old a.html"
    write_files(outputs[:2], tmp_path)
    assert (tmp_path / "b.html").read_bytes() == b"new b"


def test_clean_and_bdi_strip_every_bidi_control() -> None:
    hostile = f"a{RLO}b{LRI}c{RLI}d{FSI}e{PDI}f\u202a\u202b\u202c\u202d\u200e\u200f\u061c"
    assert clean(hostile) == "abcdef"
    assert str(bdi(f"<x>{RLO}")) == "<bdi>&lt;x&gt;</bdi>"


def test_bidi_controls_in_names_clps_and_reasons_never_reach_a_page(tmp_path: Path) -> None:
    book, paths = make_book(
        tmp_path / "in",
        (
            ("delegates.csv", "Cara Davies", f"Cara {RLO}Davies"),
            ("delegations.csv", "Wyeford", f"Wye{RLI}ford{LRI}"),
            ("forward.toml", 'reason = "', f'reason = "{FSI}Because{PDI} '),
        ),
    )
    for fmt in ("html", "md", "site"):
        code, _, err = brief(book, paths["agenda"], tmp_path / fmt, "--format", fmt)
        assert code == 0, err
        for page in (tmp_path / fmt).rglob("*.*"):
            text = page.read_text(encoding="utf-8")
            assert not BIDI.search(text), page
    sheet = (tmp_path / "html" / "cara-davies.html").read_text(encoding="utf-8")
    assert "<bdi>Cara Davies</bdi>" in sheet and "<bdi>Wyeford</bdi>" in sheet
    assert "<bdi>Because " in sheet


def test_drafting_notes_are_for_whips_only(
    conference: Conference, agenda: tuple[AgendaMotion, ...], model: Rulebook
) -> None:
    notes = (
        ConflictNote("broken-reference", ("cv2-online",), "C5.II.5 cites 'rules 1 to 4 above'."),
        ConflictNote("several-subjects", ("cv2-online",), "It changes two subjects at once."),
        ConflictNote("falls", ("cv2-online", "cv1-ten"), "If CV 1 is carried, CV 2 falls."),
    )
    seen = {}
    for whips_view in (False, True):
        briefing = build_sheets(
            conference, agenda, model, notes, whip="Forward", whips_view=whips_view,
            delegates=["D3"],
        )  # fmt: skip
        seen[whips_view] = render_sheet(briefing, briefing.sheets[0], "html")
    assert "If CV 1 is carried, CV 2 falls." in seen[False]
    for drafting in ("rules 1 to 4 above", "two subjects at once"):
        assert drafting not in seen[False] and drafting in seen[True]
