"""motions: party rule books as trees, rule changes as diffs, conflicts and card votes.

The public API, one function per stage (see docs and ARCHITECTURE.md):

    rb = motions.load_rulebook()                      # the embedded model rule book
    rb["Chapter 4, Clause II, rule 2.B.i"].text       # look up in any citation style
    motions.parse_rulebook(text)                      # your own book in the source format
    motions.find_references(rb)                       # cross-references, resolved
    motion = motions.parse_motion(text)               # a rule change in the drafting language
    motions.apply(rb, motion)                         # → Amended: new book, redlines, diagnostics
    motions.draft(rb, "C4.II.2.B.i", new_text)        # → Motion that makes the edit, proven
    motions.check_conflicts(rb, [motion, ...])        # collisions, falls, broken references
    motions.WhipBook.open("whip.sqlite")              # delegates, lines, pledges; then tally
    motions.build_sheets(...)                         # briefing sheets, one per delegate
    motions.import_pdf("Rule-Book.pdf")               # the book people have, into our format
"""

from __future__ import annotations

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
from motions.book.numbering import Level, Scheme, Style, load_scheme, parse_scheme
from motions.book.outline import Outline, outline, parse_rulebook
from motions.book.references import CrossReference, References, find_references, references_in
from motions.book.rulebook import Provision, Rulebook
from motions.book.text import render_rulebook
from motions.brief import build_sheets
from motions.conflicts import check as check_conflicts
from motions.drafting.apply import Amended, Change, apply, apply_all
from motions.drafting.draft import draft, draft_editions
from motions.drafting.motion import Motion
from motions.drafting.reader import parse_motion, parse_motions
from motions.editions.diff import diff_editions
from motions.errors import (
    AddressError,
    Diagnostic,
    MotionError,
    MotionsError,
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

__all__ = [
    "Address",
    "AddressError",
    "Amended",
    "Change",
    "Cited",
    "CitedRange",
    "Conference",
    "CrossReference",
    "Diagnostic",
    "Level",
    "Motion",
    "MotionError",
    "MotionsError",
    "Outline",
    "Provision",
    "Reference",
    "References",
    "Rulebook",
    "RulebookError",
    "Scheme",
    "SchemeError",
    "Severity",
    "Span",
    "Style",
    "WhipBook",
    "apply",
    "apply_all",
    "build_sheets",
    "canonical",
    "check_conflicts",
    "diff_editions",
    "draft",
    "draft_editions",
    "entitlement",
    "find_references",
    "import_docx",
    "import_pdf",
    "load_rulebook",
    "load_scheme",
    "outline",
    "parse_address",
    "parse_citation",
    "parse_motion",
    "parse_motions",
    "parse_reference",
    "parse_rulebook",
    "parse_scheme",
    "path_to_victory",
    "project",
    "references_in",
    "render_rulebook",
    "tally_counts",
    "win_probability",
]
