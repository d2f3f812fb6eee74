"""Properties of the checker, over random agendas against the model rule book.

Motions are built as values: word edits anchored on phrases that occur once in a provision,
insertions at the end, new and deleted provisions. They are drawn from a few provisions so
that they often meet.
"""

from __future__ import annotations

import gc
import itertools
import os
from functools import cache
from unittest import mock

import pytest
from conflict_support import motion
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_carried import as_written

from motions import Rulebook, load_rulebook
from motions.book.address import Address
from motions.book.numbering import LabelKey, format_label, label_key
from motions.conflicts import Code, Precedence, Reason, carried, check
from motions.conflicts.check import analyse
from motions.conflicts.local import apply_local
from motions.conflicts.sweep import overlapping, overlaps
from motions.drafting.apply import apply, apply_all
from motions.drafting.motion import (
    Anchor,
    DeleteProvisions,
    DeleteWords,
    InsertProvision,
    InsertWords,
    Location,
    Motion,
    Operation,
    Position,
    ReplaceProvisions,
    ReplaceWords,
)
from motions.drafting.quoting import Quoted
from motions.drafting.textedit import find

SETTINGS = settings(
    max_examples=int(os.environ.get("MOTIONS_HYPOTHESIS_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
WORDS = ["members", "the branch", "delegates", "annual", "women", "in writing", "notice"]
#: A few neighbourhoods of the model book where motions will often meet.
PLACES = ("C4.II.2", "C3.III.4", "C5.II.2", "C5.II.3", "C2.III.2", "C1.VIII.2")


@cache
def book() -> Rulebook:
    return load_rulebook()


@cache
def provisions(places: tuple[str, ...] = PLACES) -> tuple[Address, ...]:
    rb = book()
    found = []
    for place in places:
        for provision in rb[place].walk():
            if len(provision.text.split()) >= 6:
                found.append(provision.address)
    return tuple(found)


@cache
def parents(places: tuple[str, ...] = PLACES) -> tuple[Address, ...]:
    rb = book()
    return tuple(p.address for place in places for p in rb[place].walk() if p.children)


@st.composite
def phrases(draw: st.DrawFn, address: Address) -> str:
    text = book().get(address).text  # type: ignore[union-attr]
    tokens = text.split()
    size = draw(st.integers(1, 3))
    start = draw(st.integers(0, max(0, len(tokens) - size)))
    phrase = " ".join(tokens[start : start + size]).strip(".,;:")
    if not phrase or len(find(text, phrase)) != 1:
        phrase = text.split(";")[0].split(",")[0].strip(".")
    return phrase


@st.composite
def operations(
    draw: st.DrawFn, structural: bool = True, places: tuple[str, ...] = PLACES
) -> Operation:
    kind = draw(
        st.sampled_from(
            ["replace", "replace", "insert", "delete", "end"]
            + (["new", "remove", "rewrite"] if structural else [])
        )
    )
    if kind == "new":
        parent = draw(st.sampled_from(parents(places)))
        children = book().get(parent).children  # type: ignore[union-attr]
        index = draw(st.integers(0, len(children) - 1))
        after = children[index]
        level = after.address.level
        key = label_key(after.label, level.style)
        assert key is not None
        label = format_label(LabelKey(key.ordinal + 1), level.style)
        marker = level.marker(label, parent.label)
        return InsertProvision(
            Location(parent),
            label,
            Quoted.of(f"{marker} {draw(st.sampled_from(WORDS))} shall be consulted."),
            after=Location(after.address),
            renumber=True,
        )
    address = draw(st.sampled_from(provisions(places)))
    if kind == "remove":
        return DeleteProvisions((Location(address),), renumber=draw(st.booleans()))
    if kind == "rewrite":
        parent = address.parent
        assert parent is not None
        marker = address.level.marker(address.label, parent.label)
        text = f"{marker} The {draw(st.sampled_from(WORDS))} shall decide."
        return ReplaceProvisions((Location(address),), Quoted.of(text))
    if kind == "end":
        return InsertWords(
            Position.END, Quoted.of(f"and {draw(st.sampled_from(WORDS))}"), None, Location(address)
        )
    phrase = draw(phrases(address))
    new = Quoted.of(draw(st.sampled_from(WORDS)))
    if kind == "replace":
        return ReplaceWords(Anchor(Quoted.of(phrase)), new, Location(address))
    if kind == "insert":
        return InsertWords(Position.AFTER, new, Anchor(Quoted.of(phrase)), Location(address))
    return DeleteWords(Anchor(Quoted.of(phrase)), Location(address))


@st.composite
def agendas(
    draw: st.DrawFn,
    size: tuple[int, int] = (2, 5),
    structural: bool = True,
    places: tuple[str, ...] = PLACES,
) -> list[Motion]:
    count = draw(st.integers(*size))
    out = []
    for i in range(count):
        nec = draw(st.integers(0, 5)) == 0
        card = draw(st.one_of(st.none(), st.integers(1, 9).map(str)))
        ops = draw(st.lists(operations(structural, places), min_size=1, max_size=3 if nec else 1))
        out.append(
            motion(
                *ops,
                cv=card,
                proposer="NEC" if nec else f"Place {i} CLP",
                source=f"m{i}",
            )
        )
    return out


def once(ordered: list[Motion]) -> list[Motion]:
    """Identical motions under one card vote are one decision, carried once."""
    seen: set[object] = set()
    out = []
    for m in ordered:
        key = (m.header.card_vote, tuple(c.redline for c in apply(book(), m).changes))
        if m.header.card_vote is None or key not in seen:
            out.append(m)
        seen.add(key)
    return out


# -- compatible pairs really commute ----------------------------------------------------


@SETTINGS
@given(agendas(size=(2, 2), structural=False))
def test_compatible_pairs_give_the_same_text_in_either_order(agenda: list[Motion]) -> None:
    rb = book()
    report = check(rb, agenda, carried=False)
    a, b = agenda
    compatible = [f for f in report.findings if f.code is Code.COMPATIBLE]
    for finding in report.findings:
        event(finding.code.value)
    if compatible:
        ab = apply(apply(rb, a).rulebook, b)
        ba = apply(apply(rb, b).rulebook, a)
        assert ab.applied and ba.applied
        assert ab.rulebook == ba.rulebook
    # And a pair that edits text in the same provision gets exactly one interaction finding
    # (none if they are the same change under one card vote: conference takes them as one).
    alone = [apply(rb, m) for m in agenda]
    edited = [{c.original for c in x.changes if c.kind == "amended"} for x in alone]
    interactions = [f for f in report.findings if f.family == "interaction"]
    if alone[0].applied and alone[1].applied and edited[0] & edited[1]:
        same = a.header.card_vote is not None and a.header.card_vote == b.header.card_vote
        if same and [c.redline for c in alone[0].changes] == [c.redline for c in alone[1].changes]:
            assert interactions == []
        else:
            assert len(interactions) == 1, report.findings


# -- collisions do not depend on the order motions are given in -------------------------


@SETTINGS
@given(agendas(), st.randoms(use_true_random=False))
def test_collision_is_symmetric(agenda: list[Motion], random: object) -> None:
    rb = book()
    order = list(range(len(agenda)))
    random.shuffle(order)  # type: ignore[attr-defined]
    shuffled = [agenda[i] for i in order]
    first = check(rb, agenda, carried=False)
    second = check(rb, shuffled, carried=False)

    def collisions(report: object, names: list[int]) -> set[frozenset[int]]:
        return {
            frozenset(names[m] for m in f.motions)
            for f in report.findings  # type: ignore[attr-defined]
            if f.code is Code.COLLISION
        }

    assert collisions(first, list(range(len(agenda)))) == collisions(second, order)

    # Structural falls (deleted, replaced, cannot be applied after) do not depend on order either.
    def structural(report: object, names: list[int]) -> set[tuple[int, int, Reason]]:
        return {
            (names[f.falls.motion], names[f.falls.if_carried], f.falls.reason)
            for f in report.findings  # type: ignore[attr-defined]
            if f.falls is not None and f.falls.reason in (Reason.DELETED, Reason.REPLACED)
        }

    assert structural(first, list(range(len(agenda)))) == structural(second, order)


# -- falls follows precedence -------------------------------------------------------------


@pytest.mark.slow
@SETTINGS
@given(agendas(), st.booleans(), st.sampled_from(["card-vote", "agenda"]))
def test_falls_agrees_with_precedence(agenda: list[Motion], nec_first: bool, order: str) -> None:
    precedence = Precedence(nec_first=nec_first, order=order)  # type: ignore[arg-type]
    report = check(book(), agenda, precedence=precedence, carried=False)
    ranks = precedence.ranks(agenda)
    for finding in report.findings:
        falls = finding.falls
        if falls is None:
            continue
        event(f"falls: {falls.reason.value}")
        assert falls.motion != falls.if_carried
        assert set(finding.motions) >= {falls.motion, falls.if_carried}
        if falls.reason in (Reason.NEC_FIRST, Reason.CARD_VOTE_ORDER, Reason.AGENDA_ORDER):
            assert ranks[falls.if_carried] < ranks[falls.motion]
        if falls.reason is Reason.NEC_FIRST:
            assert nec_first
            assert agenda[falls.if_carried].header.is_nec and not agenda[falls.motion].header.is_nec


# -- what does not conflict can be carried together ---------------------------------------


@pytest.mark.slow
@SETTINGS
@given(agendas(size=(2, 6)))
def test_the_non_conflicting_subset_always_applies(agenda: list[Motion]) -> None:
    rb = book()
    report = check(rb, agenda, carried=False)
    troubled = {m for f in report.counted() for m in f.motions}
    subset = [m for i, m in enumerate(agenda) if i not in troubled]
    ranks = Precedence().ranks(subset)
    ordered = [m for _, m in sorted(zip(ranks, subset, strict=True), key=lambda p: p[0])]
    final, results = apply_all(rb, once(ordered))
    assert all(r.applied for r in results), [r.diagnostics for r in results if not r.applied]
    # The checker's own "all carried", on the subset, gives the same edition.
    again = check(rb, subset)
    assert again.carried is not None and again.carried.failed == ()
    assert again.carried.rulebook.children == final.children


# -- the machinery under the checker ------------------------------------------------------


@SETTINGS
@given(agendas(size=(1, 1)))
def test_applying_to_the_touched_subtrees_matches_the_whole_book(agenda: list[Motion]) -> None:
    rb = book()
    [m] = agenda
    whole = apply(rb, m)
    local, _ = apply_local(rb, m)
    assert local.applied == whole.applied
    assert local.renumbering == whole.renumbering
    assert [(c.kind, c.address, c.original, c.redline, c.spans) for c in local.changes] == [
        (c.kind, c.address, c.original, c.redline, c.spans) for c in whole.changes
    ]
    for change in whole.changes:
        if change.kind != "deleted":
            assert local.rulebook.get(change.address) == whole.rulebook.get(change.address)


@SETTINGS
@given(agendas(size=(2, 6), structural=False))
def test_all_carried_matches_applying_in_turn(agenda: list[Motion]) -> None:
    rb = book()
    report = check(rb, agenda)
    assert report.carried is not None
    ordered = once([agenda[i] for i in report.carried.order])
    final, results = apply_all(rb, ordered)
    by_motion = {id(m): i for i, m in enumerate(agenda)}
    applied = [by_motion[id(m)] for m, r in zip(ordered, results, strict=True) if r.applied]
    assert applied == [
        i for i in report.carried.applied if id(agenda[i]) in {id(m) for m in ordered}
    ]
    assert report.carried.rulebook.children == final.children


@SETTINGS
@given(st.sampled_from(PLACES).flatmap(lambda place: agendas(size=(2, 8), places=(place,))))
def test_writing_word_amendments_in_again_is_applying_them_again(agenda: list[Motion]) -> None:
    """All carried is the same edition, failures and counts whether a motion that only
    amends words is written in again where its words are unchanged (`rebase`) or applied
    again to the edition as it is then. The motions of an agenda amend one neighbourhood,
    so that earlier ones often change or renumber what later ones amend."""
    analysed = analyse(book(), agenda)
    with mock.patch.object(carried, "write_in", wraps=carried.write_in) as written:
        fast = carried.carry_all(analysed)
    count = written.call_count
    event(f"motions written in again: {('none', 'one', 'several')[min(count, 2)]}")
    with mock.patch.object(carried, "rebased", return_value=None):
        again = carried.carry_all(analysed)
    assert as_written(fast) == as_written(again)


spans = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 6), st.integers(0, 4)).map(
        lambda t: (t[0], t[0] + t[1], t[2])
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(spans)
def test_the_sweep_finds_exactly_the_overlapping_pairs(items: list[tuple[int, int, int]]) -> None:
    expected = {
        frozenset((a[2], b[2]))
        for a, b in itertools.combinations(items, 2)
        if a[2] != b[2] and overlaps(a[:2], b[:2])
    }
    found = {frozenset((x, y)) for x, y, _ in overlapping(items)}
    assert found == expected


@SETTINGS
@given(agendas(size=(1, 6)))
def test_a_check_leaves_no_reference_cycles(agenda: list[Motion]) -> None:
    """A check runs with the cyclic collector off (`fewer_collections`), so any reference
    cycle it made would stay in memory: it must make none (a nested function that calls
    itself is one, for instance)."""
    rb = book()
    gc.collect()
    gc.disable()
    try:
        report = check(rb, agenda, workers=1)
        assert report.carried is not None
        del report
        left = gc.collect()
    finally:
        gc.enable()
    assert left == 0
