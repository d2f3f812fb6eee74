"""The command line starts like a command line: a command imports its own wing and no other.

The root group's table (`motions.cli.app.COMMANDS`) names every command and keeps its one-line
help; these tests hold it to the commands themselves, and count what `motions show` imports in a
fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from motions.cli import brief, conflicts, draft, drafting, editions, rulebook, whip
from motions.cli.app import COMMANDS, main

HEAVY = ("motions.brief", "motions.whip", "motions.importers", "jinja2")

# Prints, as JSON, every module a `motions` invocation imported. With "stub" as the first
# argument the package's own __init__ (the public API) is replaced by an empty package, so the
# CLI's laziness is measured apart from the API's.
_PROBE = """
import json, sys, types, importlib.util
args = sys.argv[1:]
if args and args[0] == "stub":
    args = args[1:]
    package = types.ModuleType("motions")
    package.__path__ = list(importlib.util.find_spec("motions").submodule_search_locations)
    sys.modules["motions"] = package
from motions.cli.app import main
status = 0
try:
    main(args, prog_name="motions")
except SystemExit as exit:
    status = exit.code
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def _imported(*args: str) -> tuple[int, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    return report["status"], set(report["modules"])


def _heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)}


def _eager_root() -> click.Group:
    @click.group()
    def root() -> None:
        """Every command registered the eager way."""

    for module in (rulebook, drafting, draft, conflicts, brief, editions, whip):
        module.register(root)
    return root


def test_the_table_names_every_command_and_its_help() -> None:
    eager = _eager_root()
    assert set(COMMANDS) == set(eager.commands)
    for name, entry in COMMANDS.items():
        command = eager.commands[name]
        assert entry.load() is command, name
        stand_in = click.Command(name, help=entry.help)
        for limit in (30, 45, 60, 200):
            assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), name


def test_help_lists_every_command_like_click_would() -> None:
    lazy = CliRunner().invoke(main, ["--help"], terminal_width=80)
    root = _eager_root()
    eager = CliRunner().invoke(root, ["--help"], terminal_width=80)
    assert lazy.exit_code == 0
    commands_of = lambda out: out[out.index("Commands:") :]  # noqa: E731
    assert commands_of(lazy.output) == commands_of(eager.output)
    for name in COMMANDS:
        assert f"  {name} " in lazy.output


def test_an_unknown_command_is_still_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["shw"])
    assert result.exit_code == 2
    assert "No such command 'shw'" in result.output


@pytest.mark.slow
def test_the_cli_imports_only_the_wing_a_command_needs() -> None:
    """Measured without the public API's __init__, whose laziness is its own concern."""
    status, modules = _imported("stub", "--help")
    assert status == 0
    # The root group's error boundary lives in cli.common, which imports only the base.
    assert not {m for m in modules if m.startswith("motions.cli.")} - {
        "motions.cli.app",
        "motions.cli.lazy",
        "motions.cli.common",
    }
    assert not {m for m in modules if m.startswith("motions.book.")}
    status, modules = _imported("stub", "show", "C4.II.2")
    assert status == 0
    assert "motions.cli.rulebook" in modules
    assert not _heavy(modules)
    assert "motions.drafting.reader" not in modules


@pytest.mark.slow
def test_motions_show_imports_no_brief_whip_importers_or_jinja2() -> None:
    status, modules = _imported("show", "C4.II.2")
    assert status == 0
    assert "motions.cli.rulebook" in modules
    assert not _heavy(modules)


@pytest.mark.slow
def test_motions_tally_imports_the_tally_not_the_whip_books_importers(tmp_path) -> None:
    """A whip asks for one card vote's odds and path during conference: the command loads the
    projection, probability and path modules, not the CSV and schedule readers, the import
    planner or the whip group's thirty other commands."""
    book = tmp_path / "whip.sqlite"
    init = CliRunner().invoke(main, ["whip", "init", "--book", str(book), "--faction", "Forward"])
    assert init.exit_code == 0, init.output
    status, modules = _imported("tally", "CV1", "--probability", "--path", "--book", str(book))
    assert status == 2  # the empty book has no CV 1: an error of ours, after the imports
    assert {"motions.cli.whip.tally", "motions.whip.store"} <= modules
    loaded = {m for m in modules if m.startswith(("motions.whip.", "motions.cli.whip."))}
    assert not loaded & {
        "motions.cli.whip.book",
        "motions.cli.whip.ballots",
        "motions.cli.whip.commands",
        "motions.cli.whip.recording",
        "motions.whip.csvio",
        "motions.whip.elections",
        "motions.whip.importing",
        "motions.whip.schedule",
        "motions.whip.schedulebook",
        "motions.whip.tomlio",
    }
    assert not {m for m in modules if m.startswith(("motions.book", "motions.brief", "jinja2"))}


def test_the_heap_is_frozen_before_pythons_last_collection() -> None:
    """A command's last garbage collection at exit would traverse its whole heap (0.15 s after
    a PDF sheet); the CLI freezes the heap first (in an exit handler: they run in reverse
    order, so this one, registered before the CLI ran, sees the freeze)."""
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0, flush=True))\n"
        "from motions.cli.app import main\n"
        "for _ in range(2):\n"
        "    try:\n"
        "        main(['show', 'C4.II.2'], prog_name='motions')\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "frozen True", result.stdout
