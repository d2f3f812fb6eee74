"""Checking an import against the whip book before anything is written.

`plan_import` resolves every reference (a delegate's delegation, a mandate's CLP, a pledge's
delegate, every card-vote number) against the book and the files being imported together, and
collects every problem, each naming its file, row and column. Either it returns a plan that
the store writes in one transaction, or it raises one `WhipError` with every problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import attrs

from motions.errors import Diagnostic, WhipError, error, warning
from motions.whip.csvio import Located, MandateRequest, PledgeRequest, cell_error
from motions.whip.entitlement import entitlement
from motions.whip.model import (
    CardVote,
    Delegate,
    Delegation,
    Mandate,
    Recommendation,
    Section,
    VoterRef,
)
from motions.whip.names import did_you_mean, name_key
from motions.whip.recommendations import LocatedRecommendation
from motions.whip.schedule import ScheduleChange

T = TypeVar("T")
_WROTE = ("added", "changed")


@attrs.frozen
class ImportSummary:
    """What an import wrote, and warnings that did not stop it."""

    delegations: int = 0
    delegates: int = 0
    card_votes: int = 0
    mandates: int = 0
    pledges: int = 0
    recommendations: int = 0
    warnings: tuple[Diagnostic, ...] = ()
    unchanged: int = 0
    """Rows the book already held word for word: nothing written, no history added."""
    older: int = 0
    """Pledges skipped because the book holds a newer word from the same voter."""
    conflicts: tuple[Diagnostic, ...] = ()
    """Pledges recorded at the same moment as the book's but saying something else: skipped."""
    new_factions: tuple[str, ...] = ()
    superseded: int = 0
    """Pledge rows a later row of the same file replaced (same voter, card vote and time)."""
    schedule: tuple[ScheduleChange, ...] = ()
    """What happened to each session and ballot of an imported schedule."""

    def _counted(self, what: str) -> int:
        return sum(1 for c in self.schedule if c.what == what and c.change in _WROTE)

    @property
    def sessions(self) -> int:
        """Sessions added or changed."""
        return self._counted("session")

    @property
    def ballots(self) -> int:
        """Ballots added or changed."""
        return self._counted("ballot")

    def to_json(self) -> dict[str, object]:
        return {
            "delegations": self.delegations,
            "delegates": self.delegates,
            "card_votes": self.card_votes,
            "mandates": self.mandates,
            "pledges": self.pledges,
            "recommendations": self.recommendations,
            "warnings": [w.to_json() for w in self.warnings],
            "unchanged": self.unchanged,
            "skipped_older": self.older,
            "conflicts": [c.to_json() for c in self.conflicts],
            "new_factions": list(self.new_factions),
            "superseded_in_file": self.superseded,
            "sessions": self.sessions,
            "ballots": self.ballots,
            "schedule": [c.to_json() for c in self.schedule],
        }


@attrs.frozen
class ImportPlan:
    """Everything an import will write, every reference resolved to an id in the book."""

    delegations: tuple[Delegation, ...]
    delegates: tuple[Delegate, ...]
    card_votes: tuple[CardVote, ...]
    mandates: tuple[Mandate, ...]
    recommendations: tuple[Recommendation, ...]
    pledges: tuple[tuple[VoterRef, PledgeRequest], ...]
    warnings: tuple[Diagnostic, ...]
    pledge_rows: tuple[Located, ...] = ()


