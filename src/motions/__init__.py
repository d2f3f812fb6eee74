"""motions: party rule books as trees, rule changes as diffs, conflicts and card votes.

The public API, one function per stage (see docs and ARCHITECTURE.md):

    rb = motions.load_rulebook()                      # the embedded model rule book
    rb["Chapter 4, Clause II, rule 2.B.i"].text       # look up in any citation style
    motions.parse_rulebook(text)                      # your own book in the source format
    motions.find_references(rb)                       # cross-references, resolved
"""

from __future__ import annotations

from motions.address import (
    Address,
    Cited,
    CitedRange,
    Reference,
    parse_address,
    parse_citation,
    parse_reference,
)
from motions.errors import (
    AddressError,
    Diagnostic,
    MotionsError,
    RulebookError,
    SchemeError,
    Severity,
)
from motions.load import load_rulebook
from motions.numbering import Level, Scheme, Style, load_scheme, parse_scheme
from motions.outline import Outline, outline, parse_rulebook, render_rulebook
from motions.references import CrossReference, References, find_references, references_in
from motions.rulebook import Provision, Rulebook
from motions.source import Span

__all__ = [
    "Address",
    "AddressError",
    "Cited",
    "CitedRange",
    "CrossReference",
    "Diagnostic",
    "Level",
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
    "find_references",
    "load_rulebook",
    "load_scheme",
    "outline",
    "parse_address",
    "parse_citation",
    "parse_reference",
    "parse_rulebook",
    "parse_scheme",
    "references_in",
    "render_rulebook",
]
