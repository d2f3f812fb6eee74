"""What an import gives back: the source text, the book parsed from it, and the report."""

from __future__ import annotations

import attrs

from motions.book.rulebook import Rulebook
from motions.contract import envelope
from motions.errors import Diagnostic, Severity


@attrs.frozen
class ImportResult:
    """The outcome of importing a PDF or Word file.

    `source` is the rule book in our source format (write it to a `.txt` file); `rulebook` is
    that text parsed; `diagnostics` lists what the importer could not place (warnings: kept in
    the source as comments or as text of the provision above, never dropped) and what it skipped
    on purpose (notes: running headers, the contents pages).
    """

    source: str
    rulebook: Rulebook
    diagnostics: tuple[Diagnostic, ...] = ()
    input: str = ""
    pages: int | None = None  # pages read (PDF), or page breaks seen plus one (Word)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """What could not be placed where it belongs."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def notes(self) -> tuple[Diagnostic, ...]:
        """What was skipped on purpose (contents pages, running headers and footers)."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.NOTE)

    @property
    def complete(self) -> bool:
        """True when every piece of text found its place in the book."""
        return not self.warnings

    def to_dict(self) -> dict[str, object]:
        """The `motions.import/1` document (docs/json.md): what was read and what was not
        placed; the source text itself is `source`, kept out of the report."""
        book = self.rulebook
        return envelope(
            "import",
            {
                "input": self.input,
                "title": book.title,
                "edition": book.edition,
                "provisions": len(book),
                "pages": self.pages,
                "complete": self.complete,
                "diagnostics": [d.to_json() for d in self.diagnostics],
            },
        )
