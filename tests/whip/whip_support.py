"""Builders shared by the whip-book tests (imported as `whip_support`)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from motions.whip import (
    CardVote,
    Conference,
    Delegate,
    Delegation,
    Pledge,
    Position,
    Section,
    Threshold,
    WhipBook,
    parse_delegates,
    parse_delegations,
    parse_mandates,
    parse_pledges,
    read_card_votes,
    read_recommendations,
)
from motions.whip.tomlio import read_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "conference-2026"


def import_example(book: WhipBook, *, pledges: bool = True) -> None:
    book.import_data(
        delegations=parse_delegations(read_text(EXAMPLE / "delegations.csv"), "delegations.csv"),
        delegates=parse_delegates(read_text(EXAMPLE / "delegates.csv"), "delegates.csv"),
        card_votes=read_card_votes(EXAMPLE / "card-votes.toml"),
        mandates=parse_mandates(read_text(EXAMPLE / "mandates.csv"), "mandates.csv"),
        pledges=parse_pledges(read_text(EXAMPLE / "pledges.csv"), "pledges.csv") if pledges else (),
        recommendations=read_recommendations(EXAMPLE / "recommendations-forward.toml")
        + read_recommendations(EXAMPLE / "recommendations-grassroots.toml"),
    )


def tiny_conference(
    clps: list[tuple[int, list[Position | None]]],
    affiliates: list[tuple[int, Position | None]],
    *,
    threshold: Threshold = Threshold.MAJORITY,
    confidence: float = 1.0,
) -> Conference:
    """A conference from CLPs (membership, each delegate's pledge or None) and affiliates."""
    delegations = []
    delegates = []
    pledges = []
    for i, (members, positions) in enumerate(clps):
        clp = f"C{i}"
        delegations.append(Delegation(clp, f"CLP {i}", Section.CLP, members))
        for j, position in enumerate(positions):
            ident = f"C{i}D{j}"
            delegates.append(Delegate(ident, f"Delegate {i}.{j}", clp))
            if position is not None:
                pledges.append(Pledge(ident, 1, position, confidence))
    for k, (votes, position) in enumerate(affiliates):
        ident = f"A{k}"
        delegations.append(Delegation(ident, f"Affiliate {k}", Section.AFFILIATE, votes))
        if position is not None:
            pledges.append(Pledge(ident, 1, position, confidence))
    return Conference(
        delegations=tuple(delegations),
        delegates=tuple(delegates),
        card_votes=(CardVote(1, "Test", ("m1",), threshold),),
        pledges=tuple(pledges),
    )


positions = st.sampled_from(
    [Position.FOR, Position.AGAINST, Position.ABSTAIN, Position.UNDECIDED, None]
)


@st.composite
def conferences(
    draw: st.DrawFn, max_clps: int = 4, max_affiliates: int = 3, max_delegates: int = 4
) -> Conference:
    clps = draw(
        st.lists(
            st.tuples(
                st.integers(min_value=1, max_value=3000),
                st.lists(positions, min_size=1, max_size=max_delegates),
            ),
            min_size=1,
            max_size=max_clps,
        )
    )
    affiliates = draw(
        st.lists(
            st.tuples(st.integers(min_value=1, max_value=500_000), positions),
            min_size=1,
            max_size=max_affiliates,
        )
    )
    threshold = draw(st.sampled_from(list(Threshold)))
    return tiny_conference(clps, affiliates, threshold=threshold)
