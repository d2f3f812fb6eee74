"""Exporters: a `Rulebook` printed as a book (PDF) or written as a Word file (DOCX).

They exist so the importers can be tested on realistic files we make ourselves, and so a user
can print their source file the way the party prints its book. Both need the `[import]` extra;
the libraries are imported only when a function here is called.
"""

from __future__ import annotations

from motions.importers.export.docx import export_docx
from motions.importers.export.pdf import PdfLayout, book_html, export_pdf

__all__ = ["PdfLayout", "book_html", "export_docx", "export_pdf"]
