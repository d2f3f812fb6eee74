"""What every command shares: `-` for standard input and output, `-o/--output`, `--quiet`,
and a closed pipe ending a command quietly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from motions.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
THRESHOLD = EXAMPLES / "motions" / "threshold.motion"


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_a_motion_read_from_standard_input() -> None:
    code, out, _ = run(["diff", "-", "--no-colour"], stdin=THRESHOLD.read_text(encoding="utf-8"))
    assert code == 0
    assert out.startswith("== <stdin>#1 · Lower the leadership nomination threshold · Lewisham")
    assert "at least [-20-]{+10+} per cent" in out


def test_a_broken_motion_on_standard_input_is_located_there() -> None:
    code, out, err = run(["lint", "-"], stdin="Title: x\n\nAmendment\nDelete the lot\n")
    assert code == 2 and out == ""
    assert err.startswith("<stdin>:4:")


def test_apply_writes_the_edition_to_standard_output_with_dash(tmp_path: Path) -> None:
    code, out, err = run(["apply", str(THRESHOLD), "-o", "-"])
    assert code == 0
    assert out.startswith("Title: Model Rule Book\nEdition: 2026 as amended\n")
    assert "at least 10 per cent of the Commons members" in out
    assert "carried 1 of 1 motions; wrote standard output" in err
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_a_rule_book_read_from_standard_input(repo_root: Path) -> None:
    text = (EXAMPLES / "editions" / "rulebook-2026.txt").read_text(encoding="utf-8")
    code, out, _ = run(["outline", "--depth", "1", "--rulebook", "-"], stdin=text)
    assert code == 0 and out.splitlines()[0].endswith("(2026)")


def test_output_option_is_the_same_on_every_command_that_writes(tmp_path: Path) -> None:
    agenda = [str(p) for p in sorted((EXAMPLES / "agenda-2026").glob("0[12]-*.motion"))]
    out = tmp_path / "graph.dot"
    code, printed, err = run(["graph", *agenda, "--format", "dot", "--output", str(out)])
    assert code == 0 and printed == "" and err == f"wrote {out}\n"
    code, same, _ = run(["graph", *agenda, "--format", "dot", "-o", "-"])
    assert code == 0 and same == out.read_text(encoding="utf-8")
    for command in ("apply", "graph"):
        _, help_text, _ = run([command, "--help"])
        assert "-o, --output" in help_text and "standard output)" in help_text


def test_quiet_says_nothing_but_problems(tmp_path: Path) -> None:
    out = tmp_path / "book.txt"
    code, _, err = run(["apply", str(THRESHOLD), "-o", str(out), "--quiet"])
    assert code == 0 and err == "" and out.exists()
    code, _, err = run(["lint", str(THRESHOLD), "-q"])
    assert code == 0 and err == ""
    broken = EXAMPLES / "motions" / "broken-words-not-found.motion"
    code, _, err = run(["apply", str(broken), "-o", str(out), "-q"])
    assert code == 1 and "error[words-not-found]" in err


def test_a_closed_pipe_ends_quietly_with_the_shells_sigpipe_status() -> None:
    """`motions outline | true`: the reader is gone before the first line is written (closed
    at once, while the interpreter is still starting). No message, no traceback, status 141."""
    process = subprocess.Popen(
        [sys.executable, "-m", "motions", "outline", "--depth", "8", "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert err == b""


def test_an_old_spelling_of_output_still_works_and_is_hidden(tmp_path: Path) -> None:
    """`output_option(aliases=("--out",))` keeps a command's old option name working."""
    import click

    from motions.cli.common import output_option, write_output

    @click.command()
    @output_option("Where to write", required=True, aliases=("--out",))
    def command(output: str) -> None:
        write_output(output, "done\n")

    runner = CliRunner()
    old = runner.invoke(command, ["--out", str(tmp_path / "a.txt")])
    assert old.exit_code == 0 and (tmp_path / "a.txt").read_text() == "done\n"
    new = runner.invoke(command, ["-o", "-"])
    assert new.exit_code == 0 and new.stdout == "done\n"
    missing = runner.invoke(command, [])
    assert missing.exit_code == 2 and "Missing option '-o' / '--output'" in missing.stderr
    help_text = runner.invoke(command, ["--help"]).stdout
    assert "--output" in help_text and "--out " not in help_text
