"""`motions entitlement`: how many delegates a CLP may send."""

from __future__ import annotations

import click

from motions.cli.whip.options import (
    emit_json,
    format_option,
    reports_whip_errors,
)
from motions.whip import (
    EntitlementRules,
    entitlement,
)
from motions.whip.report import (
    entitlement_text,
)

# -- entitlement ---------------------------------------------------------------------------


@click.command("entitlement")
@click.argument("members", type=int)
@click.option("--women", type=int, default=0, show_default=True, help="Women members.")
@click.option(
    "--young", type=int, default=0, show_default=True, help="Young Labour members (under 27)."
)
@click.option(
    "--first-band",
    type=click.IntRange(min=1),
    default=749,
    show_default=True,
    help="Members covered by the first delegate.",
)
@click.option(
    "--band",
    type=click.IntRange(min=1),
    default=250,
    show_default=True,
    help="Members per further delegate.",
)
@click.option(
    "--cap",
    type=click.IntRange(min=1),
    default=6,
    show_default=True,
    help="Most delegates by membership (extras are outside it).",
)
@format_option
@reports_whip_errors
def entitlement_command(
    members: int, women: int, young: int, first_band: int, band: int, cap: int, fmt: str
) -> None:
    """How many delegates a CLP of MEMBERS members may send."""
    result = entitlement(
        members,
        women=women,
        young=young,
        rules=EntitlementRules(first_band=first_band, band=band, cap=cap),
    )
    if fmt == "json":
        emit_json("entitlement", result.to_json())
    else:
        click.echo(entitlement_text(result))
