"""A motion applied to its one subtree alone (`conflicts.alone`) gives exactly what applying it
to the extract gives (`local.extract` then `apply_safely`, the general way), or gives up.

The books are the model book and random well-formed ones, some made irregular (a subtree with
two siblings at one address, a top repeated); the motions are built against each book's own
provisions (word edits on phrases of its text, new, deleted and rewritten provisions, a stated
result, a neighbour that names an enclosing provision), so that most of them apply.
"""

from __future__ import annotations

from unittest import mock

import pytest
from conflict_support import at, motion, replace
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from strategies import rulebooks

from motions import Rulebook, load_rulebook
from motions.book.address import Address
from motions.book.numbering import LabelKey, format_label, label_key
from motions.book.rulebook import Provision
from motions.conflicts import effects
from motions.conflicts.alone import Alone, Watch, apply_alone, nested
from motions.conflicts.effects import effect_of
from motions.conflicts.local import apply_safely, extract, needs
from motions.drafting.amended import Amended
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
    ReplaceSentence,
    ReplaceWords,
)
from motions.drafting.quoting import Quoted

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
_MODEL = load_rulebook()


def _with_twin(book: Rulebook, parent: Provision) -> Rulebook:
    """`book` with `parent`'s first child repeated after it (two siblings at one address)."""

    def rebuilt(provision: Provision) -> Provision:
        if provision is parent:
            first = provision.children[0]
            return provision.with_children((first, first, *provision.children[1:]))
        return provision.with_children(tuple(rebuilt(c) for c in provision.children))

    tops = tuple(rebuilt(top) for top in book.children)
    return Rulebook(book.title, book.edition, book.scheme, tops, book.filename)


@st.composite
def books(draw: st.DrawFn) -> Rulebook:
    book = _MODEL if draw(st.integers(0, 2)) == 0 else draw(rulebooks())
    shape = draw(st.sampled_from(["plain", "plain", "twin", "top twice"]))
    parents = [p for p in book.walk() if p.children]
    if shape == "twin" and parents:
        book = _with_twin(book, draw(st.sampled_from(parents)))
    elif shape == "top twice":
        tops = (*book.children, book.children[0])
        book = Rulebook(book.title, book.edition, book.scheme, tops, book.filename)
    return book


def _phrase(draw: st.DrawFn, text: str) -> str:
    words = text.split()
    if not words:
        return draw(st.sampled_from(["members", "the"]))
    start = draw(st.integers(0, len(words) - 1))
    return " ".join(words[start : start + draw(st.integers(1, 3))])


def _next_label(provision: Provision) -> str | None:
    key = label_key(provision.label, provision.address.level.style)
    if key is None:
        return None
    return format_label(LabelKey(key.ordinal + 1), provision.address.level.style)


