"""Card-vote arithmetic (see docs/whip.md): section shares, weighted totals, rounding, thresholds.

Each section's share is for / (for + against) of the votes it cast; abstentions and absentees
count in neither. The total is the weighted mean of the section shares (50/50 by default). All
of it is exact (`fractions.Fraction`); only printing rounds, to two decimals, half up, through
integer arithmetic. That reproduces every published 2021 figure, including the EHRC
package (64.74 and 82.53 average to exactly 73.635, printed 73.64), which binary floating point
gets wrong (`round((64.74 + 82.53) / 2, 2)` is 73.63). The against figure printed beside a
share is 100 minus the rounded for figure, so the two always add up to 100.00.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import attrs

from motions.errors import WhipError, error
from motions.whip.model import Section, Threshold

HALF = Fraction(1, 2)
TWO_THIRDS = Fraction(2, 3)


def percent(share: Fraction) -> Decimal:
    """`share` (0..1) as a percentage with two decimals, rounded half up, exactly."""
    scaled = share * 10000
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(whole).scaleb(-2)


_PERCENT = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*$")


def parse_percent(text: str | Decimal | float) -> Fraction:
    """A published percentage ("47.14", "47.14%") as an exact share (0.4714)."""
    match = _PERCENT.match(str(text))
    value = Fraction(match.group(1)) / 100 if match else None
    if value is None or value > 1:
        raise WhipError(
            error(
                "whip.bad-percent",
                f"{str(text).strip()!r} is not a percentage between 0 and 100",
                hint="write a published percentage such as 47.14",
            )
        )
    return value


def _weight(value: object) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | str | Decimal):
        return Fraction(value)
    raise TypeError(f"a section weight is a Fraction, int, str or Decimal, not {value!r}")


@attrs.frozen
class SectionWeights:
    """How much each section counts in the total; the two weights add up to 1."""

    clp: Fraction = attrs.field(default=HALF, converter=_weight)
    affiliate: Fraction = attrs.field(default=HALF, converter=_weight)

    def __attrs_post_init__(self) -> None:
        if self.clp < 0 or self.affiliate < 0 or self.clp + self.affiliate != 1:
            raise ValueError(
                f"section weights must be non-negative and add up to 1, got "
                f"{self.clp} and {self.affiliate}"
            )

    def of(self, section: Section) -> Fraction:
        return self.clp if section is Section.CLP else self.affiliate

    def describe(self) -> str:
        return f"{percent(self.clp).normalize():f}/{percent(self.affiliate).normalize():f}"


DEFAULT_WEIGHTS = SectionWeights()


def parse_weights(text: str) -> SectionWeights:
    """`50/50`, `60/40`, `1:1`: the CLP weight, then the affiliates' weight."""
    parts = re.split(r"[/:,]", text.strip())
    try:
        if len(parts) != 2:
            raise ValueError(text)
        clp, affiliate = (Fraction(p.strip()) for p in parts)
        if clp < 0 or affiliate < 0 or clp + affiliate == 0:
            raise ValueError(text)
    except (ValueError, ZeroDivisionError):
        raise WhipError(
            error(
                "whip.bad-weights",
                f"{text!r} is not a pair of section weights",
                hint="write the CLP weight then the affiliates' weight, such as 50/50 or 60/40",
            )
        ) from None
    total = clp + affiliate
    return SectionWeights(clp=clp / total, affiliate=affiliate / total)


class Outcome(StrEnum):
    """What a card vote does: carried, lost, or undetermined (a section cast no votes)."""

    CARRIED = "carried"
    LOST = "lost"
    UNDETERMINED = "undetermined"


def passes(total_for: Fraction, threshold: Threshold) -> bool:
    """A simple majority needs more than half; two thirds needs at least two thirds."""
    if threshold is Threshold.MAJORITY:
        return total_for > HALF
    return total_for >= TWO_THIRDS


def _optional_fraction(value: object) -> Fraction | None:
    return None if value is None else _weight(value)


@attrs.frozen
class SectionResult:
    """One section's votes and share. Vote counts are None where only a share was published."""

    section: Section
    for_share: Fraction | None
    votes_for: Fraction | None = attrs.field(default=None, converter=_optional_fraction)
    votes_against: Fraction | None = attrs.field(default=None, converter=_optional_fraction)
    votes_abstain: Fraction | None = attrs.field(default=None, converter=_optional_fraction)
    votes_undecided: Fraction | None = attrs.field(default=None, converter=_optional_fraction)

    @property
    def for_percent(self) -> Decimal | None:
        return None if self.for_share is None else percent(self.for_share)

    @property
    def against_percent(self) -> Decimal | None:
        shown = self.for_percent
        return None if shown is None else Decimal(100) - shown

    def to_json(self) -> dict[str, object]:
        return {
            "section": self.section.value,
            "for_percent": _json_decimal(self.for_percent),
            "against_percent": _json_decimal(self.against_percent),
            "votes_for": _json_votes(self.votes_for),
            "votes_against": _json_votes(self.votes_against),
            "votes_abstain": _json_votes(self.votes_abstain),
            "votes_undecided": _json_votes(self.votes_undecided),
        }


