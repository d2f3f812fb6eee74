"""`apply` never carries a wrong result: labels written once, no holes left in the numbering,
English spacing around inserted punctuation, and every edition it makes reads back."""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from strategies import quoted, rulebooks

from motions import Rulebook
from motions.book.numbering import LabelKey, format_label, label_key
from motions.book.outline import parse_rulebook
from motions.book.rulebook import Provision
from motions.book.text import render_rulebook
from motions.drafting.apply import Amended, apply
from motions.drafting.motion import (
    Anchor,
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
from motions.drafting.quoting import Quoted
from motions.drafting.reader import parse_motion


def carry(model: Rulebook, text: str) -> Amended:
    return apply(model, parse_motion(text, filename="m.motion"))


def motion_of(*operations: Operation, location: Location | None = None, **kw: object) -> Motion:
    return Motion(Header(), location, operations, **kw)  # type: ignore[arg-type]


def at(address: str, model: Rulebook) -> Location:
    return Location(model[address].address)


def codes(amended: Amended) -> list[str]:
    return [d.code for d in amended.diagnostics]


# -- 1. a quote that repeats the provision's own label --------------------------------------


def test_a_replaced_first_sentence_that_opens_with_the_label_is_not_labelled_twice(
    model: Rulebook,
) -> None:
    amended = carry(
        model,
        "Chapter 3, Clause III, rule 2.B: replace the first sentence with: "
        "'B. In the case of one subject only.'",
    )
    assert amended.applied
    assert amended.rulebook["C3.III.2.B"].text == "In the case of one subject only."
    assert "B. B." not in render_rulebook(amended.rulebook)


def test_these_words_quoted_with_their_label_replace_the_text(model: Rulebook) -> None:
    current = model["C1.VIII.5.B"].text
    amended = carry(
        model,
        f"Chapter 1, Clause VIII, rule 5.B reads as follows: 'B. {current}'\n"
        "Delete these words and replace them with: 'B. In the case of a decision, the NEC "
        "decides.'",
    )
    assert amended.applied, [d.format() for d in amended.diagnostics]
    assert amended.rulebook["C1.VIII.5.B"].text == "In the case of a decision, the NEC decides."


def test_a_new_provision_quoted_with_its_dotted_number_is_labelled_once(model: Rulebook) -> None:
    clause = model["C3.III"]
    last = clause.children[-1]
    label = str(int(last.label) + 1)
    op = InsertProvision(
        Location(clause.address),
        label,
        Quoted.of(f"III.{label} The following shall apply to every amendment."),
    )
    amended = apply(model, motion_of(op))
    assert amended.applied, [d.format() for d in amended.diagnostics]
    new = amended.rulebook[f"C3.III.{label}"]
    assert new.text == "The following shall apply to every amendment."


def test_a_replacement_provision_quoted_with_its_label_is_labelled_once(model: Rulebook) -> None:
    for opening in ("2.C The", "(C) The", "C) The", "3.III.2.C. The", "3.2.C The"):
        text = Quoted.of(f"{opening} Committee may rule out any amendment.")
        amended = apply(model, motion_of(ReplaceProvisions((at("C3.III.2.C", model),), text)))
        assert amended.applied, [d.format() for d in amended.diagnostics]
        new = amended.rulebook["C3.III.2.C"].text
        assert new == "The Committee may rule out any amendment.", opening


# -- 2. deleting a provision leaves no hole -------------------------------------------------


def test_deleting_without_renumber_accordingly_renumbers_and_warns(model: Rulebook) -> None:
    before = [p.label for p in model["C3.III.2"].children]
    amended = carry(model, "Delete Chapter 3, Clause III, rule 2.G.")
    assert amended.applied
    after = [p.label for p in amended.rulebook["C3.III.2"].children]
    assert after == before[:-1]
    assert amended.rulebook["C3.III.2.G"].text == model["C3.III.2.H"].text
    (renumbered,) = [d for d in amended.diagnostics if d.code == "renumbered"]
    assert renumbered.severity.value == "warning" and "sub-rule G" in renumbered.message
    assert parse_rulebook(render_rulebook(amended.rulebook)) == amended.rulebook


def test_deleting_the_last_provision_moves_nothing_and_says_nothing(model: Rulebook) -> None:
    last = model["C3.III.2"].children[-1].address.compact()
    amended = carry(model, f"Delete {last}.")
    assert amended.applied and "renumbered" not in codes(amended)
    assert amended.renumbering == ()


# -- 3. 'add at the end' of a rule, quoting its next sub-rule --------------------------------


def test_adding_a_labelled_sub_rule_at_the_end_of_a_rule_creates_it(model: Rulebook) -> None:
    heading = model["C1.VIII.5"].text
    amended = carry(
        model,
        "Add at the end of Chapter 1, Clause VIII, rule 5: 'D. The NEC may appoint a panel to "
        "review its committees.'",
    )
    assert amended.applied, [d.format() for d in amended.diagnostics]
    book = amended.rulebook
    assert book["C1.VIII.5"].text == heading
    assert book["C1.VIII.5.D"].text == "The NEC may appoint a panel to review its committees."
    assert [c.kind for c in amended.changes] == ["inserted"]


def test_adding_plain_words_at_the_end_still_adds_words(model: Rulebook) -> None:
    amended = carry(model, "C4.II.2.B.i: at the end add 'or'.")
    assert amended.rulebook["C4.II.2.B.i"].text.endswith("and either or")


# -- 4. spacing around inserted punctuation --------------------------------------------------


def _book_with(text: str) -> tuple[Rulebook, Location]:
    book = parse_rulebook(
        f"Title: Test book\nEdition: 2026\n\nChapter 1 Members\nClause I. Who\n1. {text}\n"
    )
    return book, Location(book["C1.I.1"].address)


def test_punctuation_inserted_before_words_clings_to_the_word_before(model: Rulebook) -> None:
    book, where = _book_with("members studying or serving in the forces")
    cases = {
        (Position.BEFORE, "or serving", ", apprenticed"): "studying, apprenticed or serving",
        (Position.AFTER, "studying", ", apprenticed"): "studying, apprenticed or serving",
        (Position.BEFORE, "or serving", "apprenticed,"): "studying apprenticed, or serving",
        (Position.AFTER, "forces", "."): "in the forces.",
        (Position.BEFORE, "in the forces", "(full-time)"): "serving (full-time) in the",
    }
    for (position, anchor, new), expected in cases.items():
        op = InsertWords(position, Quoted.of(new), Anchor(Quoted.of(anchor)), where)
        amended = apply(book, motion_of(op))
        text = amended.rulebook["C1.I.1"].text
        assert expected in text, (position, anchor, new, text)
        assert "  " not in text and " ," not in text


# -- every edition apply writes reads back ---------------------------------------------------


@st.composite
def edited_books(draw: st.DrawFn) -> tuple[Rulebook, Motion]:
    """A random book and a motion of one to three operations on its real provisions."""
    book = draw(rulebooks(max_depth=4))
    provisions = [p for p in book.walk() if not p.address.level.heading]
    parents = [
        p
        for p in book.walk()
        if p.address.depth + 1 < len(p.address.scheme.sequence(p.address.root))
    ]
    operations: list[Operation] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["words", "words", "provisions"]))
        if kind == "words" and provisions:
            operations.append(_word_operation(draw, draw(st.sampled_from(provisions))))
        elif parents:
            operation = _provision_operation(draw, draw(st.sampled_from(parents)))
            if operation is not None:
                operations.append(operation)
    if not operations:
        operations.append(DeleteProvisions((Location(book.children[0].address),)))
    return book, motion_of(*operations)


