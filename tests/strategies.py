"""Hypothesis strategies for the project's values: rule books, addresses, text."""

from __future__ import annotations

from hypothesis import strategies as st

from motions.address import Address
from motions.numbering import LabelKey, Scheme, format_label, load_scheme
from motions.rulebook import Provision, Rulebook

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