def plan_import(
    book_delegations: Iterable[Delegation],
    book_delegates: Iterable[Delegate],
    book_card_votes: Iterable[int],
    *,
    delegations: Sequence[Located] = (),
    delegates: Sequence[Located] = (),
    card_votes: Sequence[CardVote] = (),
    mandates: Sequence[Located] = (),
    pledges: Sequence[Located] = (),
    recommendations: Sequence[LocatedRecommendation] = (),
) -> ImportPlan:
    """Check the incoming rows against the book's; every problem, or a plan to write."""
    problems: list[Diagnostic] = []
    existing = {name_key(d.id): d for d in book_delegations}
    incoming = {name_key(_as(i.value, Delegation).id): i for i in delegations}
    merged: dict[str, Delegation] = dict(existing)
    for key, item in incoming.items():
        merged[key] = _as(item.value, Delegation)
    names_to_ids: dict[str, set[str]] = {}
    for key, d in merged.items():
        names_to_ids.setdefault(name_key(d.name), set()).add(key)
    for key, item in incoming.items():
        others = names_to_ids[name_key(merged[key].name)] - {key}
        if others:
            problems.append(
                cell_error(
                    item.row,
                    "name",
                    f"the name {merged[key].name!r} is already used by delegation "
                    f"{merged[sorted(others)[0]].id}",
                    "give every CLP and affiliate its own name",
                    "whip.duplicate-name",
                )
            )
    delegation_key = {name_key(d.name): k for k, d in merged.items()} | {k: k for k in merged}
    existing_delegates = {name_key(d.id): d for d in book_delegates}
    resolved_delegates: list[Delegate] = []
    for item in delegates:
        delegate = _as(item.value, Delegate)
        found_key = delegation_key.get(name_key(delegate.delegation_id))
        if found_key is None:
            problems.append(
                cell_error(
                    item.row,
                    "delegation",
                    f"no CLP or affiliate {delegate.delegation_id!r}",
                    did_you_mean(delegate.delegation_id, [d.name for d in merged.values()])
                    or "name a delegation from the delegations file, by id or name",
                    "whip.unknown-delegation",
                )
            )
            continue
        if name_key(delegate.id) in merged:
            problems.append(
                cell_error(
                    item.row,
                    "id",
                    f"{delegate.id!r} is already a delegation's id",
                    "delegate ids and delegation ids share one namespace; rename one",
                    "whip.duplicate-id",
                )
            )
            continue
        resolved_delegates.append(attrs.evolve(delegate, delegation_id=merged[found_key].id))
    for key in incoming:
        if key in existing_delegates:
            problems.append(
                cell_error(
                    incoming[key].row,
                    "id",
                    f"{merged[key].id!r} is already a delegate's id",
                    "delegate ids and delegation ids share one namespace; rename one",
                    "whip.duplicate-id",
                )
            )
    known_votes = set(book_card_votes) | {c.number for c in card_votes}
    all_delegates = dict(existing_delegates)
    for resolved in resolved_delegates:
        all_delegates[name_key(resolved.id)] = resolved
    resolved_mandates: list[Mandate] = []
    for item in mandates:
        wanted = _as(item.value, MandateRequest)
        clp_key = delegation_key.get(name_key(wanted.delegation))
        if clp_key is None or merged[clp_key].section is not Section.CLP:
            problems.append(
                cell_error(
                    item.row,
                    "delegation",
                    f"no CLP {wanted.delegation!r}"
                    if clp_key is None
                    else f"{merged[clp_key].name} is an affiliate; only CLPs mandate delegates",
                    did_you_mean(
                        wanted.delegation,
                        [d.name for d in merged.values() if d.section is Section.CLP],
                    )
                    or "name a CLP by id or name",
                    "whip.unknown-delegation",
                )
            )
            continue
        if wanted.card_vote not in known_votes:
            problems.append(_unknown_vote_cell(item, wanted.card_vote))
            continue
        resolved_mandates.append(
            Mandate(merged[clp_key].id, wanted.card_vote, wanted.position, wanted.note)
        )
    for rec in recommendations:
        if rec.recommendation.card_vote not in known_votes:
            problems.append(
                error(
                    "whip.unknown-card-vote",
                    f"{rec.recommendation.faction}'s line for "
                    f"CV{rec.recommendation.card_vote}: no such card vote in the whip book",
                    span=rec.span,
                    hint="import the card votes first, or fix the number",
                )
            )
    pledge_rows: list[tuple[VoterRef, PledgeRequest]] = []
    located_pledges: list[Located] = []
    if pledges:
        finder = _VoterFinder(merged, all_delegates)
        for item in pledges:
            request = _as(item.value, PledgeRequest)
            try:
                ref = finder.find(request.voter)
            except WhipError as exc:
                problems.extend(
                    cell_error(item.row, "delegate", d.message, d.hint or "", d.code)
                    for d in exc.diagnostics
                )
                continue
            if request.card_vote not in known_votes:
                problems.append(_unknown_vote_cell(item, request.card_vote))
                continue
            pledge_rows.append((ref, request))
            located_pledges.append(item)
    if problems:
        raise WhipError(problems)
    return ImportPlan(
        delegations=tuple(_as(i.value, Delegation) for i in delegations),
        delegates=tuple(resolved_delegates),
        card_votes=tuple(card_votes),
        mandates=tuple(resolved_mandates),
        recommendations=tuple(r.recommendation for r in recommendations),
        pledges=tuple(pledge_rows),
        warnings=tuple(_entitlement_warnings(merged, all_delegates)),
        pledge_rows=tuple(located_pledges),
    )