def _word_operation(draw: st.DrawFn, provision: Provision) -> Operation:
    where = Location(provision.address)
    words = provision.text.split()
    new = draw(quoted)
    if words:
        start = draw(st.integers(0, len(words) - 1))
        end = draw(st.integers(start + 1, min(len(words), start + 4)))
        anchor = Anchor(Quoted.of(" ".join(words[start:end])), every=True)
        return draw(
            st.sampled_from(
                [
                    ReplaceWords(anchor, new, where),
                    DeleteWords(anchor, where),
                    InsertWords(Position.BEFORE, new, anchor, where),
                    InsertWords(Position.AFTER, new, anchor, where),
                    ReplaceSentence(draw(st.sampled_from([1, -1])), new, None, where),
                ]
            )
        )
    position = draw(st.sampled_from([Position.START, Position.END]))
    return InsertWords(position, new, None, where)


def _provision_operation(draw: st.DrawFn, parent: Provision) -> Operation | None:
    level = parent.address.scheme.sequence(parent.address.root)[parent.address.depth]
    children = parent.children
    if children and draw(st.booleans()):
        start = draw(st.integers(0, len(children) - 1))
        end = draw(st.integers(start + 1, min(len(children), start + 2)))
        targets = tuple(Location(c.address) for c in children[start:end])
        if draw(st.booleans()):
            return DeleteProvisions(targets, renumber=draw(st.booleans()))
        return ReplaceProvisions(targets[:1], draw(quoted))
    index = draw(st.integers(0, len(children)))
    previous = label_key(children[index - 1].label, level.style) if index else None
    label = format_label(LabelKey(previous.ordinal + 1 if previous else 1), level.style)
    after = Location(children[index - 1].address) if index else None
    before = Location(children[index].address) if index < len(children) and not after else None
    return InsertProvision(
        Location(parent.address), label, draw(quoted), after=after, before=before,
        renumber=draw(st.booleans()),
    )  # fmt: skip


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_books())
def test_every_edition_apply_makes_reads_back_as_itself(case: tuple[Rulebook, Motion]) -> None:
    book, motion = case
    amended = apply(book, motion)
    event("applied" if amended.applied else "not applied")
    if not amended.applied:
        assert amended.rulebook is book
        return
    again = parse_rulebook(render_rulebook(amended.rulebook))
    assert again == amended.rulebook


def test_the_replaced_quote_keeps_its_own_words(model: Rulebook) -> None:
    # 'these words' quoted without a label still act on exactly those words.
    amended = apply(
        model,
        motion_of(
            ReplaceQuoted(Quoted.of("in the forces")),
            location=Location(model["C4.II.2.B.i"].address),
            reads=Quoted.of("20 per cent"),
        ),
    )
    assert amended.applied
    assert "at least in the forces of the Commons" in amended.rulebook["C4.II.2.B.i"].text


def test_a_stated_result_is_checked_when_each_operation_names_its_location(
    model: Rulebook,
) -> None:
    """With no motion-level location, the stated result is compared with the provisions the
    operations changed (it was skipped, and the redline said it matched)."""
    stated = (
        "'The quorum for a branch meeting shall be five members or one tenth of the "
        "membership of the branch, whichever is the {}.'"
    )
    text = (
        "Title: Smaller quorum\n"
        "Chapter 8, Clause IV, rule 3: for 'seven members' substitute 'five members'.\n"
        "The amended rule will read:\n"
    )
    wrong = apply(model, parse_motion(text + stated.format("greater") + "\n"))
    assert [d.code for d in wrong.errors] == ["will-read-mismatch"]
    right = apply(model, parse_motion(text + stated.format("less") + "\n"))
    assert not right.errors
