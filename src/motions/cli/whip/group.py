"""The `motions whip` group, which every whip subcommand joins."""

from __future__ import annotations

import click


@click.group()
def whip() -> None:
    """Keep a whip book: delegates, lines, mandates and pledges for every card vote."""
