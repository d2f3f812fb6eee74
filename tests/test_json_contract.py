"""Every command's JSON keeps the one contract of docs/json.md: a `schema` key naming its kind,
and a shape that validates against the JSON Schema shipped in the package; bad input given
`--format json` prints a `motions.error/1` document on stdout with the usual exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from json_support import SCHEMAS, document_of, validate

from motions.cli import main
from motions.contract import KINDS, document_pieces, dumps, load_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AGENDA = sorted(str(p) for p in (EXAMPLES / "agenda-2026").glob("0[1-6]-*.motion"))
THRESHOLD = str(EXAMPLES / "motions" / "threshold.motion")
BROKEN = str(EXAMPLES / "motions" / "broken-words-not-found.motion")
EDITIONS = [str(EXAMPLES / "editions" / f"rulebook-{y}.txt") for y in (2025, 2026)]


def run_json(args: list[str], *, stdin: str | None = None) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(main, args, input=stdin)
    return result.exit_code, document_of(result)


# (command line, the kind of document it prints, the exit statuses it may end with)
COMMANDS = [
    (["show", "C4.II.2.B.i"], "provision", {0}),
    (["outline", "--depth", "3"], "outline", {0}),
    (["refs", "C3.III.2.H"], "references", {0}),
    (["diff", THRESHOLD, BROKEN], "redlines", {1}),
    (["diff", THRESHOLD], "redlines", {0}),
    (["lint", *AGENDA], "lint", {0, 1}),
    (["check", *AGENDA], "conflicts", {0, 1}),
    (["check", "--verbose", *AGENDA], "conflicts", {0, 1}),
    (["graph", *AGENDA], "graph", {0}),
    (["diff", *EDITIONS], "edition-diff", {1}),
    (["diff", EDITIONS[0], EDITIONS[0]], "edition-diff", {0}),
]


@pytest.mark.parametrize(("args", "kind", "statuses"), COMMANDS, ids=lambda v: str(v)[:40])
def test_every_command_prints_its_documented_schema(
    args: list[str], kind: str, statuses: set[int]
) -> None:
    code, document = run_json([*args, "--format", "json"])
    assert code in statuses
    assert document["schema"] == f"motions.{kind}/{KINDS[kind]}"
    assert next(iter(document)) == "schema"
    validate(document, kind)


def test_apply_reports_as_json_and_writes_the_edition(tmp_path: Path) -> None:
    out = tmp_path / "book.txt"
    code, document = run_json(["apply", THRESHOLD, BROKEN, "-o", str(out), "--format", "json"])
    assert code == 1
    validate(document, "apply")
    assert document["carried"] == [f"{THRESHOLD}#1"]
    (failed,) = document["failed"]  # type: ignore[misc]
    assert failed["diagnostics"][0]["code"] == "words-not-found"
    assert "at least 10 per cent" in out.read_text(encoding="utf-8")


# (command line that meets bad input, with --format json appended)
BAD = [
    ["show", "C99"],
    ["show", "Chapter the Fourth"],
    ["refs", "C4.XX"],
    ["outline", "--rulebook", BROKEN],
    ["diff", "-"],
    ["lint", "-"],
    ["check", "-"],
    ["graph", "-"],
    ["apply", "-", "-o", "never-written.txt"],
    ["diff", EDITIONS[0], BROKEN.replace("broken-words", "missing")],
]


@pytest.mark.parametrize("args", BAD, ids=lambda v: " ".join(v)[:40])
def test_bad_input_is_a_json_error_document_with_exit_2(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, document = run_json([*args, "--format", "json"], stdin="Amendment\nDelete the lot\n")
    assert code == 2
    validate(document, "error")
    assert document["diagnostics"]
    assert not (tmp_path / "never-written.txt").exists()


def test_every_kind_has_a_valid_schema_and_nothing_else_ships() -> None:
    shipped = {p.stem for p in SCHEMAS.glob("*.json")}
    assert shipped == {*KINDS, "common"}
    for kind in KINDS:
        schema = load_schema(kind)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["properties"]["schema"] == {"const": f"motions.{kind}/{KINDS[kind]}"}  # type: ignore[index]


def test_a_schema_rejects_a_wrong_document() -> None:
    """The schemas are not vacuous: a document with a wrong field fails validation."""
    _, document = run_json(["show", "C4.II.2.B.i", "--format", "json"])
    document["provision"]["address"]["compact"] = 7  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        validate(document, "provision")
    with pytest.raises(jsonschema.ValidationError):
        validate({"schema": "motions.provision/2"}, "provision")


def test_an_import_result_keeps_the_contract(tmp_path: Path) -> None:
    from motions import import_docx, parse_rulebook
    from motions.importers.export import export_docx

    book = parse_rulebook(
        "Title: Small Rules\nEdition: 2026\nScheme: labour\n\nChapter 1 Aims\n\n"
        "Clause I. Name\n\n1. The party is the Party.\n2. Its aims are its aims.\n"
    )
    export_docx(book, tmp_path / "small.docx")
    document = import_docx(tmp_path / "small.docx").to_dict()
    validate(document, "import")
    assert (document["title"], document["provisions"]) == ("Small Rules", len(book))


WHIP_EXAMPLE = EXAMPLES / "conference-2026"


@pytest.fixture(scope="module")
def whip_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whip book with the example conference in it, for the whip commands' documents."""
    book = tmp_path_factory.mktemp("whip") / "whip.sqlite"
    files = {
        "--delegations": "delegations.csv",
        "--delegates": "delegates.csv",
        "--card-votes": "card-votes.toml",
        "--mandates": "mandates.csv",
        "--recommendations": "recommendations-forward.toml",
    }
    steps = [
        ["whip", "init", "--faction", "Forward"],
        ["whip", "import", *(x for o, f in files.items() for x in (o, str(WHIP_EXAMPLE / f)))],
        ["whip", "pledge", "--file", str(WHIP_EXAMPLE / "pledges.csv")],
    ]
    for step in steps:
        result = CliRunner().invoke(main, [*step, "--book", str(book)])
        assert result.exit_code == 0, result.output
    return book


