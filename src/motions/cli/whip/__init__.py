"""Whip-book commands: `motions whip ...`, `motions tally`, `motions entitlement`.

Every command reads its input, calls the library, and prints text or JSON. Bad input of any
kind ends with one clear message on stderr and exit status 2, never a traceback; a closed pipe
(`| head`) ends the command quietly.

The package imports nothing itself, so `motions tally` loads `tally.py` and what it uses, not
the `whip` group's subcommands: `commands.py` assembles the group and `register`s it all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["register"]


def __getattr__(name: str) -> Any:
    """Load `register` (and with it every whip command) the first time it is asked for."""
    if name != "register":
        raise AttributeError(f"module 'motions.cli.whip' has no attribute {name!r}")
    from motions.cli.whip.commands import register

    return register


if TYPE_CHECKING:
    from motions.cli.whip.commands import register
