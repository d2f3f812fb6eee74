"""Docs are tests: every `console`, `sh` and `python` block of README.md and docs/*.md runs.

Each page runs in a fresh temporary directory holding a copy of `examples/`, with the `motions`
of this environment first on PATH (see docs/contributing-docs in the README, "Docs are tests"):

- a ```console block is a transcript: `$ command` lines, each followed by the output it prints
  (stdout and stderr together, as a terminal shows them). A line `...` stands for any number of
  lines and `...` inside a line for any text: use it for output that legitimately varies
  (timings, temporary paths). A last line `[exit N]` says the command ends with status N
  (otherwise it must end with 0).
- a ```sh block is commands without output: each must end with status 0 or 1 (1: findings,
  such as conflicts or lint problems) and never print a traceback.
- a ```python block is run (doctest `>>>` blocks are compared too), one namespace per page.
- `<!-- skip: next "why" -->` before a block leaves that block out (say why).

`MOTIONS_DOCS_UPDATE=1 pytest README.md docs` rewrites each failing console transcript with
what the commands print now (transcripts with `...` are left alone: edit those by hand).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

ROOT = Path(__file__).resolve().parent
_ENV = {
    **os.environ,
    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    "NO_COLOR": "1",
    "COLUMNS": "100",
    "PYTHONUNBUFFERED": "1",
    "PYTHONHASHSEED": "0",
}
_EXIT = re.compile(r"^\[exit (\d+)\]$")
#: Transcripts to rewrite at the end of the session: file → [(old block, new block)].
_UPDATES: dict[Path, list[tuple[str, str]]] = {}


def _shell(command: str, cwd: str) -> tuple[int, str]:
    done = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=_ENV, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, timeout=300, check=False,
    )  # fmt: skip
    return done.returncode, done.stdout


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*".join(re.escape(piece) for piece in line.split("...")) + r"\n")
    return re.compile("".join(parts), re.DOTALL if False else 0)


def _normal(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _transcript(source: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in source.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps and steps[-1][0].rstrip().endswith("\\") and not steps[-1][1]:
            command, _ = steps[-1]
            steps[-1] = (command.rstrip()[:-1] + " " + line.strip(), [])
        elif steps:
            steps[-1][1].append(line)
        else:
            raise ValueError(f"a console block must start with '$ ': {line!r}")
    return steps


def evaluate_console(example: Example) -> str | None:
    cwd = example.namespace["docs_cwd"]
    rewritten: list[str] = []
    failures: list[str] = []
    for command, expected in _transcript(example.parsed):
        expected = _normal(expected)
        status = 0
        if expected and (match := _EXIT.match(expected[-1].strip())):
            status, expected = int(match.group(1)), _normal(expected[:-1])
        code, output = _shell(command, cwd)
        actual = _normal(output.splitlines())
        text = "".join(line + "\n" for line in actual)
        if code != status or not _pattern(expected).fullmatch(text):
            failures.append(
                f"$ {command}\n--- expected (exit {status}) ---\n" + "\n".join(expected)
                + f"\n--- got (exit {code}) ---\n{text}"
            )  # fmt: skip
        rewritten += [f"$ {command}", *actual, *([f"[exit {code}]"] if code else [])]
    if failures:
        if os.environ.get("MOTIONS_DOCS_UPDATE") and "..." not in example.parsed:
            new = "\n".join(rewritten) + "\n"
            _UPDATES.setdefault(Path(example.path), []).append((example.parsed, new))
        return "\n\n".join(failures)
    return None


def evaluate_sh(example: Example) -> str | None:
    """Run the block as one bash script; stop at the first command that ends with status 2 or
    more (1 is a command's "findings" status, documented as such)."""
    script = (
        "trap 'status=$?; if [ $status -ge 2 ]; then "
        'echo "[exit $status] $BASH_COMMAND"; exit $status; fi\' ERR\n' + example.parsed
    )
    code, output = _shell(script, example.namespace["docs_cwd"])
    if code >= 2 or "Traceback (most recent call last)" in output:
        return f"exit {code}\n{output}"
    return None


def _setup(namespace: dict[str, Any]) -> None:
    where = tempfile.mkdtemp(prefix="motions-docs-")
    shutil.copytree(ROOT / "examples", Path(where) / "examples")
    namespace["docs_cwd"] = where
    namespace["docs_previous_cwd"] = os.getcwd()
    os.chdir(where)


def _teardown(namespace: dict[str, Any]) -> None:
    os.chdir(namespace["docs_previous_cwd"])
    shutil.rmtree(namespace["docs_cwd"], ignore_errors=True)


pytest_collect_file = Sybil(
    parsers=[
        CodeBlockParser("console", evaluate_console),
        CodeBlockParser("sh", evaluate_sh),
        PythonCodeBlockParser(),
        SkipParser(),
    ],
    patterns=["README.md", "docs/*.md"],
    excludes=["docs/notes/*"],
    setup=_setup,
    teardown=_teardown,
).pytest()


def pytest_sessionfinish() -> None:
    """Apply the transcript rewrites `MOTIONS_DOCS_UPDATE=1` asked for."""
    for path, changes in _UPDATES.items():
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
