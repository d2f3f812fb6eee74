"""Whip-book commands: `motions whip ...`, `motions tally`, `motions entitlement`.

Every command reads its input, calls the library, and prints text or JSON. Bad input of any
kind ends with one clear message on stderr and exit status 2, never a traceback; a closed pipe
(`| head`) ends the command quietly.
"""

from __future__ import annotations

import click

from motions.cli.whip import ballots, book, reading, recording
from motions.cli.whip.entitlement import entitlement_command
from motions.cli.whip.group import whip
from motions.cli.whip.tally import tally

__all__ = ["ballots", "book", "reading", "recording", "register"]


def register(root: click.Group) -> None:
    """Add the whip-book commands to the root group."""
    root.add_command(whip)
    root.add_command(tally)
    root.add_command(entitlement_command)
