"""Importers: the rule book people actually have (a PDF, a Word file) → our source format.

    result = import_pdf("Rule-Book-2026.pdf")      # or import_docx("rules.docx")
    Path("rulebook-2026.txt").write_text(result.source)
    result.rulebook                                # the parsed `Rulebook`, pages kept
    for d in result.warnings: print(d.format())    # what could not be placed (never dropped)

The importers need the `[import]` extra (pypdfium2, python-docx); they import those libraries
only when called, so `motions` works without them and a missing one is one clear error.
"""

from __future__ import annotations

from pathlib import Path

from motions.book.numbering import Scheme
from motions.errors import ImportError_, error
from motions.importers.docx import import_docx
from motions.importers.layout import Progress
from motions.importers.pdf import import_pdf
from motions.importers.result import ImportResult

#: The importers' error: a file that cannot be read as a rule book. (`errors.ImportError_`.)
ImporterError = ImportError_

__all__ = [
    "ImportResult",
    "ImporterError",
    "Progress",
    "import_docx",
    "import_file",
    "import_pdf",
]


def import_file(
    path: str | Path,
    *,
    progress: Progress | None = None,
    title: str | None = None,
    edition: str | None = None,
    password: str | None = None,
    source_name: str | None = None,
    scheme: Scheme | None = None,
) -> ImportResult:
    """Import a PDF or Word file, choosing the importer by the file's first bytes.

    With no `scheme`, the numbering scheme is inferred from the labels the document prints
    (`infer`) and written into the output, so the output reads back with no other file.

    `password` opens an encrypted PDF; `title` and `edition` override what the file says;
    `source_name` names the source file the diagnostics point into.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportError_(error("import-missing", f"no such file: {path}", hint="check the path"))
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF") or (suffix == ".pdf" and not head.startswith(b"PK")):
        return import_pdf(
            path, progress=progress, password=password, title=title, edition=edition,
            source_name=source_name, scheme=scheme,
        )  # fmt: skip
    if head.startswith((b"PK", b"\xd0\xcf\x11\xe0")) or suffix in (".docx", ".doc"):
        return import_docx(
            path, progress=progress, title=title, edition=edition, source_name=source_name,
            scheme=scheme,
        )  # fmt: skip
    raise ImportError_(
        error(
            "import-unknown-format",
            f"{path} is neither a PDF nor a Word .docx file",
            hint="motions import reads .pdf and .docx; a rule book already in our text "
            "format needs no import",
        )
    )
