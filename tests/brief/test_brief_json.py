"""`motions brief --report json` keeps the one contract of docs/json.md: a `motions.briefing/1`
document on stdout (nothing else there) that validates against the shipped schema and names
every file written; bad input is a `motions.error/1` document on stdout with exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest
from brief_support import run
from json_support import document_of, validate


@pytest.fixture
def inputs(small: tuple[Path, dict[str, Path]], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the small book and its agenda folder."""
    book = tmp_path / "whip.sqlite"
    shutil.copy(small[0], book)
    agenda = tmp_path / "agenda"
    shutil.copytree(small[1]["agenda"], agenda)
    return book, agenda


def report(book: Path, agenda: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    result = run(
        "brief", "--book", str(book), "--agenda", str(agenda), "--whip", "Forward",
        "--report", "json", *extra,
    )  # fmt: skip
    document = document_of(result)
    assert next(iter(document)) == "schema"
    return result.exit_code, document, result.stderr


@pytest.mark.parametrize("fmt", ["html", "md", "site"])
def test_the_report_names_every_file_written(
    inputs: tuple[Path, Path], tmp_path: Path, fmt: str
) -> None:
    book, agenda = inputs
    out = tmp_path / "out"
    code, document, err = report(book, agenda, "--format", fmt, "-o", str(out))
    assert code == 0, err
    validate(document, "briefing")
    assert document["schema"] == "motions.briefing/1"
    assert (document["whip"], document["format"], document["output"]) == ("Forward", fmt, str(out))
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    files: list[dict[str, object]] = document["files"]  # type: ignore[assignment]
    assert sorted(str(f["path"]) for f in files) == written
    sheets: list[dict[str, object]] = document["sheets"]  # type: ignore[assignment]
    assert len(sheets) == 7
    by_id = {s["delegate"]["id"]: s for s in sheets}  # type: ignore[index]
    assert by_id["D4"]["delegate"]["name"] == "Dev Patel"  # type: ignore[index]
    assert str(by_id["D4"]["file"]).endswith(f"dev-patel.{'md' if fmt == 'md' else 'html'}")
    assert {f["path"] for f in files if f["kind"] == "sheet"} == {s["file"] for s in sheets}
    kinds = {str(f["kind"]) for f in files}
    assert kinds == ({"sheet", "index", "card-vote"} if fmt == "site" else {"sheet", "index"})
    assert [cv["number"] for cv in document["card_votes"]] == [1, 2, 3, 4]  # type: ignore[attr-defined,index]
    assert document["diagnostics"] == [] and document["missing"] == []
    assert "Writing 7" in err  # the progress bar stays on stderr


def test_one_delegate_quietly_with_the_old_option_name(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    book, agenda = inputs
    out = tmp_path / "out"
    code, document, err = report(book, agenda, "--delegate", "dev patel", "--out", str(out), "-q")
    assert code == 0 and err == ""
    validate(document, "briefing")
    assert document["files"] == [{"path": "dev-patel.html", "kind": "sheet", "delegate": "D4"}]
    assert [p.name for p in out.iterdir()] == ["dev-patel.html"]


def test_access_keys_hide_names_in_files_but_the_report_maps_them(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    book, agenda = inputs
    out = tmp_path / "out"
    keys = tmp_path / "secret" / "keys.txt"
    code, document, _ = report(book, agenda, "-o", str(out), "--access-keys", str(keys))
    assert code == 0
    validate(document, "briefing")
    assert document["access_keys"] is True
    files: list[dict[str, object]] = document["files"]  # type: ignore[assignment]
    (whips,) = [f["path"] for f in files if f["kind"] == "whips-index"]
    assert (out / str(whips)).is_file()
    sheets: list[dict[str, object]] = document["sheets"]  # type: ignore[assignment]
    assert all("patel" not in str(s["file"]) for s in sheets)


def test_warnings_of_a_partial_briefing_are_diagnostics(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    book, agenda = inputs
    (agenda / "cv1-fifteen.motion").unlink()
    code, document, _ = report(book, agenda, "--partial", "-o", str(tmp_path / "out"))
    assert code == 0
    validate(document, "briefing")
    assert document["missing"] == ["cv1-fifteen"]
    (warned,) = document["diagnostics"]  # type: ignore[misc]
    assert warned["code"] == "brief.motion-not-in-agenda"
    assert warned["severity"] == "warning"
    assert "CV 1" in warned["message"] and "cv1-fifteen" in warned["message"]


def test_the_report_can_hold_mandate_clashes(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    """CLP1's mandate (for CV 2) differs from Forward's line (oppose); CLP2's agrees."""
    book, agenda = inputs
    code, document, _ = report(book, agenda, "-o", str(tmp_path / "out"))
    assert code == 0
    clashes = {s["delegate"]["id"]: s["clashes"] for s in document["sheets"]}  # type: ignore[attr-defined,index]
    assert clashes["D1"] == clashes["D2"] == [2], clashes
    assert clashes["D3"] == clashes["D4"] == [], clashes


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        (("-o", "-"), "brief.output-is-a-folder"),
        (("--whip", "Froward"), "brief.unknown-whip"),
        (("--delegate", "Nobody"), "brief.unknown-delegate"),
        (("--decisions", "none.toml"), "decisions-unreadable"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_bad_input_is_a_json_error_document_with_exit_2(
    inputs: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extra: tuple[str, ...],
    code: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    book, agenda = inputs
    out = ("-o", "out") if "-o" not in extra else ()
    status, document, _ = report(book, agenda, *out, *extra)
    assert status == 2
    validate(document, "error")
    assert document["diagnostics"][0]["code"] == code  # type: ignore[index]
    assert not (tmp_path / "out").exists() and not (tmp_path / "-").exists()


def test_a_missing_book_and_an_unwritable_folder_are_json_errors(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    book, agenda = inputs
    status, document, _ = report(tmp_path / "none.sqlite", agenda, "-o", str(tmp_path / "out"))
    assert status == 2
    validate(document, "error")
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    status, document, _ = report(book, agenda, "-o", str(blocked))
    assert status == 2
    validate(document, "error")
    assert document["diagnostics"][0]["code"] == "brief.cannot-write"  # type: ignore[index]


def test_format_json_points_to_report_json(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    book, agenda = inputs
    result = run(
        "brief", "--book", str(book), "--agenda", str(agenda), "--whip", "Forward",
        "-o", str(tmp_path / "out"), "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "use --report json" in result.stderr


def test_help_names_output_and_quiet_and_hides_out() -> None:
    help_text = run("brief", "--help").stdout
    assert "-o, --output" in help_text and "-q, --quiet" in help_text
    assert "--report [text|json]" in help_text
    assert "--out " not in help_text and "standard output)" not in help_text


def test_the_shipped_schema_rejects_a_wrong_report() -> None:
    bad = {
        "schema": "motions.briefing/1", "whip": "Forward", "format": "html", "output": "out",
        "generated": "", "rulebook": "", "whips_view": False, "access_keys": False,
        "sheets": [], "files": [{"path": "../escape.html", "kind": "sheet", "delegate": "D1"}],
        "card_votes": [], "missing": [], "diagnostics": [],
    }  # fmt: skip
    with pytest.raises(jsonschema.ValidationError):
        validate(bad, "briefing")
    bad["files"] = []
    validate(bad, "briefing")
    bad["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validate(bad, "briefing")
