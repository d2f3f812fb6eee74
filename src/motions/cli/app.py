"""The root click group and the registration of every capability's commands."""

from __future__ import annotations

import click

from motions.cli import brief as brief_commands
from motions.cli import conflicts as conflicts_commands
from motions.cli import draft as draft_commands
from motions.cli import drafting as drafting_commands
from motions.cli import editions as editions_commands
from motions.cli import rulebook as rulebook_commands
from motions.cli import whip as whip_commands
from motions.cli.common import GuardedGroup, debug_option


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="motions")
@debug_option
def main() -> None:
    """Party rule books as trees, rule changes as diffs, whips and card votes."""


rulebook_commands.register(main)
drafting_commands.register(main)
draft_commands.register(main)
conflicts_commands.register(main)
brief_commands.register(main)
editions_commands.register(main)
whip_commands.register(main)
