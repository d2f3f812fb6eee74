"""`motions tally`: a card vote projected from the book, or published figures totalled."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import click

from motions.cli.common import emit_json
from motions.cli.whip.options import (
    book_option,
    format_option,
    plain,
    reports_whip_errors,
)
from motions.errors import WhipError, error
from motions.whip import (
    Assumption,
    Conference,
    Objective,
    Position,
    ProbabilityModel,
    Threshold,
    WhipBook,
    combine_percentages,
    index_conference,
    parse_weights,
    path_to_victory,
    project,
    tally_counts,
    win_probability,
)
from motions.whip.arithmetic import CardVoteResult, SectionWeights
from motions.whip.published import half_shares, total_only
from motions.whip.report import (
    Aim,
    card_vote_json,
    path_cell,
    projection_json,
    projection_text,
    result_lines,
    summary_row,
    summary_table,
)

# -- tally ---------------------------------------------------------------------------------


def _aim(conference: Conference, number: int, aim: str, faction: str | None) -> Aim:
    if aim in ("for", "against"):
        return Aim(Position(aim), f"chosen with --aim {aim}")
    who = faction or conference.home_faction
    if who:
        for rec in conference.recommendations:
            if rec.faction == who and rec.card_vote == number:
                position = rec.line.position
                if position in (Position.FOR, Position.AGAINST):
                    assert position is not None
                    return Aim(position, f"{who}'s line is {rec.line.value}")
                return Aim(
                    Position.FOR,
                    f"{who}'s line is {rec.line.value}; showing how to carry it (use --aim)",
                )
        return Aim(Position.FOR, f"{who} has no line on CV{number}; showing how to carry it")
    return Aim(Position.FOR, "no faction set; showing how to carry it (use --aim)")


def _published(
    given: set[str],
    figures: Mapping[str, tuple[object, ...]],
    weights: SectionWeights,
    threshold: Threshold,
) -> CardVoteResult:
    """A result from figures in one published shape (raw counts with or without abstentions,
    section percentages, a total alone, or half-share rows)."""
    raw = figures["raw"]
    if given <= {"raw", "abstain"} and "raw" in given and all(v is not None for v in raw):
        counts = [int(str(v)) for v in raw]
        clp_abstain, aff_abstain = figures["abstain"]
        return tally_counts(
            *counts,
            weights=weights,
            threshold=threshold,
            clp_abstain=None if clp_abstain is None else int(str(clp_abstain)),
            affiliate_abstain=None if aff_abstain is None else int(str(aff_abstain)),
        )
    if given == {"percents"} and all(v is not None for v in figures["percents"]):
        clp, aff = (str(v) for v in figures["percents"])
        return combine_percentages(clp, aff, weights=weights, threshold=threshold)
    if given == {"total"}:
        return total_only(str(figures["total"][0]), threshold=threshold)
    if given == {"half"}:
        return half_shares(str(figures["half"][0]), weights=weights, threshold=threshold)
    raise WhipError(
        error(
            "whip.usage",
            "give the figures in one published shape",
            hint="all four raw counts (--clp-for N --clp-against N --aff-for N --aff-against N, "
            "abstentions optional), both percentages (--clp-percent X --aff-percent Y), "
            "--total-percent X, or --half-shares A,B,C,D",
        )
    )


@click.command()
@click.argument("card_vote", required=False)
@click.option("--all", "all_votes", is_flag=True, help="Tally every card vote in the book.")
@book_option
@click.option(
    "--undecided",
    type=click.Choice([a.value for a in Assumption]),
    default=Assumption.EXCLUDE.value,
    show_default=True,
    help="How undecided voters are counted.",
)
@click.option(
    "--weights", default="50/50", show_default=True, help="Section weights, CLPs/affiliates."
)
@click.option(
    "--threshold",
    type=click.Choice([t.value for t in Threshold]),
    help="Override the card vote's threshold.",
)
@click.option(
    "--probability/--no-probability",
    default=None,
    help="Chance of being carried (default: on for one card vote, off for --all).",
)
@click.option("--samples", type=click.IntRange(min=1), default=4000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option(
    "--path/--no-path",
    "show_path",
    default=None,
    help="Paths to victory (default: on for one card vote; with --all, the fewest voters "
    "each card vote needs, toward the line).",
)
@click.option(
    "--aim",
    type=click.Choice(["auto", "for", "against"]),
    default="auto",
    show_default=True,
    help="Which way we want it (auto: our faction's line).",
)
@click.option("--faction", help="Whose line decides the aim (default: the book's faction).")
@click.option("--clp-for", type=click.IntRange(min=0), help="Raw CLP votes for (no book).")
@click.option("--clp-against", type=click.IntRange(min=0))
@click.option("--aff-for", type=click.IntRange(min=0), help="Raw affiliate votes for.")
@click.option("--aff-against", type=click.IntRange(min=0))
@click.option(
    "--clp-abstain", type=click.IntRange(min=0), help="Raw CLP abstentions, if published."
)
@click.option("--aff-abstain", type=click.IntRange(min=0), help="Raw affiliate abstentions.")
@click.option("--total-percent", help="A published total alone (no book), e.g. 95.52.")
@click.option(
    "--half-shares",
    help="Published half-share rows: CLP for, CLP against, aff for, aff against (48.76,1.24,...).",
)
@click.option("--clp-percent", help="Published CLP % for (no book), e.g. 47.14.")
@click.option("--aff-percent", help="Published affiliates' % for, e.g. 60.20.")
@format_option
@reports_whip_errors
def tally(
    card_vote: str | None,
    all_votes: bool,
    book: Path,
    undecided: str,
    weights: str,
    threshold: str | None,
    probability: bool | None,
    samples: int,
    seed: int,
    show_path: bool,
    aim: str,
    faction: str | None,
    clp_for: int | None,
    clp_against: int | None,
    aff_for: int | None,
    aff_against: int | None,
    clp_abstain: int | None,
    aff_abstain: int | None,
    total_percent: str | None,
    half_shares: str | None,
    clp_percent: str | None,
    aff_percent: str | None,
    fmt: str,
) -> None:
    """Project a card vote from the whip book, or total published section figures.

    \b
    motions tally CV7                     projection, chance, path to victory
    motions tally --all                   every card vote, one line each
    motions tally --clp-for 342921 --clp-against 8723 --aff-for 1810113 --aff-against 4825
    motions tally --clp-percent 47.14 --aff-percent 60.20
    """
    section_weights = parse_weights(weights)
    bar = Threshold(threshold) if threshold else None
    published = {
        "raw": (clp_for, clp_against, aff_for, aff_against),
        "abstain": (clp_abstain, aff_abstain),
        "percents": (clp_percent, aff_percent),
        "total": (total_percent,),
        "half": (half_shares,),
    }
    given = {k for k, values in published.items() if any(v is not None for v in values)}
    if given:
        if card_vote is not None or all_votes:
            raise WhipError(error("whip.usage", "give a card vote or published figures, not both"))
        result = _published(
            given,
            published,
            section_weights,
            bar or Threshold.MAJORITY,
        )
        if fmt == "json":
            emit_json("tally", plain({"mode": "published", "result": result.to_json()}))
        else:
            click.echo("\n".join(result_lines(result)))
        return
    if (card_vote is None) == (not all_votes):
        raise WhipError(
            error(
                "whip.usage",
                "name one card vote, or --all",
                hint="motions tally CV7, or motions tally --all",
            )
        )
    assumption = Assumption(undecided)
    model = ProbabilityModel(samples=samples, seed=seed)
    with WhipBook.open(book, write=False) as opened:
        number = opened.card_vote(card_vote).number if card_vote is not None else None
        conference = opened.snapshot(card_vote=number)
        faction = None if faction is None else opened.resolve_faction(faction)
    index = index_conference(conference)
    if number is None:
        with_probability = bool(probability)
        rows = []
        text = []
        home = conference.home_faction
        lines = {r.card_vote: r.line.value for r in conference.recommendations if r.faction == home}
        for cv in conference.card_votes:
            projection = project(
                index, cv.number, assumption=assumption, weights=section_weights, threshold=bar
            )
            chance = (
                win_probability(projection, weights=section_weights, threshold=bar, model=model)
                if with_probability
                else None
            )
            row: dict[str, object] = {
                "card_vote": card_vote_json(cv),
                "result": projection.result.to_json(),
                "probability": None if chance is None else chance.to_json(),
                "line": lines.get(cv.number),
            }
            cells = summary_row(projection, chance, lines.get(cv.number))
            if show_path:
                target = _aim(conference, cv.number, aim, faction)
                routes = [
                    path_to_victory(
                        projection,
                        aim=target.position,
                        objective=objective,
                        weights=section_weights,
                        threshold=bar,
                    )
                    # The table shows the fewest voters; JSON carries all three.
                    for objective in (Objective if fmt == "json" else (Objective.COUNT,))
                ]
                row["aim"] = target.position.value
                row["path"] = {r.objective.value: r.to_json() for r in routes}
                cells = (*cells, path_cell(target.position, routes[0]))
            rows.append(row)
            text.append(cells)
        if fmt == "json":
            emit_json(
                "tally", plain({"mode": "all", "assumption": assumption.value, "card_votes": rows})
            )
        else:
            click.echo(summary_table(text, with_probability, with_path=bool(show_path)))
        return
    projection = project(
        index, number, assumption=assumption, weights=section_weights, threshold=bar
    )
    chance = None
    if probability is None or probability:
        chance = win_probability(projection, weights=section_weights, threshold=bar, model=model)
    chosen = _aim(conference, number, aim, faction) if show_path is not False else None
    paths = []
    risks = []
    if chosen is not None:
        for objective in Objective:
            found = path_to_victory(
                projection,
                aim=chosen.position,
                objective=objective,
                weights=section_weights,
                threshold=bar,
            )
            paths.append(found)
        if paths[0].status.value == "already-winning":
            risks = [
                path_to_victory(
                    projection,
                    aim=chosen.position.opposite,
                    objective=Objective.COUNT,
                    weights=section_weights,
                    threshold=bar,
                )
            ]
    if fmt == "json":
        found_json = projection_json(
            projection, probability=chance, aim=chosen, paths=paths, risks=risks
        )
        emit_json("tally", plain({"mode": "card-vote", **found_json}))
    else:
        click.echo(
            projection_text(projection, probability=chance, aim=chosen, paths=paths, risks=risks)
        )
