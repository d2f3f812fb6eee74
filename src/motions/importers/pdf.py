"""Import a printed rule book from PDF (with PDFium, through pypdfium2).

The steps, each over the words PDFium finds with their font and position:

1. **Lines.** Words are grouped into lines; a page set in two columns (a contents page) is
   split at its gutter and read column by column.
2. **Running headers and footers.** A line at the top or bottom of a page whose text, with its
   digits masked, recurs at the same height on several pages in a style unlike the body's is
   a running element; once their heights and styles are known, any line at one of those
   heights in that style is one too (a chapter title that runs on one page only). A line that
   is only a number is the page's number when it stands outside the text and keeps the step of
   the numbers other pages print in its place; one that could be but does not fit (a lone
   "c" ending a page) is text, kept and warned. They are dropped; the page numbers they print
   are kept, so every provision gets the page number printed on its page, not the PDF's index.
3. **Contents and index pages**: pages where most lines end in a page number, or that open
   with "Contents", are skipped (a note says which).
4. **Front matter**: everything before the first chapter heading. The largest line on the
   cover is the title and an "Edition ..." line or a year is the edition; anything else is
   reported and kept in the source as a comment.
5. **Blocks.** A line opening with a heading keyword ("Chapter", "Clause", "Appendix") in bold or
   large type starts a heading, and the next lines in the same type continue it. A line opening
   with a label ("2.", "B.", "iii.") starts a provision when the label stands apart: followed by
   a wider gap than the line's other spaces (a hanging label), after a paragraph gap, or to the
   left of the line above. Every other line continues the block above, rejoining hyphenated
   words (`layout.Joiner`).
6. **Assembly** (`layout.assemble`): the outline parser places every label by its sequence, and
   whatever it rejects is kept as text and reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from motions.book.numbering import Scheme
from motions.errors import Diagnostic, Severity
from motions.importers.infer import scheme_of_blocks, universal_labels
from motions.importers.layout import (
    Block,
    BlockKind,
    Joiner,
    Labels,
    Progress,
    assemble,
    no_rulebook,
    notes,
)
from motions.importers.pdflines import Cues, blocks_from_lines
from motions.importers.pdfpages import (
    body_size,
    is_contents,
    line_leading,
    mask_digits,
    page_furniture,
    printed_numbers,
    read_cover,
    running_lines,
)
from motions.importers.pdfread import Line, Page, Word, page_lines, read_pages
from motions.importers.result import ImportResult

__all__ = [
    "Cues",
    "Line",
    "Page",
    "Word",
    "blocks_from_lines",
    "import_pdf",
    "is_contents",
    "page_lines",
    "printed_numbers",
    "read_pages",
    "running_lines",
]  # fmt: skip


def import_pdf(
    path: str | Path,
    *,
    progress: Progress | None = None,
    password: str | None = None,
    title: str | None = None,
    edition: str | None = None,
    scheme: Scheme | None = None,
    source_name: str | None = None,
    workers: int | None = None,
) -> ImportResult:
    """Import a rule book printed to PDF; see the module's docstring for how.

    `title` and `edition` override what the cover says; `source_name` names the source file the
    diagnostics point into (default: the PDF's name with `.txt`).
    """
    path = Path(path)
    pages, metadata = read_pages(
        path, password=password, progress=progress, workers=workers,
        early_check=lambda first: _numbered_enough(first, path),
    )  # fmt: skip
    size = body_size(pages)
    furniture = page_furniture(pages, size)
    running = furniture.running
    numbers = printed_numbers(pages, running)

    skipped: dict[int, list[Line]] = {}
    body: list[Line] = []
    unread: list[int] = []
    for page in pages:
        lines = [line for line in page.lines if line not in running]
        if not lines and page.images:
            unread.append(page.index)
        if is_contents(lines):
            skipped[page.index] = lines
            continue
        body.extend(lines)
    joiner = Joiner.for_lines(line.text for line in body)
    cues = Cues(size, line_leading(body, size))
    if scheme is None:
        scheme = _inferred(body, numbers, cues, joiner, path)
    labels = Labels.of(scheme)
    # The book starts at its first top-level heading set as a heading; a book that sets no
    # heading apart (every line in body type) starts at its first top-level line.
    start = next(
        (
            i
            for i, line in enumerate(body)
            if labels.opens_top(line.text, scheme) and (line.bold or line.size >= size * 1.12)
        ),
        next((i for i, line in enumerate(body) if labels.opens_top(line.text, scheme)), len(body)),
    )
    first_page = body[start].page if start < len(body) else len(pages)
    cover = read_cover(body[:start], metadata)
    blocks: list[Block] = []
    for page_index in dict.fromkeys(line.page for line in cover.rest):
        text = joiner.join(line.text for line in cover.rest if line.page == page_index)
        blocks.append(Block(BlockKind.FRONT, text, None, f"PDF page {page_index + 1}"))
    blocks.extend(blocks_from_lines(body[start:], numbers, labels, cues, joiner))
    # Pages that could not be read, and contents-like pages inside the body (a chapter's own
    # contents, or a page of rules that merely looks like one), are kept as comments where
    # they were printed, and reported.
    odd = [(index, "(a picture with no text layer)", "a page that is only a picture")
           for index in unread]  # fmt: skip
    odd += [
        (index, joiner.join(line.text for line in lines), "a page that looks like a contents page")
        for index, lines in skipped.items()
        if index > first_page
    ]
    for index, text, note in sorted(odd, reverse=True):
        printed = numbers.get(index, index + 1)
        at = next(
            (i for i, b in enumerate(blocks) if b.page is not None and b.page > printed),
            len(blocks),
        )
        blocks.insert(at, Block(BlockKind.UNPLACED, text, None, f"PDF page {index + 1}", note=note))
    skipped_front = [index for index in skipped if index <= first_page]
    name = source_name or path.with_suffix(".txt").name
    assembled = assemble(
        blocks,
        title=title if title is not None else cover.title,
        edition=edition if edition is not None else cover.edition,
        scheme=scheme,
        source_name=name,
        origin=str(path),
    )
    found: list[tuple[str, str]] = []
    if skipped_front:
        found.append(
            (
                "import-skipped-contents",
                f"skipped contents pages: PDF pages {_ranges(skipped_front)}",
            )
        )
    if running:
        kinds: dict[str, str] = {}
        for line in sorted(running, key=lambda line: (line.page, line.top)):
            kinds.setdefault(mask_digits(line.text), line.text)
        common = Counter(mask_digits(line.text) for line in running).most_common(5)
        examples = ", ".join(f"'{kinds[mask]}'" for mask, _count in common)
        found.append(
            (
                "import-running-lines",
                f"dropped {len(running)} running header, footer and page-number lines, "
                f"such as {examples}",
            )
        )
    kept = tuple(
        Diagnostic(
            code="import-page-number-kept",
            message=f"kept '{line.text}' on PDF page {line.page + 1} as text: {why}",
            severity=Severity.WARNING,
            hint="if it is the page's number and not text, delete it from the source",
        )
        for line, why in sorted(furniture.doubtful, key=lambda item: (item[0].page, item[0].top))
    )
    return ImportResult(
        source=assembled.source,
        rulebook=assembled.rulebook,
        diagnostics=(*assembled.diagnostics, *kept, *notes(found)),
        input=str(path),
        pages=len(pages),
    )


def _numbered_enough(first: Sequence[Page], path: Path) -> None:
    """Stop early when the first pages of a long file hold no numbered provisions at all."""
    labels = universal_labels()
    numbered = sum(
        1
        for page in first
        for line in page.lines
        if labels.keyword_of(line.text) or labels.is_label(line.words[0].text)
    )
    if numbered < 3:
        raise no_rulebook(
            str(path),
            f"its first {len(first)} pages hold {numbered} numbered line(s) and no numbered "
            "provisions",
        )


def _inferred(
    body: Sequence[Line], numbers: dict[int, int], cues: Cues, joiner: Joiner, path: Path
) -> Scheme:
    """The numbering scheme the body's labelled lines follow, from the first labelled heading."""
    labels = universal_labels()
    start = next(
        (
            i
            for i, line in enumerate(body)
            if (labels.keyword_of(line.text) or labels.is_label(line.words[0].text))
            and (line.bold or line.size >= cues.size * 1.12)
        ),
        0,
    )
    scheme = scheme_of_blocks(blocks_from_lines(body[start:], numbers, labels, cues, joiner))
    if scheme is None:
        raise no_rulebook(str(path), "found no numbered heading or provision")
    return scheme


def _ranges(indexes: Sequence[int]) -> str:
    """0-based page indexes as 1-based ranges: "2-3, 7"."""
    out: list[str] = []
    start = prev = indexes[0]
    for index in (*indexes[1:], None):
        if index is not None and index == prev + 1:
            prev = index
            continue
        out.append(f"{start + 1}" if start == prev else f"{start + 1}-{prev + 1}")
        if index is not None:
            start = prev = index
    return ", ".join(out)
