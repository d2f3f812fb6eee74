"""Hypothesis strategies for the project's values: rule books, addresses, text."""

from __future__ import annotations

from hypothesis import strategies as st

from motions.book.address import Address
from motions.book.numbering import LabelKey, Scheme, format_label, load_scheme
from motions.book.rulebook import Provision, Rulebook

LABOUR = load_scheme("labour")

_WORD = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'’-,;:.()"
    ),
    min_size=1,
    max_size=9,
)
#: Rule text: words separated by single spaces, no leading or trailing space.
text = st.lists(_WORD, min_size=0, max_size=12).map(" ".join)
heading = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8), min_size=1, max_size=5
).map(lambda words: " ".join(words).capitalize())


@st.composite
def provisions(draw: st.DrawFn, address: Address, depth_left: int) -> Provision:
    level = address.level
    children: list[Provision] = []
    sequence = address.scheme.sequence(address.root)
    if depth_left > 0 and address.depth < len(sequence):
        child_level = sequence[address.depth]
        count = draw(st.integers(0, 4 if child_level.heading else 6))
        for ordinal in range(1, count + 1):
            label = format_label(LabelKey(ordinal), child_level.style)
            children.append(draw(provisions(address.child(label), depth_left - 1)))
    return Provision(
        address=address,
        label=address.label,
        heading=draw(heading) if level.heading else None,
        text=draw(text),
        children=tuple(children),
    )


@st.composite
def rulebooks(draw: st.DrawFn, scheme: Scheme = LABOUR, max_depth: int = 5) -> Rulebook:
    """Small, well-formed rule books: consecutive labels at every level, optional appendices."""
    root = scheme.levels[0]
    tops = []
    start = draw(st.integers(1, 3))
    for ordinal in range(start, start + draw(st.integers(1, 3))):
        address = Address(root.name, (str(ordinal),), scheme)
        tops.append(draw(provisions(address, draw(st.integers(1, max_depth)))))
    for extra in scheme.tops:
        for ordinal in range(1, draw(st.integers(0, 2)) + 1):
            address = Address(extra.name, (str(ordinal),), scheme)
            tops.append(draw(provisions(address, draw(st.integers(1, 3)))))
    return Rulebook(
        title=draw(heading), edition=draw(st.sampled_from(["2025", "2026", "draft"])),
        scheme=scheme, children=tuple(tops),
    )  # fmt: skip


@st.composite
def addresses(draw: st.DrawFn, scheme: Scheme = LABOUR) -> Address:
    """Any well-formed address of the scheme, with inserted labels where arabic allows."""
    top = draw(st.sampled_from(scheme.roots))
    sequence = scheme.sequence(top.name)
    depth = draw(st.integers(1, len(sequence)))
    labels = []
    for level in sequence[:depth]:
        ordinal = draw(st.integers(1, 30))
        suffix = ""
        if level.style.value == "arabic" and draw(st.integers(0, 5)) == 0:
            suffix = draw(st.sampled_from("AB"))
        labels.append(format_label(LabelKey(ordinal, suffix), level.style))
    return Address(top.name, tuple(labels), scheme)


# -- motions ------------------------------------------------------------------------------------

from motions.drafting.motion import (  # noqa: E402
    Anchor,
    Consequential,
    DeleteProvisions,
    DeleteWords,
    Header,
    InsertProvision,
    InsertWords,
    Location,
    Motion,
    Operation,
    Position,
    ReplaceProvisions,
    ReplaceQuoted,
    ReplaceSentence,
    ReplaceWords,
)
from motions.drafting.quoting import Quoted  # noqa: E402

_QUOTABLE = (
    st.text(
        alphabet=st.sampled_from("abcdefghij klmnopqrstuvwxyz ABCDEFG 0123456789 ,.;:()-'’"),
        min_size=1,
        max_size=30,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
quoted = _QUOTABLE.map(Quoted.of)
_HEADER_VALUE = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEF0123456789-", min_size=1, max_size=20)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@st.composite
def _labour_address(draw: st.DrawFn, min_depth: int = 3, max_depth: int = 5) -> Address:
    labels = [str(draw(st.integers(1, 15)))]
    sequence = LABOUR.sequence("chapter")
    for level in sequence[1 : draw(st.integers(min_depth, max_depth))]:
        labels.append(format_label(LabelKey(draw(st.integers(1, 12))), level.style))
    return Address("chapter", tuple(labels), LABOUR)


locations = _labour_address().map(Location)
ordinals = st.sampled_from([1, 2, 3, 5, 10, 11, 22, -1])


@st.composite
def anchors(draw: st.DrawFn) -> Anchor:
    return Anchor(
        draw(quoted),
        occurrence=draw(st.none() | ordinals),
        every=draw(st.booleans()),
        sentence=draw(st.none() | ordinals),
    )


@st.composite
def _siblings(draw: st.DrawFn) -> tuple[Location, ...]:
    first = draw(_labour_address(3, 4))
    level = first.level
    start = draw(st.integers(1, 6))
    count = draw(st.integers(1, 3))
    labels = [format_label(LabelKey(n), level.style) for n in range(start, start + count)]
    return tuple(Location(first.sibling(label)) for label in labels)


@st.composite
def _insert_provision(draw: st.DrawFn) -> InsertProvision:
    parent = draw(_labour_address(2, 4))
    level = LABOUR.sequence("chapter")[parent.depth]
    ordinal = draw(st.integers(2, 9))
    label = format_label(LabelKey(ordinal), level.style)
    sibling = Location(parent.child(format_label(LabelKey(ordinal - 1), level.style)))
    where = draw(st.sampled_from(["after", "before", "end"]))
    return InsertProvision(
        parent=Location(parent),
        label=label,
        text=draw(quoted),
        after=sibling if where == "after" else None,
        before=Location(parent.child(label)) if where == "before" else None,
        renumber=draw(st.booleans()),
    )


def operations(target: st.SearchStrategy[Location | None]) -> st.SearchStrategy[Operation]:
    return st.one_of(
        st.builds(ReplaceWords, anchors(), quoted, target),
        st.builds(DeleteWords, anchors(), target),
        st.builds(
            InsertWords,
            st.sampled_from([Position.BEFORE, Position.AFTER]),
            quoted,
            anchors(),
            target,
        ),
        st.builds(
            InsertWords, st.sampled_from([Position.START, Position.END]), quoted, st.none(), target
        ),
        st.builds(ReplaceQuoted, quoted, target),
        st.builds(ReplaceSentence, ordinals, quoted, st.none() | quoted, target),
        _insert_provision(),
        st.builds(ReplaceProvisions, _siblings(), quoted),
        st.builds(DeleteProvisions, _siblings(), st.booleans()),
        st.builds(Consequential, st.none() | quoted),
    )


@st.composite
def motions(draw: st.DrawFn) -> Motion:
    location = draw(st.none() | locations)
    target: st.SearchStrategy[Location | None] = (
        st.none() | locations if location is not None else locations
    )
    header = Header(
        title=draw(st.none() | _HEADER_VALUE),
        proposer=draw(st.none() | _HEADER_VALUE),
        edition=draw(st.none() | st.sampled_from(["2025", "2026"])),
        card_vote=draw(st.none() | st.integers(1, 60).map(str)),
        package=draw(st.none() | _HEADER_VALUE),
    )
    return Motion(
        header=header,
        location=location,
        operations=tuple(draw(st.lists(operations(target), min_size=1, max_size=4))),
        reads=draw(st.none() | quoted) if location is not None else None,
        will_read=draw(st.none() | quoted) if location is not None else None,
    )
