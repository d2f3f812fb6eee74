"""When and where conference votes, as a delegate's sheet groups it: days, sessions, ballots.

The schedule lives in the whip book (`motions whip import --schedule FILE`, in the one format of
`docs/whip.md`, "The schedule") and is read with `WhipBook.schedule()`; `motions brief
--schedule FILE` reads a file in the same format instead, to brief from a schedule not yet
imported. This module turns the whip's schedule into what a sheet shows for one faction:

- a sheet's "how to vote" list is grouped by session in the order conference sits (each with
  its day, time and place), the card votes of each in the schedule's order; card votes no
  session takes come last, under "Not yet scheduled";
- each session carries its ballots that are not card votes (internal elections, the priorities
  ballot), with this faction's slate, its reason, how to fill the paper in, when and where it is
  cast, and whether it is one paper per CLP; ballots given no session come last, under "Ballots".

Without a schedule (none in the book and no --schedule), the list is one group in card-vote
order.
"""

from __future__ import annotations

import attrs

from motions.brief.errors import BriefError
from motions.errors import error
from motions.whip.elections import Ballot as WhipBallot
from motions.whip.names import name_key
from motions.whip.schedule import Schedule, session_heading, session_when

BALLOT_KINDS = ("election", "priorities")


@attrs.frozen
class Ballot:
    """A ballot that is not a card vote, as one faction's sheet shows it."""

    title: str
    kind: str = "election"
    #: How to fill the paper in ("Vote for two: at least one woman").
    how: str = ""
    #: The faction's slate, in its order: candidates (with their CLP) or subjects.
    slate: tuple[str, ...] = ()
    #: Why the faction chose it.
    reason: str = ""
    one_per_clp: bool = True
    #: When and where it is cast ("Monday 09:00 to 16:00; papers from the delegate desk").
    when: str = ""
    #: Advice for delegates ("One paper per CLP: agree who collects it").
    note: str = ""


@attrs.frozen
class Session:
    """One sitting of conference as a sheet groups it: when, where, card votes and ballots."""

    day: str
    name: str
    time: str = ""
    place: str = ""
    note: str = ""
    card_votes: tuple[int, ...] = ()
    ballots: tuple[Ballot, ...] = ()

    @property
    def heading(self) -> str:
        return session_heading(self.day, self.name)

    @property
    def when(self) -> str:
        return session_when(self.time, self.place)


def ballot_for(ballot: WhipBallot, whip: str) -> Ballot:
    """A whip-book ballot as `whip`'s sheets show it: their slate only (names matched without
    regard to case), each candidate with their CLP where the ballot gives one."""
    slate = ballot.slate(whip)
    clps = {name_key(option.name): option.clp for option in ballot.options}
    chosen = tuple(
        f"{name} ({clps[name_key(name)]})" if clps.get(name_key(name)) else name
        for name in (slate.choose if slate is not None else ())
    )
    return Ballot(
        title=ballot.title,
        kind=ballot.kind,
        how=ballot.how,
        slate=chosen,
        reason=slate.reason if slate is not None else "",
        one_per_clp=ballot.one_per_clp,
        when=ballot.when,
        note=ballot.note,
    )


def sessions(schedule: Schedule | None, numbers: tuple[int, ...], whip: str) -> tuple[Session, ...]:
    """The sheets' groups: the schedule's sessions with their ballots, then the card votes no
    session takes ("Not yet scheduled"), then ballots given no session ("Ballots"). Without a
    schedule (or an empty one), one unnamed group of every card vote.

    A session naming a card vote the whip book does not have is an error, never skipped: the
    sheets would otherwise leave out a vote the delegate was told about."""
    if schedule is None or not (schedule.sessions or schedule.ballots):
        return (Session(day="", name="", card_votes=numbers),)
    known = set(numbers)
    unknown = [n for s in schedule.sessions for n in s.card_votes if n not in known]
    if unknown:
        raise BriefError(
            [
                error(
                    "brief.schedule-unknown-card-vote",
                    f"the schedule lists CV {n}, which the whip book does not have",
                    hint="check the schedule's card_votes against motions whip show",
                )
                for n in unknown
            ]
        )
    ids = {name_key(s.id) for s in schedule.sessions}
    out = [
        Session(
            day=s.day,
            name=s.name,
            time=s.time,
            place=s.place,
            note=s.note,
            card_votes=s.card_votes,
            ballots=tuple(ballot_for(b, whip) for b in schedule.ballots_in(s.id)),
        )
        for s in schedule.sessions
    ]
    placed = {n for s in schedule.sessions for n in s.card_votes}
    rest = tuple(n for n in numbers if n not in placed)
    if rest:
        out.append(Session(day="", name="Not yet scheduled", card_votes=rest))
    loose = tuple(ballot_for(b, whip) for b in schedule.ballots if name_key(b.session) not in ids)
    if loose:
        out.append(Session(day="", name="Ballots", ballots=loose))
    return tuple(out)