def _json_decimal(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _json_votes(value: Fraction | None) -> float | int | None:
    if value is None:
        return None
    if value.denominator == 1:
        return value.numerator
    return float(percent(value / 100))


@attrs.frozen
class CardVoteResult:
    """Both sections, the weighted total and what it means for the motion."""

    sections: tuple[SectionResult, ...]
    weights: SectionWeights
    threshold: Threshold
    total_for: Fraction | None
    outcome: Outcome

    @property
    def total_for_percent(self) -> Decimal | None:
        return None if self.total_for is None else percent(self.total_for)

    @property
    def total_against_percent(self) -> Decimal | None:
        shown = self.total_for_percent
        return None if shown is None else Decimal(100) - shown

    @property
    def carried(self) -> bool:
        return self.outcome is Outcome.CARRIED

    def section(self, section: Section) -> SectionResult:
        for result in self.sections:
            if result.section is section:
                return result
        raise KeyError(section)

    def to_json(self) -> dict[str, object]:
        return {
            "sections": [s.to_json() for s in self.sections],
            "weights": {"clp": float(self.weights.clp), "affiliate": float(self.weights.affiliate)},
            "threshold": self.threshold.value,
            "total_for_percent": _json_decimal(self.total_for_percent),
            "total_against_percent": _json_decimal(self.total_against_percent),
            "outcome": self.outcome.value,
        }


def share(votes_for: Fraction | int, votes_against: Fraction | int) -> Fraction | None:
    """for / (for + against), or None when the section cast no votes either way."""
    cast = votes_for + votes_against
    if cast == 0:
        return None
    return Fraction(votes_for) / cast


def section_result(
    section: Section,
    votes_for: Fraction | int,
    votes_against: Fraction | int,
    *,
    votes_abstain: Fraction | int | None = None,
    votes_undecided: Fraction | int | None = None,
) -> SectionResult:
    """A section's result from its votes for and against."""
    if votes_for < 0 or votes_against < 0:
        raise WhipError(
            error(
                "whip.bad-count",
                f"{section.label}: vote counts must not be negative "
                f"(for {votes_for}, against {votes_against})",
                hint="give the votes cast for and against as whole numbers, 0 or more",
            )
        )
    return SectionResult(
        section=section,
        for_share=share(votes_for, votes_against),
        votes_for=Fraction(votes_for),
        votes_against=Fraction(votes_against),
        votes_abstain=votes_abstain,
        votes_undecided=votes_undecided,
    )


def combine(
    sections: tuple[SectionResult, ...],
    *,
    weights: SectionWeights = DEFAULT_WEIGHTS,
    threshold: Threshold = Threshold.MAJORITY,
) -> CardVoteResult:
    """The weighted total of the section shares and the outcome it gives.

    The total is undetermined when a section with a non-zero weight cast no votes.
    """
    total: Fraction | None = Fraction(0)
    for result in sections:
        weight = weights.of(result.section)
        if weight == 0:
            continue
        if result.for_share is None or total is None:
            total = None
            continue
        total += weight * result.for_share
    if total is None:
        outcome = Outcome.UNDETERMINED
    else:
        outcome = Outcome.CARRIED if passes(total, threshold) else Outcome.LOST
    return CardVoteResult(
        sections=sections, weights=weights, threshold=threshold, total_for=total, outcome=outcome
    )


def tally_counts(
    clp_for: int,
    clp_against: int,
    affiliate_for: int,
    affiliate_against: int,
    *,
    weights: SectionWeights = DEFAULT_WEIGHTS,
    threshold: Threshold = Threshold.MAJORITY,
    clp_abstain: int | None = None,
    affiliate_abstain: int | None = None,
) -> CardVoteResult:
    """A card vote's result from the raw counts of both sections, as published; abstentions,
    where published, are shown and count in neither share."""
    return combine(
        (
            section_result(Section.CLP, clp_for, clp_against, votes_abstain=clp_abstain),
            section_result(
                Section.AFFILIATE, affiliate_for, affiliate_against, votes_abstain=affiliate_abstain
            ),
        ),
        weights=weights,
        threshold=threshold,
    )


def combine_percentages(
    clp_percent: str | Decimal,
    affiliate_percent: str | Decimal,
    *,
    weights: SectionWeights = DEFAULT_WEIGHTS,
    threshold: Threshold = Threshold.MAJORITY,
) -> CardVoteResult:
    """A card vote's total from the two published section percentages (for)."""
    return combine(
        (
            SectionResult(Section.CLP, parse_percent(clp_percent)),
            SectionResult(Section.AFFILIATE, parse_percent(affiliate_percent)),
        ),
        weights=weights,
        threshold=threshold,
    )
