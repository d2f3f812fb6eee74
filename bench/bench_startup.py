"""Cold start: `motions --help`, `show` and `diff` against a minimal click CLI and `black`.

Every command runs in a fresh interpreter, the programs interleaved round by round, and the best
of the rounds is kept (the machine is shared: ratios measured side by side are what count).
Imports are timed the same way: `import motions` against `import click, lark, attrs`.

"projected" rows run the same command with the package's own `__init__` (the public API)
replaced by an empty package, which is what the CLI costs apart from that API (now loaded
lazily, so they should match the real rows). The motion grammar is read through
`motions.grammars` (its cache) by the reader itself.

The issue's targets were set when a minimal click CLI took 80 ms; "target ×" is each target
as a multiple of that, the figure to compare with "× minimal click" on a machine of any speed.

The grammar cache is warmed first (one untimed run), as it is for a user after the first run.
So is Python's bytecode cache: an installed package has its `.pyc` files (pip writes them), and
an editable one writes them on its first run, unless `PYTHONDONTWRITEBYTECODE` is set, as it is
in some sandboxes and CI images. Then every run compiles every module of ours from source (about
70 ms for `motions tally`): the bench drops that variable from its children's environment unless
`--no-bytecode` keeps it set, and says which it measured.

    python bench/bench_startup.py [--rounds 7] [--no-bytecode]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOTION = str(ROOT / "examples" / "motions" / "threshold.motion")
#: A minimal click CLI's start when the issue set its targets.
ISSUE_CLICK_MS = 80

_MINIMAL_CLICK = """
import click
@click.group()
def main():
    "A minimal CLI."
@main.command()
def hello():
    "Say hello."
main(["--help"])
"""

_RUN_MOTIONS = """
import sys, types, importlib.util
if sys.argv[1] == "stub":
    package = types.ModuleType("motions")
    package.__path__ = list(importlib.util.find_spec("motions").submodule_search_locations)
    sys.modules["motions"] = package
from motions.cli.app import main
main(sys.argv[2:], prog_name="motions")
"""


def _motions(mode: str, *args: str) -> list[str]:
    return [sys.executable, "-c", _RUN_MOTIONS, mode, *args]


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def child_environment(bytecode: bool) -> dict[str, str]:
    """The environment of the timed programs: with Python's bytecode cache on (what a user
    has) or, with `bytecode=False`, off (every module compiled from source on every run)."""
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--no-bytecode", action="store_true", help="compile every module on every run"
    )
    options = parser.parse_args()
    env = child_environment(not options.no_bytecode)

    programs: dict[str, list[str]] = {
        "python -c pass": _python("pass"),
        "minimal click --help": _python(_MINIMAL_CLICK),
        "import click, lark, attrs": _python("import click, lark, attrs"),
        "import motions": _python("import motions"),
        "motions --help": _motions("real", "--help"),
        "motions show C4.II.2": _motions("real", "show", "C4.II.2"),
        "motions diff threshold": _motions("real", "diff", MOTION),
        "projected --help": _motions("stub", "--help"),
        "projected show": _motions("stub", "show", "C4.II.2"),
        "projected diff": _motions("stub", "diff", MOTION),
    }
    black = shutil.which("black")
    if black:
        programs["black --version"] = [black, "--version"]

    for argv in programs.values():  # warm the grammar and bytecode caches, and the OS's
        _time(argv, env)
    best = {name: float("inf") for name in programs}
    for _ in range(options.rounds):
        for name, argv in programs.items():
            best[name] = min(best[name], _time(argv, env))

    click_ms = best["minimal click --help"] * 1000
    targets = {"motions --help": 200, "motions show C4.II.2": 250, "motions diff threshold": 300}
    targets |= {"import motions": 150, "projected --help": 200, "projected show": 250}
    targets |= {"projected diff": 300}
    cache = "off (compiled on every run)" if options.no_bytecode else "on"
    print(f"best of {options.rounds} rounds, each in a fresh interpreter; bytecode cache {cache}")
    print(f"{'program':32} {'ms':>7} {'× minimal click':>16} {'target ms':>10} {'target ×':>9}")
    for name, seconds in best.items():
        ms = seconds * 1000
        target = targets.get(name)
        shown = f"{target:>10} {target / ISSUE_CLICK_MS:9.2f}" if target else ""
        print(f"{name:32} {ms:7.0f} {ms / click_ms:16.1f} {shown}")


if __name__ == "__main__":
    main()