# (a whip or tally command line, the kind and the `command` or `mode` it prints), each run in
# this order on the one book: recording commands first, the reading ones see what they wrote.
WHIP_COMMANDS = [
    (["whip", "upgrade"], "whip", "upgrade"),
    (["whip", "pledge", "D0001", "CV9", "for"], "whip", "pledge"),
    (["whip", "pledge", "D0001", "CV9", "--undo"], "whip", "pledge"),
    (["whip", "pledge", "--file", str(WHIP_EXAMPLE / "pledges.csv")], "whip", "pledge"),
    (["whip", "recommend", "CV9", "oppose", "--reason", "Too soon."], "whip", "recommend"),
    (
        ["whip", "recommend", "--file", str(WHIP_EXAMPLE / "recommendations-grassroots.toml")],
        "whip",
        "recommend",
    ),
    (["whip", "mandate", "CLP001", "CV9", "for", "--note", "GC vote"], "whip", "mandate"),
    (["whip", "mandate", "CLP001", "CV9", "--clear"], "whip", "mandate"),
    (["whip", "import", "--mandates", str(WHIP_EXAMPLE / "mandates.csv")], "whip", "import"),
    (["whip", "history", "D0001"], "whip", "history"),
    (["whip", "show"], "whip", "show"),
    (["whip", "show", "CV9"], "whip", "show"),
    (["whip", "show", "--delegate", "D0001"], "whip", "show"),
    (["whip", "ballots", str(WHIP_EXAMPLE / "ballots.toml")], "whip", "ballots"),
    (["whip", "export"], "whip", "export"),
    (["tally", "CV1", "--samples", "200"], "tally", "card-vote"),
    (["tally", "CV1", "--no-path", "--samples", "200"], "tally", "card-vote"),
    (["tally", "--all"], "tally", "all"),
    (["tally", "--clp-percent", "47.14", "--aff-percent", "60.20"], "tally", "published"),
]


@pytest.mark.parametrize(("args", "kind", "which"), WHIP_COMMANDS, ids=lambda v: str(v)[:40])
def test_every_whip_command_prints_its_documented_schema(
    args: list[str], kind: str, which: str, whip_book: Path
) -> None:
    fmt = [] if args[:2] == ["whip", "export"] else ["--format", "json"]  # export: JSON already
    code, document = run_json([*args, *fmt, "--book", str(whip_book)])
    assert code == 0, document
    assert document["schema"] == f"motions.{kind}/{KINDS[kind]}"
    assert next(iter(document)) == "schema"
    assert document["command" if kind == "whip" else "mode"] == which
    validate(document, kind)


def test_whip_documents_hold_lists_as_fields_and_tally_marks_what_it_did_not_compute(
    whip_book: Path,
) -> None:
    _, history = run_json(["whip", "history", "--format", "json", "--book", str(whip_book)])
    assert isinstance(history["events"], list) and history["events"]
    base = ["tally", "CV1", "--samples", "200", "--format", "json", "--book", str(whip_book)]
    _, without = run_json([*base, "--no-path"])
    assert (without["aim"], without["path"], without["risk"]) == (None, None, None)
    _, with_path = run_json(base)
    assert with_path["aim"] is not None and isinstance(with_path["path"], dict)
    wrong = {**without, "path": {}}
    with pytest.raises(jsonschema.ValidationError):
        validate(wrong, "tally")


def test_entitlement_prints_a_whip_document() -> None:
    code, document = run_json(["entitlement", "5000", "--women", "200", "--format", "json"])
    assert code == 0
    assert (document["schema"], document["command"]) == ("motions.whip/1", "entitlement")
    validate(document, "whip")


