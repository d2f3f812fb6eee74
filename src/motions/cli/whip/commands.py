"""The `whip` group with every subcommand registered, and `register` for the eager root.

Importing the subcommand modules is what adds them to the group (their decorators), so this
module is what `motions whip` loads; `motions tally` does not.
"""

from __future__ import annotations

import click

from motions.cli.whip import ballots, book, reading, recording
from motions.cli.whip.entitlement import entitlement_command
from motions.cli.whip.group import whip
from motions.cli.whip.tally import tally

__all__ = [
    "ballots",
    "book",
    "entitlement_command",
    "reading",
    "recording",
    "register",
    "tally",
    "whip",
]


def register(root: click.Group) -> None:
    """Add the whip-book commands to the root group."""
    root.add_command(whip)
    root.add_command(tally)
    root.add_command(entitlement_command)
