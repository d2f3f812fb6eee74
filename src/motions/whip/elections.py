"""Internal elections and the priorities ballot: what whips run besides card votes on motions.

An election fills `places` seats from named candidates (each with a CLP); a faction publishes a
slate ("vote for A and B"); the ballot is often cast once per CLP, weighted by membership, by
whichever delegate collects the paper, so the CLP's delegates must agree it. The priorities
ballot asks each CLP to pick `picks` topics for debate; a faction asks CLPs to pick a set.
Results are entered as published (each candidate's or topic's votes) and ranked here.

Read from a schedule's TOML (`motions.whip.schedule`; see examples/conference-2026/ballots.toml),
usually through the whip book (`motions whip import --schedule`):

    [[election]]
    id = "NCC"
    title = "National Constitutional Committee, CLP section"
    places = 2
    casting = "one-per-clp"           # or "delegates"
    when = "Monday 09:00-16:00, papers from the delegate desk"
    how = "Vote for two: at least one woman."          # optional, how to fill the paper in
    note = "One paper per CLP: agree who collects it."  # optional, advice
    session = "mon-am"                # optional: the [[session]] that takes it
    recorded_at = 2026-09-20T10:00:00Z  # optional: when this word was given
    candidates = [{ name = "Ann Lee", clp = "Fernton East" }, ...]
    [[election.slate]]
    faction = "Forward"
    vote_for = ["Ann Lee", "Raj Patel"]
    reason = "..."
    [election.result]                 # optional, as published
    "Ann Lee" = 74972

    [[priorities]]
    id = "PRI"
    title = "Priorities ballot, CLP section"
    picks = 4
    topics = ["Housing", ...]
    [[priorities.slate]]
    faction = "Forward"
    pick = ["Housing", ...]
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from motions.errors import WhipError, error
from motions.whip.model import Casting, Conference, Section
from motions.whip.names import did_you_mean, name_key, parse_stamp


@attrs.frozen
class Candidate:
    name: str
    clp: str = ""


@attrs.frozen
class Slate:
    """A faction's advice on a ballot: the candidates (or topics) to vote for, and why."""

    faction: str
    choose: tuple[str, ...]
    reason: str = ""


@attrs.frozen
class Ballot:
    """An election (candidates for places) or the priorities ballot (topics for picks)."""

    id: str
    title: str
    kind: str  # "election" or "priorities"
    places: int
    options: tuple[Candidate, ...]
    casting: Casting = Casting.ONE_PER_CLP
    #: When and where it is cast ("Monday 09:00 to 16:00, papers from the delegate desk").
    when: str = ""
    slates: tuple[Slate, ...] = ()
    #: The result as published, in the order of `options` (names without a figure left out).
    result: tuple[tuple[str, int], ...] = ()
    #: How to fill the paper in ("Vote for two: at least one woman").
    how: str = ""
    #: Advice for delegates ("One paper per CLP: agree who collects it").
    note: str = ""
    #: The id of the session that takes it ("" when none is given).
    session: str = ""
    #: When this ballot's entry was last written (the book's merge key); not part of equality.
    recorded_at: str = attrs.field(default="", eq=False)

    @property
    def one_per_clp(self) -> bool:
        return self.casting is Casting.ONE_PER_CLP

    def slate(self, faction: str | None) -> Slate | None:
        if faction is None:
            return None
        key = name_key(faction)
        return next((s for s in self.slates if name_key(s.faction) == key), None)

    def ranked(self) -> tuple[tuple[str, int, bool], ...]:
        """The published result, most votes first, each with whether it won a place.

        A tie for the last place is not decided here: every tied name is marked as not
        elected, and `tied_for_last` says so."""
        order = sorted(self.result, key=lambda r: (-r[1], r[0]))
        cut = order[self.places - 1][1] if len(order) >= self.places else None
        tied = (
            cut is not None
            and sum(1 for _, v in order if v == cut) > 1
            and any(v == cut for _, v in order[self.places :])
        )
        return tuple(
            (name, votes, i < self.places and not (tied and votes == cut))
            for i, (name, votes) in enumerate(order)
        )

    @property
    def tied_for_last(self) -> bool:
        ranked = self.ranked()
        return len([r for r in ranked if r[2]]) < min(self.places, len(ranked))