@st.composite
def operations(draw: st.DrawFn, book: Rulebook) -> Operation:
    provisions = list(book.walk())
    chosen = draw(st.sampled_from(provisions))
    where = Location(chosen.address)
    new = Quoted.of(draw(st.sampled_from(["members", "the branch", "ten", "Chapter 4"])))
    kind = draw(st.sampled_from(["replace", "delete", "insert", "end", "sentence", "structure"]))
    if kind == "replace":
        return ReplaceWords(Anchor(Quoted.of(_phrase(draw, chosen.text))), new, where)
    if kind == "delete":
        anchor = Anchor(Quoted.of(_phrase(draw, chosen.text)), every=draw(st.booleans()))
        return DeleteWords(anchor, where)
    if kind == "insert":
        anchor = Anchor(Quoted.of(_phrase(draw, chosen.text)))
        return InsertWords(Position.AFTER, new, anchor, where)
    if kind == "end":
        return InsertWords(draw(st.sampled_from([Position.START, Position.END])), new, None, where)
    if kind == "sentence":
        return ReplaceSentence(draw(st.sampled_from([1, 2, -1])), new, None, where)
    parents = [p for p in provisions if p.children]
    if not parents:
        return ReplaceWords(Anchor(Quoted.of(_phrase(draw, chosen.text))), new, where)
    parent = draw(st.sampled_from(parents))
    child = draw(st.sampled_from(parent.children))
    structure = draw(st.sampled_from(["new", "remove", "rewrite"]))
    if structure == "remove":
        return DeleteProvisions((Location(child.address),), draw(st.booleans()))
    level = child.address.level
    label = (
        draw(st.sampled_from([_next_label(child) or child.label, child.label + "A"]))
        if level.style.value == "arabic"
        else _next_label(child) or child.label
    )
    marker = level.marker(label, parent.label)
    text = Quoted.of(f"{marker} The {draw(st.sampled_from(['branch', 'members']))} shall decide.")
    if structure == "rewrite":
        return ReplaceProvisions((Location(child.address),), text)
    # "after" or "before" sometimes names the parent itself or one above it: the extract holds
    # a copy there, the subtree alone does not.
    above = [a for a in child.address.ancestors()]
    neighbour = Location(draw(st.sampled_from([child.address, child.address, *above])))
    side = draw(st.sampled_from(["after", "before", "end"]))
    return InsertProvision(
        Location(parent.address),
        label,
        text,
        after=neighbour if side == "after" else None,
        before=neighbour if side == "before" else None,
        renumber=draw(st.booleans()),
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[Rulebook, Motion]:
    book = draw(books())
    ops = draw(st.lists(operations(book), min_size=1, max_size=3))
    m = motion(*ops)
    if draw(st.booleans()):
        # A location, a quoted current text and a stated result, on one provision.
        # Often one enclosing what the first operation edits (then that is the subtree).
        first = getattr(ops[0], "target", None) or getattr(ops[0], "parent", None)
        above = list(first.address.ancestors()) if isinstance(first, Location) else []
        provision = draw(st.sampled_from(list(book.walk())))
        if above and draw(st.booleans()):
            provision = book.get(draw(st.sampled_from(above))) or provision
        reads = Quoted.of(draw(st.sampled_from([provision.text or "x", "not what it says"])))
        m = Motion(
            m.header,
            Location(provision.address),
            m.operations,
            reads=reads,
            will_read=Quoted.of(draw(st.sampled_from([provision.text or "x", "something"]))),
            source=m.source,
        )
    return book, m


def _same(fast: Amended, general: Amended, address: object) -> None:
    assert fast.applied and general.applied
    assert fast.diagnostics == general.diagnostics
    assert fast.changes == general.changes
    assert fast.renumbering == general.renumbering
    mine, theirs = fast.rulebook.get(address), general.rulebook.get(address)  # type: ignore[arg-type]
    assert mine == theirs
    assert mine is not None and theirs is not None
    # The untouched provisions are the book's own objects in both (sent back by reference).
    assert [p.address for p in mine.walk()] == [p.address for p in theirs.walk()]
    for a, b in zip(mine.walk(), theirs.walk(), strict=True):
        assert (a is b) or (a is not b and a == b)


def _general_effect(book: Rulebook, m: Motion) -> effects.Effect:
    with mock.patch.object(effects, "apply_alone", lambda *args: None):
        return effect_of(book, m)


@SETTINGS
@given(cases())
def test_alone_is_the_extract_or_gives_up(case: tuple[Rulebook, Motion]) -> None:
    book, m = case
    subtrees = needs(m, book.get)
    if subtrees is None or len(subtrees) != 1:
        event("not one subtree")
        return
    (address,) = subtrees
    general = apply_safely(extract(book, book.get, subtrees), m, references=False)
    fast = apply_alone(book, m, address)
    event(f"general {'applies' if general.applied else 'fails'}")
    if fast is None:
        event("alone gave up")
        text_only = all(
            isinstance(op, ReplaceWords | DeleteWords | InsertWords | ReplaceSentence)
            for op in m.operations
        )
        if general.applied and text_only and nested(book) and _distinct(book):
            raise AssertionError("a text-only motion on a regular book should not need the extract")
    else:
        event("alone")
        _same(fast, general, address)

    # With another look-up (as carrying asks an `Overlay`): the extract asks for each
    # ancestor by its address, and so does the check before the subtree is used alone.
    def other(a: Address) -> Provision | None:
        return book.get(a)

    general = apply_safely(extract(book, other, subtrees), m, references=False)
    fast = apply_alone(book, m, address, other)
    event(f"another look-up: {'alone' if fast is not None else 'gave up'}")
    if fast is not None:
        _same(fast, general, address)
    effect = effect_of(book, m)
    reference = _general_effect(book, m)
    assert effect == reference
    assert (effect.outcome, effect.subtrees) == (reference.outcome, reference.subtrees)


def _distinct(book: Rulebook) -> bool:
    return len(book) == sum(1 for _ in book.walk())


def test_the_usual_motions_take_the_subtree_alone() -> None:
    """The fast way is taken, not always given up (which the property would not notice)."""
    for m in (
        motion(replace("C4.II.2.B.i", "20 per cent", "10 per cent")),
        motion(at_end_of("C1.II.2")),
    ):
        subtrees = needs(m, _MODEL.get)
        assert subtrees is not None and len(subtrees) == 1
        (address,) = subtrees
        fast = apply_alone(_MODEL, m, address)
        assert fast is not None
        general = apply_safely(extract(_MODEL, _MODEL.get, subtrees), m, references=False)
        _same(fast, general, address)


def at_end_of(citation: str) -> InsertWords:
    return InsertWords(Position.END, Quoted.of("and others"), None, at(citation))


def test_a_look_up_above_the_subtree_gives_up() -> None:
    """The extract holds a copy of each enclosing provision; the subtree alone cannot answer
    for one, so it says it is not exact."""
    leaf = next(p for p in _MODEL.walk() if p.address.depth == 4)
    watch = Watch()
    alone = Alone.of(_MODEL, leaf, watch)
    assert alone.get(leaf.address) is leaf
    assert alone.get(leaf.address.sibling("zz")) is None and watch.exact  # absent in both
    parent = leaf.address.parent
    assert parent is not None
    assert alone.get(parent) is None
    assert not watch.exact


def test_two_siblings_at_one_address_give_up() -> None:
    """Inside the subtree, the extract's `with_provision` meets both twins and replaces both
    (its fallback for irregular trees): the subtree alone leaves that to it."""
    parent = next(
        p
        for p in _MODEL.walk()
        if p.text and len(p.children) > 1 and not p.children[0].children and p.children[0].text
    )
    twin = _with_twin(_MODEL, parent)
    first = parent.children[0]
    m = motion(
        ReplaceWords(Anchor(Quoted.of(parent.text.split()[0])), Quoted.of("X"), at_(parent)),
        ReplaceWords(Anchor(Quoted.of(first.text.split()[0])), Quoted.of("Y"), at_(first)),
    )
    # Amending the parent walks its children (the twin twice); amending only the child under
    # a location at the parent finds two ways down to it.
    child_only = Motion(m.header, at_(parent), m.operations[1:], source=m.source)
    for each in (m, child_only):
        assert needs(each, twin.get) == frozenset({parent.address})
        assert apply_alone(twin, each, parent.address) is None
        assert apply_alone(_MODEL, each, parent.address) is not None  # a regular book
        assert effect_of(twin, each) == _general_effect(twin, each)


def at_(provision: Provision) -> Location:
    return Location(provision.address)


@pytest.mark.parametrize("shape", ["deep top", "stray child"])
def test_a_book_whose_addresses_do_not_nest_is_left_to_the_extract(shape: str) -> None:
    model = _MODEL
    if shape == "deep top":
        deep = next(p for p in model.walk() if p.address.depth == 3)
        tops: tuple[Provision, ...] = (*model.children, deep)
    else:
        top = model.children[0]
        stray = next(p for p in model.children[1].walk() if p.address.depth == 2)
        tops = (top.with_children((*top.children, stray)), *model.children[1:])
    book = Rulebook(model.title, model.edition, model.scheme, tops, model.filename)
    assert not nested(book)
    assert nested(model)


def test_another_look_up_must_hold_every_ancestor() -> None:
    """`extract` asserts each provision above the subtree is there; the subtree alone is not
    used where one is missing (nor where the subtree holds one shallower than itself)."""
    m = motion(replace("C4.II.2.B.i", "20 per cent", "10 per cent"))
    (address,) = needs(m, _MODEL.get) or ()
    assert apply_alone(_MODEL, m, address, _MODEL.get) is not None
    parent = address.parent
    assert parent is not None

    def without_parent(a: Address) -> Provision | None:
        return None if a == parent else _MODEL.get(a)

    assert apply_alone(_MODEL, m, address, without_parent) is None
    with pytest.raises(AssertionError):
        extract(_MODEL, without_parent, {address})
    leaf = _MODEL.get(address)
    assert leaf is not None
    stray = leaf.with_children((_MODEL.children[0],))  # a chapter inside a sub-rule

    def stray_below(a: Address) -> Provision | None:
        return stray if a == address else _MODEL.get(a)

    assert apply_alone(_MODEL, m, address, stray_below) is None
