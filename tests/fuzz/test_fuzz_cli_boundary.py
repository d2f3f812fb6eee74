"""No command exits with a traceback: every command, every argument and option, hostile values.

The boundary (`motions.cli.common`): our errors and file problems exit 2 with our message; any
other exception is a bug, reported as an internal error naming the version (exit 70), with the
traceback only under `--debug` or MOTIONS_DEBUG=1. The sweep below runs every leaf command with
each of its arguments and options given values a user (or a script gone wrong) might pass, and
fails on an escaped exception and on exit 70 alike.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import click
import pytest
from cli_support import CONFERENCE, EXAMPLES, invoke, leaf_commands, memory_cap
from click.testing import CliRunner
from known_broken import param

from motions.cli import main

STRINGS = (
    "", " ", "9" * 5000, "C1.4000", "CV9223372036854775808", "CV１", "-1", "1__0",
    "\udcff", "x,y\n\"", "../../etc/passwd", "Chapter 4, Clause II, rule 2.B.i",
)  # fmt: skip
COMMANDS = dict(leaf_commands())


@pytest.fixture(scope="module")
def playground(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Bad files of every kind, and a small real whip book to aim the whip commands at."""
    root = tmp_path_factory.mktemp("boundary")
    (root / "empty").write_bytes(b"")
    (root / "binary").write_bytes(b"\xff\xfe\x00garbage\n" * 5)
    (root / "digits").write_text("9" * 5000 + "\n", encoding="ascii")
    (root / "folder").mkdir()
    book = root / "whip.sqlite"
    CliRunner().invoke(main, ["whip", "init", "--book", str(book), "--faction", "Forward"])
    imported = CliRunner().invoke(
        main,
        ["whip", "import", "--book", str(book),
         "--delegations", str(CONFERENCE / "delegations.csv"),
         "--delegates", str(CONFERENCE / "delegates.csv"),
         "--card-votes", str(CONFERENCE / "card-votes.toml"),
         "--recommendations", str(CONFERENCE / "recommendations-forward.toml")],
    )  # fmt: skip
    assert imported.exit_code == 0, imported.output
    return {
        "root": str(root),
        "book": str(book),
        "paths": "\n".join(
            str(p) for p in (root / "missing", root / "folder", root / "empty", root / "binary",
                             root / "digits")
        ),
    }  # fmt: skip


#: Options that name a file to write: the sweep gives them paths in its own folder only (a
#: device such as /dev/zero is written into, never replaced: see tests/test_files.py).
OUTPUTS = frozenset({"output", "out", "edition_path"})


#: The whip book is an SQLite file, not text: SQLite would make its journal beside /dev/zero.
WHIP_BOOKS = frozenset({"book", "book_path"})


def _takes_path(parameter: click.Parameter) -> bool:
    return isinstance(parameter.type, click.Path | click.File) and parameter.name not in OUTPUTS


def _base(words: tuple[str, ...], play: dict[str, str]) -> dict[str, str]:
    """Good values for the options a command requires, so the bad one is the only fault."""
    if words == ("brief",):
        return {"--agenda": str(EXAMPLES / "agenda-2026"), "--whip": "Forward",
                "--out": str(Path(play["root"]) / "sheets"), "--delegate": "D0001",
                "--format": "md"}  # fmt: skip
    return {}


def _invocations(
    words: tuple[str, ...], command: click.Command, value: str, paths: list[str],
    play: dict[str, str],
) -> list[list[str]]:  # fmt: skip
    """The command with `value` in each slot in turn (arguments all at once, then each option),
    other slots holding a plausible value of their kind."""
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    options = [
        p for p in command.params
        if isinstance(p, click.Option) and not p.is_flag and p.opts[0] not in ("--help",)
    ]  # fmt: skip

    def fill(parameter: click.Parameter) -> str:
        if parameter.name in OUTPUTS:  # relative: inside the test's own folder
            return value if value in STRINGS and "/" not in value else "written.out"
        if _takes_path(parameter):
            return value if value in paths else paths[0]
        return value if value not in paths else "x"

    base = _base(words, play)
    head = [*words, *itertools.chain.from_iterable(base.items())]
    if any(o.opts[-1] == "--book" or "--book" in o.opts for o in options):
        head += ["--book", play["book"]]
    with_arguments = head + [fill(a) for a in arguments]
    runs = [with_arguments]
    for option in options:
        name = next((o for o in option.opts if o.startswith("--")), option.opts[0])
        runs.append(
            [*words, *itertools.chain.from_iterable((k, v) for k, v in base.items() if k != name),
             *(["--book", play["book"]] if name != "--book" and "--book" in head else []),
             *[fill(a) for a in arguments], name, fill(option)]
        )  # fmt: skip
    return runs


