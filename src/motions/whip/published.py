"""Card-vote results entered in whatever shape they were published.

Results reach whips as raw section votes (with or without abstentions), section percentages,
a total on its own ("95.52% for, 4.48% against, CARRIED"), or "half-share" rows: each
section's for and against as shares of the whole conference (with sections weighted 50/50,
CLP for 48.76 and CLP against 1.24 mean the CLPs voted 97.52% for). Each shape becomes the same
`CardVoteResult`, with what was not published left as None, so `tally` prints and checks them
alike. All of it exact (`fractions.Fraction` from the published decimals).
"""

from __future__ import annotations

from fractions import Fraction

from motions.errors import WhipError, error
from motions.whip.arithmetic import (
    DEFAULT_WEIGHTS,
    CardVoteResult,
    Outcome,
    SectionResult,
    SectionWeights,
    combine,
    parse_percent,
    passes,
)
from motions.whip.model import Section, Threshold


def total_only(total_percent: str, *, threshold: Threshold = Threshold.MAJORITY) -> CardVoteResult:
    """A result published as its total alone: the sections are unknown, the outcome is not."""
    total = parse_percent(total_percent)
    return CardVoteResult(
        sections=(SectionResult(Section.CLP, None), SectionResult(Section.AFFILIATE, None)),
        weights=DEFAULT_WEIGHTS,
        threshold=threshold,
        total_for=total,
        outcome=Outcome.CARRIED if passes(total, threshold) else Outcome.LOST,
    )


def half_shares(
    rows: str,
    *,
    weights: SectionWeights = DEFAULT_WEIGHTS,
    threshold: Threshold = Threshold.MAJORITY,
) -> CardVoteResult:
    """`CLP for, CLP against, affiliates for, affiliates against`, each a share of the whole
    (as published, such as "48.76, 1.24, 49.87, 0.13"), as a result.

    A section's own share is its for row over its two rows; the rows of a section must add up
    to that section's weight (to within the published rounding, 0.02 points).
    """
    parts = [p.strip() for p in rows.replace(";", ",").split(",")]
    if len(parts) != 4:
        raise WhipError(
            error(
                "whip.bad-half-shares",
                f"{rows!r} is not four half-share rows",
                hint="give CLP for, CLP against, affiliates for, affiliates against, such as "
                "48.76,1.24,49.87,0.13",
            )
        )
    values = [parse_percent(p) for p in parts]
    sections = []
    for section, (row_for, row_against) in (
        (Section.CLP, (values[0], values[1])),
        (Section.AFFILIATE, (values[2], values[3])),
    ):
        cast = row_for + row_against
        if abs(cast - weights.of(section)) > Fraction(2, 10000):
            raise WhipError(
                error(
                    "whip.bad-half-shares",
                    f"{section.label}: the half-share rows add up to {float(cast * 100):.2f}, "
                    f"not the section's weight {float(weights.of(section) * 100):.2f}",
                    hint="check the rows against the published table (with abstentions "
                    "published apart, the for and against rows still add up to the weight)",
                )
            )
        sections.append(SectionResult(section, None if cast == 0 else row_for / cast))
    return combine(tuple(sections), weights=weights, threshold=threshold)
