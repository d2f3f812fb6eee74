"""`motions draft`: write the motion for an edit of the rules, proven before it is printed."""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import click

from motions.book.outline import parse_rulebook
from motions.book.rulebook import Rulebook
from motions.book.text import render_provision
from motions.cli.common import book, reports_errors, rulebook_option, write_output
from motions.drafting.draft import Drafted, DraftError, drafted, drafted_editions
from motions.drafting.draft.wording import HouseStyle
from motions.errors import Severity, error, warning


def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


@click.command(name="draft")
@click.argument("targets", nargs=-1, required=True)
@click.option("--to", "new_text", default=None, help="The provision's new text.")
@click.option(
    "--edit", is_flag=True, help="Edit the provision (with its sub-provisions) in $EDITOR."
)
@click.option(
    "--style",
    type=click.Choice([s.value for s in HouseStyle]),
    default=HouseStyle.LABOUR.value,
    show_default=True,
    help="House style of the wording.",
)
@click.option("--package", default=None, help="With two editions: one NEC package of this name.")
@click.option("--title", default=None, help="The motion's title.")
@click.option("--proposer", default=None, help="The CLP, affiliate or NEC proposing it.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None)
@click.option(
    "--decisions",
    "decisions_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Past conference decisions: warn when the edit touches a part decided too recently.",
)
@rulebook_option
@reports_errors
def draft_command(
    targets: tuple[str, ...],
    new_text: str | None,
    edit: bool,
    style: str,
    package: str | None,
    title: str | None,
    proposer: str | None,
    output: str | None,
    decisions_path: str | None,
    rulebook_path: str | None,
) -> None:
    """Write the motion that makes an edit: TARGETS is a provision (with --to TEXT or --edit),
    or two editions OLD NEW (one motion per changed provision, or --package NAME).

    Every motion is read back and carried before it is printed; if it would not give exactly
    the edit, the command says so and exits 2. Admissibility warnings go to standard error.
    """
    header = tuple(
        (key, value) for key, value in (("Title", title), ("Proposer", proposer)) if value
    )
    if len(targets) == 2:
        if new_text is not None or edit:
            raise DraftError(error("draft-usage", "--to and --edit take one provision"))
        old = rb = parse_rulebook(_read(targets[0]), filename=targets[0])
        new = parse_rulebook(_read(targets[1]), filename=targets[1])
        results = drafted_editions(old, new, style=style, package=package, header=header)
    elif len(targets) == 1:
        rb = book(rulebook_path)
        provision = rb[targets[0]]
        if edit:
            source = render_provision(provision) + "\n"
            edited = click.edit(source, extension=".txt", require_save=True)
            if edited is None or edited.strip() == source.strip():
                raise DraftError(error("draft-unchanged", "the editor was closed without a change"))
            new_text = edited
        if new_text is None:
            raise DraftError(
                error("draft-usage", "say what the provision should read: --to TEXT or --edit")
            )
        results = (drafted(rb, provision.address, new_text, style=style, header=header),)
    else:
        raise DraftError(
            error("draft-usage", "give one provision (with --to or --edit) or two editions")
        )
    _report(results, output)
    if decisions_path is not None:
        _three_year_rule(rb, results, decisions_path)
    sys.exit(0)


def _three_year_rule(rb: Rulebook, results: tuple[Drafted, ...], path: str) -> None:
    """The three-year rule, as `motions check` applies it: a warning, not a refusal (the NEC
    may still deem the matter urgent)."""
    from motions.conflicts import check, load_decisions
    from motions.conflicts.model import Code

    decisions = load_decisions(path, scheme=rb.scheme)
    report = check(rb, [d.motion for d in results], decisions=decisions, carried=False)
    for finding in report.findings:
        if finding.code is Code.THREE_YEAR_RULE:
            click.echo(
                warning("three-year-rule", finding.message, hint=finding.remedy).format(),
                err=True,
            )


def _report(results: tuple[Drafted, ...], output: str | None) -> None:
    write_output(output, "\n---\n\n".join(d.text for d in results))
    for d in results:
        for finding in d.findings:
            if finding.severity is not Severity.NOTE:
                # The span points into the drafted text, which the user did not write.
                plain = attrs.evolve(finding, span=None)
                name = d.motion.header.title or "the drafted motion"
                click.echo(f"{name}:\n{plain.format()}", err=True)


def register(root: click.Group) -> None:
    root.add_command(draft_command)