def _text(entry: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise WhipError(
            error("whip.bad-ballot", f"{where}: {key} must be text", hint=f'write {key} = "..."')
        )
    return value.strip()


def ballot_from_toml(kind: str, entry: Any, where: str) -> Ballot:
    """One `[[election]]` or `[[priorities]]` table as a `Ballot`, or a located `WhipError`."""
    if not isinstance(entry, dict):
        raise WhipError(error("whip.bad-ballot", f"{where}: not a table"))
    known = {"id", "title", "casting", "when", "slate", "result", "how", "note", "session"}
    known |= {"recorded_at"}
    known |= {"places", "candidates"} if kind == "election" else {"picks", "topics"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise WhipError(
            error(
                "whip.unknown-key",
                f"{where}: unknown key {unknown[0]!r}",
                hint=did_you_mean(unknown[0], known) or f"use: {', '.join(sorted(known))}",
            )
        )
    count_key = "places" if kind == "election" else "picks"
    places = entry.get(count_key)
    if not isinstance(places, int) or isinstance(places, bool) or not 1 <= places <= 1000:
        raise WhipError(
            error("whip.bad-ballot", f"{where}: {count_key} must be a whole number from 1")
        )
    raw_options = entry.get("candidates" if kind == "election" else "topics", [])
    options = tuple(_option(o, where) for o in raw_options) if isinstance(raw_options, list) else ()
    if not options:
        raise WhipError(error("whip.bad-ballot", f"{where}: no candidates or topics"))
    names = {name_key(o.name): o.name for o in options}
    casting_text = entry.get("casting", "one-per-clp")
    if casting_text not in ("one-per-clp", "delegates"):
        raise WhipError(error("whip.bad-ballot", f"{where}: casting is one-per-clp or delegates"))
    slates = tuple(
        _slate(s, where, names, places, "vote_for" if kind == "election" else "pick")
        for s in entry.get("slate", [])
    )
    result = entry.get("result", {})
    if not isinstance(result, dict) or any(
        not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in result.values()
    ):
        raise WhipError(
            error("whip.bad-ballot", f"{where}: result maps each name to its votes (0 or more)")
        )
    for name in result:
        if name_key(name) not in names:
            raise WhipError(
                error(
                    "whip.unknown-candidate",
                    f"{where}: the result names {name!r}, not on the ballot",
                    hint=did_you_mean(name, names.values()) or "check the spelling",
                )
            )
    return Ballot(
        id=_text(entry, "id", where),
        title=_text(entry, "title", where),
        kind=kind,
        places=places,
        options=options,
        casting=Casting(casting_text),
        when=_text(entry, "when", where, required=False),
        slates=slates,
        result=tuple(
            (o.name, given[name_key(o.name)])
            for o in options
            if name_key(o.name) in (given := {name_key(n): v for n, v in result.items()})
        ),
        how=_text(entry, "how", where, required=False),
        note=_text(entry, "note", where, required=False),
        session=_text(entry, "session", where, required=False),
        recorded_at=stamp_from_toml(entry, where),
    )


def stamp_from_toml(entry: dict[str, Any], where: str) -> str:
    """An entry's `recorded_at` (a TOML date-time or ISO 8601 text) as the book stores times."""
    value = entry.get("recorded_at")
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        value = value.isoformat()
    if not isinstance(value, str):
        raise WhipError(
            error(
                "whip.bad-time",
                f"{where}: recorded_at must be a date and time",
                hint="write recorded_at = 2026-09-27T14:05:00Z",
            )
        )
    try:
        return parse_stamp(value)
    except WhipError as exc:
        raise WhipError(
            [attrs.evolve(d, message=f"{where}: {d.message}") for d in exc.diagnostics]
        ) from None


def _option(raw: Any, where: str) -> Candidate:
    if isinstance(raw, str) and raw.strip():
        return Candidate(raw.strip())
    if isinstance(raw, dict) and isinstance(raw.get("name"), str) and raw["name"].strip():
        return Candidate(raw["name"].strip(), str(raw.get("clp", "")).strip())
    raise WhipError(error("whip.bad-ballot", f"{where}: a candidate or topic needs a name"))


def _slate(raw: Any, where: str, names: dict[str, str], most: int, key: str) -> Slate:
    if not isinstance(raw, dict):
        raise WhipError(error("whip.bad-ballot", f"{where}: a slate is a table"))
    faction = _text(raw, "faction", where)
    chosen = raw.get(key, [])
    if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
        raise WhipError(error("whip.bad-ballot", f"{where}: {faction}'s {key} is a list of names"))
    resolved = []
    for name in chosen:
        if name_key(name) not in names:
            raise WhipError(
                error(
                    "whip.unknown-candidate",
                    f"{where}: {faction}'s slate names {name!r}, not on the ballot",
                    hint=did_you_mean(name, names.values()) or "check the spelling",
                )
            )
        resolved.append(names[name_key(name)])
    if len(resolved) > most:
        raise WhipError(
            error(
                "whip.bad-ballot",
                f"{where}: {faction}'s slate has {len(resolved)} names for {most} places",
            )
        )
    return Slate(faction, tuple(resolved), _text(raw, "reason", where, required=False))


@attrs.frozen
class ClpChoice:
    """Whose slate one CLP's ballot is likely to follow, from its attending delegates' factions.

    `faction` is None when its delegates follow different factions (they must agree) or none.
    """

    delegation_id: str
    name: str
    votes: int
    factions: tuple[str, ...]

    @property
    def faction(self) -> str | None:
        return self.factions[0] if len(self.factions) == 1 else None

    @property
    def split(self) -> bool:
        return len(self.factions) > 1


def clp_choices(conference: Conference) -> tuple[ClpChoice, ...]:
    """Every CLP with attending delegates, and the factions those delegates follow."""
    by_clp: dict[str, set[str]] = {}
    attending: set[str] = set()
    for delegate in conference.delegates:
        if delegate.attending:
            attending.add(delegate.delegation_id)
            if delegate.faction:
                by_clp.setdefault(delegate.delegation_id, set()).add(delegate.faction)
    return tuple(
        ClpChoice(d.id, d.name, d.votes, tuple(sorted(by_clp.get(d.id, set()))))
        for d in conference.delegations
        if d.section is Section.CLP and d.id in attending
    )


def slate_strength(ballot: Ballot, conference: Conference) -> dict[str, tuple[int, int]]:
    """Per faction with a slate: (CLPs, votes) whose delegates all follow it; and under
    "(to agree)" the CLPs whose delegates follow different factions, "(no slate)" the rest."""
    strength: dict[str, tuple[int, int]] = {s.faction: (0, 0) for s in ballot.slates}
    for label in ("(to agree)", "(no slate)"):
        strength[label] = (0, 0)
    for choice in clp_choices(conference):
        slate = ballot.slate(choice.faction)
        label = slate.faction if slate else "(to agree)" if choice.split else "(no slate)"
        clps, votes = strength[label]
        strength[label] = (clps + 1, votes + choice.votes)
    return strength
