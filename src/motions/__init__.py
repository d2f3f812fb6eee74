"""motions: party rule books as trees, rule changes as diffs, conflicts and card votes.

The five verbs, from a rule book to a result a program can use:

    import motions

    rb = motions.load_rulebook()            # 1. read a rule book: the embedded model book,
                                            #    or load_rulebook(path), parse_rulebook(text)
    rb["Chapter 4, Clause II, rule 2.B.i"]  #    look up in any citation style (KeyError if absent)
    motion = motions.parse_motion(text)     # 2. read a rule change in the drafting language
    amended = motions.apply(rb, motion)     # 3. carry it: the new book, redlines, diagnostics
    report = motions.check_conflicts(rb, [motion, ...])   # 4. what clashes on an agenda
    motions.to_json(amended)                # 5. any result as the JSON its command prints

Every result has `to_dict()`, plain data of the same shape as the command's `--format json`
(docs/json.md). Bad input raises `MotionsError` (or a subclass) carrying `Diagnostic` values:
file, line, column, message and a hint. More: `motions.WhipBook` (delegates, pledges, card
votes), `motions.build_sheets` (briefings), `motions.import_pdf` / `import_docx`,
`motions.diff_editions`, `motions.find_references`, `motions.draft(rb, address, new_text)`
(the motion that makes an edit, proven) and `motions.draft_editions(old, new)`.

Names are imported when first used, so `import motions` stays cheap.
"""

# The names imported under TYPE_CHECKING at the end are there for type checkers only:
# ruff: noqa: F401

from __future__ import annotations

from typing import TYPE_CHECKING

from motions.exports import lazy_exports

#: Where each public name lives. `__all__` is the documented surface; the other names stay
#: importable for code written against earlier releases.
_HOMES: dict[str, str] = {
    # the rule book
    "Address": "motions.book.address",
    "Cited": "motions.book.address",
    "CitedRange": "motions.book.address",
    "Reference": "motions.book.address",
    "parse_address": "motions.book.address",
    "parse_citation": "motions.book.address",
    "parse_reference": "motions.book.address",
    "load_rulebook": "motions.book.load",
    "Level": "motions.book.numbering",
    "Scheme": "motions.book.numbering",
    "Style": "motions.book.numbering",
    "load_scheme": "motions.book.numbering",
    "parse_scheme": "motions.book.numbering",
    "Outline": "motions.book.outline",
    "outline": "motions.book.outline",
    "parse_rulebook": "motions.book.outline",
    "CrossReference": "motions.book.references",
    "References": "motions.book.references",
    "find_references": "motions.book.references",
    "references_in": "motions.book.references",
    "Provision": "motions.book.rulebook",
    "Rulebook": "motions.book.rulebook",
    "render_rulebook": "motions.book.text",
    # drafting, editions, conflicts
    "Amended": "motions.drafting.apply",
    "Change": "motions.drafting.apply",
    "apply": "motions.drafting.apply",
    "apply_all": "motions.drafting.apply",
    "draft": "motions.drafting.draft",
    "draft_editions": "motions.drafting.draft",
    "Motion": "motions.drafting.motion",
    "parse_motion": "motions.drafting.reader",
    "parse_motions": "motions.drafting.reader",
    "canonical": "motions.render.motion",
    "diff_editions": "motions.editions.diff",
    "check_conflicts": "motions.conflicts",
    # errors and the JSON contract
    "AddressError": "motions.errors",
    "Diagnostic": "motions.errors",
    "ImporterError": "motions.errors",
    "MotionError": "motions.errors",
    "MotionsError": "motions.errors",
    "ProvisionNotFoundError": "motions.errors",
    "RulebookError": "motions.errors",
    "SchemeError": "motions.errors",
    "Severity": "motions.errors",
    "Span": "motions.source",
    "to_json": "motions.contract",
    # whip, briefings, importers
    "Conference": "motions.whip",
    "WhipBook": "motions.whip",
    "entitlement": "motions.whip",
    "path_to_victory": "motions.whip",
    "project": "motions.whip",
    "tally_counts": "motions.whip",
    "win_probability": "motions.whip",
    "build_sheets": "motions.brief",
    "import_docx": "motions.importers",
    "import_pdf": "motions.importers",
}

#: Names bound under another name at home.
_ALIASES = {"check_conflicts": "check"}

__all__ = [
    "Address",
    "AddressError",
    "Amended",
    "Diagnostic",
    "Motion",
    "MotionsError",
    "Provision",
    "Rulebook",
    "WhipBook",
    "apply",
    "build_sheets",
    "check_conflicts",
    "diff_editions",
    "draft",
    "draft_editions",
    "find_references",
    "import_docx",
    "import_pdf",
    "load_rulebook",
    "parse_motion",
    "parse_rulebook",
    "to_json",
]


__getattr__, __dir__ = lazy_exports(__name__, _HOMES, _ALIASES)


if TYPE_CHECKING:  # what a type checker and an editor see: every public name, eagerly
    from motions.book.address import (
        Address,
        Cited,
        CitedRange,
        Reference,
        parse_address,
        parse_citation,
        parse_reference,
    )
    from motions.book.load import load_rulebook
    from motions.book.numbering import (
        Level,
        Scheme,
        Style,
        load_scheme,
        parse_scheme,
    )
    from motions.book.outline import (
        Outline,
        outline,
        parse_rulebook,
    )
    from motions.book.references import (
        CrossReference,
        References,
        find_references,
        references_in,
    )
    from motions.book.rulebook import Provision, Rulebook
    from motions.book.text import render_rulebook
    from motions.brief import build_sheets
    from motions.conflicts import check as check_conflicts
    from motions.contract import to_json
    from motions.drafting.apply import (
        Amended,
        Change,
        apply,
        apply_all,
    )
    from motions.drafting.draft import draft, draft_editions
    from motions.drafting.motion import Motion
    from motions.drafting.reader import parse_motion, parse_motions
    from motions.editions.diff import diff_editions
    from motions.errors import (
        AddressError,
        Diagnostic,
        ImporterError,
        MotionError,
        MotionsError,
        ProvisionNotFoundError,
        RulebookError,
        SchemeError,
        Severity,
    )
    from motions.importers import import_docx, import_pdf
    from motions.render.motion import canonical
    from motions.source import Span
    from motions.whip import (
        Conference,
        WhipBook,
        entitlement,
        path_to_victory,
        project,
        tally_counts,
        win_probability,
    )