def test_the_sweep_sees_every_command() -> None:
    names = {" ".join(words) for words in COMMANDS}
    assert {"show", "apply", "check", "graph", "brief", "whip pledge", "whip import", "tally",
            "import", "diff", "lint", "refs", "outline", "entitlement"} <= names  # fmt: skip
    assert len(names) >= 20


@pytest.mark.parametrize("words", [param(" ".join(w), w) for w in COMMANDS])
def test_no_command_exits_with_a_traceback(
    words: tuple[str, ...], playground: dict[str, str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    book = tmp_path / "whip.sqlite"
    shutil.copy(playground["book"], book)
    play = {**playground, "book": str(book)}
    paths = playground["paths"].split("\n")
    wrong = []
    for value in (*paths, *STRINGS):
        for argv in _invocations(words, COMMANDS[words], value, paths, play):
            outcome = invoke(argv, env={"MOTIONS_WHIP_BOOK": str(book)})
            if outcome.problem:
                wrong.append(f"{[a[:40] for a in argv]}: {outcome.problem}")
    assert not wrong, f"{len(wrong)} runs went wrong:\n" + "\n".join(wrong[:20])


def _path_slots() -> list[object]:
    """(command, option) for every argument or option that takes a path: /dev/zero goes there."""
    slots = []
    for words, command in COMMANDS.items():
        for parameter in command.params:
            if _takes_path(parameter) and parameter.name not in WHIP_BOOKS:
                name = (
                    next(o for o in parameter.opts if o.startswith("-"))
                    if isinstance(parameter, click.Option) else ""
                )  # fmt: skip
                case = f"dev-zero {' '.join(words)} {name or parameter.name}"
                slots.append(param(case, words, name))
    return slots


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("words, option", _path_slots())
def test_an_endless_file_gets_our_error(
    words: tuple[str, ...], option: str, playground: dict[str, str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    book = tmp_path / "whip.sqlite"
    shutil.copy(playground["book"], book)
    command = COMMANDS[words]
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    argv = [*words, *itertools.chain.from_iterable(_base(words, playground).items())]
    if any("--book" in p.opts for p in command.params if isinstance(p, click.Option)):
        argv += ["--book", str(book)]
    if option:
        argv += [option, "/dev/zero"]
        argv += [str(EXAMPLES / "motions" / "threshold.motion") for a in arguments if a.required]
    else:
        argv += ["/dev/zero" if _takes_path(a) else "x" for a in arguments]
    if words == ("pledge",) or words[-1] == "pledge":
        argv = [a for a in argv if a != str(EXAMPLES / "motions" / "threshold.motion")]
    with memory_cap():
        outcome = invoke(argv)
    assert outcome.problem is None, (argv, outcome.problem)
    assert outcome.exit_code == 2, (argv, outcome.exit_code, outcome.stderr)


def test_an_internal_error_names_the_version_and_exits_70(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object) -> None:
        raise ZeroDivisionError("a bug, not bad input")

    monkeypatch.setattr("motions.cli.rulebook.find_references", broken)
    monkeypatch.delenv("MOTIONS_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["refs", "C1"])
    assert result.exit_code == 70
    assert "internal error: ZeroDivisionError: a bug, not bad input" in result.stderr
    assert "motions 0." in result.stderr and "report" in result.stderr
    assert "Traceback" not in result.stderr and "--debug" in result.stderr
    for argv, env in ((["--debug", "refs", "C1"], {}), (["refs", "C1"], {"MOTIONS_DEBUG": "1"})):
        debugged = CliRunner().invoke(main, argv, env=env)
        assert debugged.exit_code == 70
        assert "Traceback (most recent call last)" in debugged.stderr
        assert "in broken" in debugged.stderr


def test_our_errors_still_exit_2_without_the_internal_error_text() -> None:
    result = CliRunner().invoke(main, ["show", "C99"])
    assert result.exit_code == 2
    assert "error[" in result.stderr and "internal error" not in result.stderr