@pytest.mark.parametrize(
    "args",
    [
        ["tally", "CV1", "--book", "no-book-here.sqlite"],
        ["tally", "--clp-percent", "47", "--all"],
        ["whip", "show", "--book", "no-book-here.sqlite"],
        ["whip", "pledge", "--book", "no-book-here.sqlite"],
        ["entitlement", "100", "--women", "200"],
        ["import", "no-such-book.pdf", "-o", "never-written.txt"],
        ["import", "no-such-book.pdf"],
    ],
    ids=lambda v: " ".join(v)[:40],
)
def test_whip_tally_and_import_errors_are_json_error_documents(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, document = run_json([*args, "--format", "json"])
    assert code == 2
    validate(document, "error")
    assert document["diagnostics"]
    assert not (tmp_path / "never-written.txt").exists()


def test_import_prints_its_report_as_json_and_writes_the_source(tmp_path: Path) -> None:
    from motions import parse_rulebook
    from motions.importers.export import export_docx

    book = parse_rulebook(
        "Title: Small Rules\nEdition: 2026\nScheme: labour\n\nChapter 1 Aims\n\n"
        "Clause I. Name\n\n1. The party is the Party.\n2. Its aims are its aims.\n"
    )
    export_docx(book, tmp_path / "small.docx")
    out = tmp_path / "small.txt"
    code, document = run_json(
        ["import", str(tmp_path / "small.docx"), "-o", str(out), "--format", "json"]
    )
    assert code == 0
    validate(document, "import")
    assert (document["title"], document["provisions"]) == ("Small Rules", len(book))
    assert "The party is the Party." in out.read_text(encoding="utf-8")


# Usage errors: click finds them before any command runs, so they need the root's boundary.
USAGE = [
    (["show", "--bogus", "--format", "json"], "No such option '--bogus'", " show --help`"),
    (["show", "--format=json"], "Missing argument 'CITATION'", " show --help`"),
    (["--format", "json", "show", "C4"], "No such option '--format'", "main --help`"),
    (["nosuch", "--format", "json"], "No such command 'nosuch'", "main --help`"),
    (["whip", "tallyy", "--format", "json"], "No such command 'tallyy'", " whip --help`"),
    (["outline", "--depth", "deep", "--format", "json"], "'deep' is not", " outline --help`"),
]


@pytest.mark.parametrize(("args", "message", "hint"), USAGE, ids=lambda v: str(v)[:40])
def test_a_usage_error_under_format_json_is_an_error_document(
    args: list[str], message: str, hint: str
) -> None:
    code, document = run_json(args)
    assert code == 2
    validate(document, "error")
    (diagnostic,) = document["diagnostics"]  # type: ignore[misc]
    assert diagnostic["code"] == "usage"
    assert message in diagnostic["message"]
    assert hint in diagnostic["hint"]


def test_a_usage_error_without_json_keeps_clicks_usage_text() -> None:
    result = CliRunner().invoke(main, ["show", "--bogus"])  # CliRunner names the program "main"
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage: main show" in result.stderr
    assert "No such option '--bogus'" in result.stderr
    after_dashes = CliRunner().invoke(main, ["show", "--bogus", "--", "--format", "json"])
    assert after_dashes.stdout == ""  # after `--`, "--format json" is an argument, not a request


def test_a_provision_with_closing_text_and_paragraphs_keeps_the_contract(tmp_path: Path) -> None:
    from motions.book.numbering import parse_scheme
    from motions.book.outline import parse_rulebook

    scheme = parse_scheme(
        'name = "constitution"\n[[levels]]\nname = "section"\nstyle = "arabic"\n'
        'markers = ["{label}."]\nheading = true\n[[levels]]\nname = "item"\n'
        'style = "arabic"\nmarkers = ["{label}."]\n'
    )
    book = parse_rulebook(
        "Title: C\n\n1. Bodies\nDecisions are made by:\n\nor by nobody:\n1. The Developers;\n"
        "2. The Leader.\n[1.] The rest sets out their powers.\n",
        scheme=scheme,
    )
    path = tmp_path / "c.txt"
    path.write_text(book.render(), encoding="utf-8")
    code, document = run_json(["show", "1", "--rulebook", str(path), "--format", "json"])
    assert code == 0
    validate(document, "provision")
    provision = document["provision"]
    assert isinstance(provision, dict)
    assert provision["text"] == "Decisions are made by:\nor by nobody:"
    assert provision["closing"] == "The rest sets out their powers."
    assert all("closing" not in child for child in provision["children"])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@given(JSON_VALUES)
def test_a_document_printed_in_pieces_is_the_document_printed_whole(value: object) -> None:
    """`motions check` prints a report as the encoder makes it (`document_pieces`): the same
    characters as `json.dumps` with the contract's indent, one newline at the end."""
    whole = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    assert "".join(document_pieces(value)) == whole
    assert dumps(value) == whole
