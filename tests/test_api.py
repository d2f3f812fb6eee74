"""The Python API gives plain data: `to_dict()` of each result is what its command prints as
JSON, `motions.to_json` dumps any of them; a rule book is a mapping that raises KeyError;
`import motions` is cheap and `help(motions)` opens with the verbs."""

from __future__ import annotations

import json
import pydoc
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import motions
from motions.cli import main
from motions.errors import AddressError, ImporterError

ROOT = Path(__file__).resolve().parent.parent
THRESHOLD = ROOT / "examples" / "motions" / "threshold.motion"
EDITIONS = [ROOT / "examples" / "editions" / f"rulebook-{y}.txt" for y in (2025, 2026)]
AGENDA = sorted((ROOT / "examples" / "agenda-2026").glob("1[0-4]-*.motion"))

#: Every name `from motions import ...` gave before the API was made lazy.
EARLIER_NAMES = [
    "Address",
    "AddressError",
    "Amended",
    "Change",
    "Cited",
    "CitedRange",
    "Conference",
    "CrossReference",
    "Diagnostic",
    "Level",
    "Motion",
    "MotionError",
    "MotionsError",
    "Outline",
    "Provision",
    "Reference",
    "References",
    "Rulebook",
    "RulebookError",
    "Scheme",
    "SchemeError",
    "Severity",
    "Span",
    "Style",
    "WhipBook",
    "apply",
    "apply_all",
    "build_sheets",
    "canonical",
    "check_conflicts",
    "diff_editions",
    "entitlement",
    "find_references",
    "import_docx",
    "import_pdf",
    "load_rulebook",
    "load_scheme",
    "outline",
    "parse_address",
    "parse_citation",
    "parse_motion",
    "parse_motions",
    "parse_reference",
    "parse_rulebook",
    "parse_scheme",
    "path_to_victory",
    "project",
    "references_in",
    "render_rulebook",
    "tally_counts",
    "win_probability",
]


def command_json(*args: str) -> object:
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_amended_to_dict_is_what_diff_prints() -> None:
    rb = motions.load_rulebook()
    motion = motions.parse_motion(THRESHOLD.read_text(encoding="utf-8"), filename=str(THRESHOLD))
    amended = motions.apply(rb, motion)
    assert amended.to_dict() == command_json("diff", str(THRESHOLD))
    assert json.loads(motions.to_json(amended)) == amended.to_dict()


def test_rulebook_to_dict_is_what_outline_prints_at_full_depth() -> None:
    rb = motions.load_rulebook()
    assert rb.to_dict() == command_json("outline", "--depth", "8")
    provision = rb["C4.II.2.B.i"]
    shown = command_json("show", "C4.II.2.B.i")
    assert isinstance(shown, dict) and provision.to_dict() == shown["provision"]


def test_edition_diff_and_conflict_report_to_dict_are_what_their_commands_print() -> None:
    old, new = (motions.load_rulebook(p) for p in EDITIONS)
    diff = motions.diff_editions(old, new)
    assert diff.to_dict() == command_json("diff", *map(str, EDITIONS))
    rb = motions.load_rulebook()
    agenda = [
        m
        for path in AGENDA
        for m in motions.parse_motions(path.read_text(encoding="utf-8"), filename=str(path))
    ]
    report = motions.check_conflicts(rb, agenda)
    assert report.to_dict() == command_json("check", *map(str, AGENDA))


def test_errors_and_diagnostics_are_plain_data() -> None:
    with pytest.raises(motions.MotionsError) as caught:
        motions.parse_motion("Amendment\nDelete the lot\n", filename="bad.motion")
    document = caught.value.to_dict()
    assert document["schema"] == "motions.error/1"
    (diagnostic,) = document["diagnostics"]  # type: ignore[misc]
    assert diagnostic == caught.value.first.to_dict()
    assert diagnostic["span"]["file"] == "bad.motion"
    json.dumps(document)


def test_a_missing_provision_is_both_our_error_and_a_key_error() -> None:
    rb = motions.load_rulebook()
    with pytest.raises(KeyError) as caught:
        rb["C99"]
    assert isinstance(caught.value, AddressError)
    assert str(caught.value).startswith("error[address-absent]: Model Rule Book (2026) has no")
    with pytest.raises(AddressError):
        rb["Chapter the Fourth"]
    assert rb.get(rb["C4"].address) is rb["C4"]


def test_the_importer_error_has_a_proper_name() -> None:
    assert ImporterError.__name__ == "ImporterError"
    assert motions.ImporterError is ImporterError
    from motions.errors import ImportError_

    assert ImportError_ is ImporterError


def test_every_name_stays_importable_and_all_is_small() -> None:
    for name in EARLIER_NAMES + motions.__all__:
        assert getattr(motions, name) is not None, name
    assert len(motions.__all__) <= 24 and sorted(motions.__all__) == motions.__all__
    with pytest.raises(AttributeError):
        motions.no_such_name  # noqa: B018
    namespace: dict[str, object] = {}
    exec("from motions import *", namespace)
    assert set(motions.__all__) <= set(namespace)


def test_import_motions_loads_no_wing() -> None:
    code = "import sys, motions; print(sorted(m for m in sys.modules if m.startswith('motions')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['motions', 'motions.exports']"  # exports: the look-up


def test_help_opens_with_the_verbs() -> None:
    page = pydoc.render_doc(motions, renderer=pydoc.plaintext)
    head = "\n".join(page.splitlines()[:25])
    for verb in ("load_rulebook", "parse_motion", "apply", "check_conflicts", "to_json"):
        assert f"motions.{verb}(" in head


def test_the_whip_packages_names_are_what_their_modules_define_whatever_was_imported_first() -> (
    None
):
    """`motions.whip` looks its names up on first use. Run in a fresh interpreter that first
    imports every submodule (which binds a package attribute per module: `entitlement` is both
    a module and a function), then asks for every name."""
    code = (
        "import importlib, pkgutil, motions.whip as w\n"
        "for m in pkgutil.iter_modules(w.__path__):\n"
        "    importlib.import_module('motions.whip.' + m.name)\n"
        "wrong = [n for n in w.__all__\n"
        "         if getattr(w, n) is not getattr(importlib.import_module(w._HOMES.get(n,\n"
        "             'motions.whip.entitlement')), n)]\n"
        "print(wrong, callable(w.entitlement))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] True"
