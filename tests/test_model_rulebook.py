"""The embedded model rule book meets the size and content the other stages rely on."""

from __future__ import annotations

from collections import Counter

from motions import Rulebook, find_references


def test_size(model: Rulebook) -> None:
    chapters = [p for p in model.children if p.level == "chapter"]
    clauses = [p for p in model.walk() if p.level == "clause"]
    assert len(chapters) >= 10
    assert {"9A", "9B"} <= {c.label for c in chapters}
    assert any(p.level == "appendix" for p in model.children)
    assert len(clauses) >= 50
    assert sum(1 for _ in model.numbered()) >= 600
    assert model.word_count() >= 15_000


def test_says_it_is_a_model(repo_root: object) -> None:
    from motions.resources import read_text

    text = read_text("rulebook", "model.txt")
    assert "MODEL rule book" in text.splitlines()[0]


def test_provisions_the_examples_amend(model: Rulebook) -> None:
    assert "20 per cent" in model["C4.II.2.B.i"].text
    entitlement = model["C3.I.3.A"].text
    assert "749" in entitlement and "250" in entitlement and "six" in entitlement
    assert "three years" in model["C3.III.2.H"].text
    assert "Conference Arrangements Committee" in model["C3.III.2"].full_text()
    assert "National Executive Committee" in (model["C1.VIII"].heading or "")
    assert model["C7.IV.5A"].label == "5A"


def test_ambiguous_labels_occur(model: Rulebook) -> None:
    seen = Counter((p.level, p.label) for p in model.walk())
    for letter in "CDILMVX":
        assert seen[("sub-rule", letter)], letter
    for letter in "iv":
        assert seen[("sub-item", letter)], letter
    for roman in ("i", "v", "x"):
        assert seen[("item", roman)], roman


def test_every_cross_reference_resolves(model: Rulebook) -> None:
    refs = find_references(model)
    assert len(refs.references) >= 200
    assert refs.diagnostics == ()


def test_reference_styles_are_all_present(model: Rulebook) -> None:
    texts = [r.text.lower() for r in find_references(model).references]

    def has(fragment: str) -> bool:
        return any(fragment in t for t in texts)

    assert has(" above") and has(" below") and has("above and following")
    assert has("this clause") and has("this chapter")
    assert has(" to ") and has(" or ")
    assert has("of these rules")
    assert has("appendix")