def _as(value: object, kind: type[T]) -> T:
    assert isinstance(value, kind)
    return value


def _unknown_vote_cell(item: Located, number: int) -> Diagnostic:
    return cell_error(
        item.row,
        "card_vote",
        f"there is no card vote CV{number} in the whip book",
        "import the card votes first (--card-votes FILE), or fix the number",
        "whip.unknown-card-vote",
    )


class _VoterFinder:
    """Resolves pledge rows against delegations and delegates not yet written."""

    def __init__(self, delegations: dict[str, Delegation], delegates: dict[str, Delegate]):
        self.delegations = delegations
        self.delegates = delegates
        self.by_name: dict[str, list[tuple[str, str]]] = {}
        for key, d in delegates.items():
            self.by_name.setdefault(name_key(d.name), []).append(("delegate", key))
        for key, g in delegations.items():
            self.by_name.setdefault(name_key(g.name), []).append(("delegation", key))

    def find(self, text: str) -> VoterRef:
        key = name_key(text)
        if key in self.delegates:
            hits = [("delegate", key)]
        elif key in self.delegations:
            hits = [("delegation", key)]
        else:
            hits = self.by_name.get(key, [])
        if not hits:
            names = [d.name for d in self.delegates.values()] + [
                g.name for g in self.delegations.values() if g.section is Section.AFFILIATE
            ]
            raise WhipError(
                error(
                    "whip.unknown-delegate",
                    f"no delegate or affiliate called {text.strip()!r}",
                    hint=did_you_mean(text, names) or "check the spelling, or use the id",
                )
            )
        if len(hits) > 1:
            raise WhipError(
                error(
                    "whip.ambiguous-delegate",
                    f"{text.strip()!r} names more than one delegate",
                    hint="use the id instead of the name",
                )
            )
        kind, k = hits[0]
        if kind == "delegate":
            delegate = self.delegates[k]
            group = self.delegations[name_key(delegate.delegation_id)]
            if group.section is Section.AFFILIATE:
                raise WhipError(
                    error(
                        "whip.affiliate-delegate",
                        f"{delegate.name} is a delegate of {group.name}, which votes as a bloc",
                        hint=f"pledge the delegation itself: {group.name!r}",
                    )
                )
            return VoterRef(delegate.id, delegate.name, False)
        group = self.delegations[k]
        if group.section is Section.CLP:
            raise WhipError(
                error(
                    "whip.clp-not-voter",
                    f"{group.name} is a CLP; its delegates vote one by one",
                    hint="pledge one of its delegates by name or id",
                )
            )
        return VoterRef(group.id, group.name, True)


def _entitlement_warnings(
    delegations: dict[str, Delegation], delegates: dict[str, Delegate]
) -> list[Diagnostic]:
    attending: dict[str, int] = {}
    for d in delegates.values():
        if d.attending:
            attending[name_key(d.delegation_id)] = attending.get(name_key(d.delegation_id), 0) + 1
    warnings = []
    for key, group in sorted(delegations.items()):
        if group.section is not Section.CLP:
            continue
        allowed = entitlement(
            group.votes,
            women=min(group.women_members or 0, group.votes),
            young=min(group.young_members or 0, group.votes),
        )
        unknown = group.women_members is None and group.young_members is None
        limit = allowed.total
        sent = attending.get(key, 0)
        if sent > limit:
            warnings.append(
                warning(
                    "whip.over-entitlement",
                    f"{group.name} has {sent} delegates attending, more than the {limit} its "
                    f"{group.votes} members entitle it to"
                    + (
                        " (its women and young members are not recorded, so no extra "
                        "delegates for them are counted)"
                        if unknown
                        else ""
                    ),
                    hint="check the delegates file, or add women_members and young_members "
                    "to the delegations file; `motions entitlement` shows the rule",
                )
            )
    return warnings
