"""Import a rule book kept as a Word file (.docx, with python-docx).

Word's automatic numbering keeps labels out of the paragraphs' text, so each numbered paragraph's
label is computed from `numbering.xml` (`wordnumbering.Numbering`), following the paragraph's
own `numPr` or its style's. A label typed by hand ("5A.", "Chapter 9 (A)") is read from the text.

Paragraphs become blocks for `layout.assemble`: headings, labelled provisions and unlabelled
text (more of the provision above, or a heading's own text). The paragraph styled Title gives the
book's title and the one styled Subtitle (or reading "Edition ...") its edition; other text
before the first chapter is front matter, kept as comments and reported. Tables are reported and
kept as comments; a Word table of contents is skipped. Deleted tracked changes are left out and
inserted ones kept, as Word shows the document with changes accepted.

Word files have no fixed pages. When the file records where Word last broke its pages
(`w:lastRenderedPageBreak`, written on every save) or has hard page breaks, each provision gets
the page it starts on, counted from 1; otherwise provisions have no page.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from motions.book.numbering import Scheme
from motions.errors import ImportError_, error
from motions.importers.deps import missing
from motions.importers.infer import scheme_of_blocks, universal_labels
from motions.importers.layout import (
    Block,
    BlockKind,
    Labels,
    Progress,
    assemble,
    clean,
    no_rulebook,
    notes,
)
from motions.importers.result import ImportResult
from motions.importers.wordnumbering import Numbering

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_EDITION = re.compile(r"(?i)(?:edition\s*:?\s*(?P<a>.+)|(?P<b>.+?)\s+edition|(?P<c>(?:19|20)\d\d))")
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


_TYPES = "[Content_Types].xml"
_MAIN_TYPE = "wordprocessingml.document.main+xml"


def _sniff(path: Path) -> None:
    """Our error for a file that is not a .docx at all, before python-docx sees it."""
    if not path.is_file():
        raise ImportError_(error("import-missing", f"no such file: {path}", hint="check the path"))
    with path.open("rb") as handle:
        head = handle.read(8)
        rest = handle.read(1 << 20) if head.startswith(b"\xd0\xcf\x11\xe0") else b""
    if not head:
        raise ImportError_(
            error("import-docx-empty", f"{path} is empty (0 bytes)", hint="check the file")
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptionInfo".encode("utf-16-le") in rest:
            raise ImportError_(
                error(
                    "import-docx-encrypted",
                    f"{path} is a password-protected Word file",
                    hint="open it in Word, remove the password (File > Info > Protect "
                    "Document), save, and import the saved copy",
                )
            )
        raise ImportError_(
            error(
                "import-docx-legacy",
                f"{path} is an old-style Word .doc file, not .docx",
                hint="open it in Word or LibreOffice and save it as .docx",
            )
        )
    if not zipfile.is_zipfile(path):
        raise ImportError_(
            error(
                "import-docx-malformed",
                f"{path} is not a Word .docx file (it is not a zip package)",
                hint="check that the file is a .docx and is complete",
            )
        )
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        types = package.read(_TYPES).decode("utf-8", "replace") if _TYPES in names else ""
    missing_part = (
        f"{_TYPES} (the list of what the package holds)"
        if _TYPES not in names
        else "a main document part (the document's text, word/document.xml)"
        if _MAIN_TYPE not in types
        else None
    )
    if missing_part is not None:
        raise ImportError_(
            error(
                "import-docx-malformed",
                f"{path} is a zip package but not a Word document: it has no {missing_part}",
                hint="check that this is the .docx itself, not another kind of zip file "
                "(an .odt, .xlsx or an archive); save it from Word or LibreOffice as .docx",
            )
        )


def _text(paragraph: Any) -> str:
    """The text Word shows for a paragraph: runs, tabs and breaks; deleted text left out."""
    out: list[str] = []
    for node in paragraph.iter():
        tag = node.tag
        if tag == f"{_W}t":
            out.append(node.text or "")
        elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            out.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
    return "".join(out)


def _breaks(paragraph: Any) -> tuple[int, int]:
    """Page breaks in a paragraph: before its first text, and in all."""
    before = total = 0
    seen_text = False
    p_pr = paragraph.find(f"{_W}pPr")
    if p_pr is not None and p_pr.find(f"{_W}pageBreakBefore") is not None:
        before = total = 1
    for node in paragraph.iter():
        tag = node.tag
        if tag == f"{_W}t" and (node.text or "").strip():
            seen_text = True
        elif tag == f"{_W}lastRenderedPageBreak" or (
            tag == f"{_W}br" and node.get(f"{_W}type") == "page"
        ):
            total += 1
            if not seen_text:
                before += 1
    return before, total


class _Styles:
    """Paragraph styles: names, inheritance, and the numbering a style carries."""

    def __init__(self, elements: list[Any]) -> None:
        self.names: dict[str, str] = {}
        self.based: dict[str, str] = {}
        self.default = "Normal"
        for style in elements:
            ident = style.get(f"{_W}styleId") or ""
            name = style.find(f"{_W}name")
            self.names[ident] = (name.get(f"{_W}val") if name is not None else None) or ident
            based = style.find(f"{_W}basedOn")
            if based is not None:
                self.based[ident] = based.get(f"{_W}val") or ""
            if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true"):
                self.default = ident

    def chain(self, ident: str) -> list[str]:
        seen: list[str] = []
        while ident and ident not in seen:
            seen.append(ident)
            ident = self.based.get(ident, "")
        return seen

    def name(self, ident: str) -> str:
        return self.names.get(ident, ident).lower()


def _num_pr(
    paragraph: Any, style: str, styles: _Styles, numbering: Numbering
) -> tuple[str | None, int | None]:
    num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
    num_id: str | None = None
    ilvl: int | None = None
    if num_pr is not None:
        num = num_pr.find(f"{_W}numId")
        lvl = num_pr.find(f"{_W}ilvl")
        num_id = None if num is None else num.get(f"{_W}val")
        ilvl = None if lvl is None else int(lvl.get(f"{_W}val") or 0)
    for ident in styles.chain(style):
        if num_id is not None and ilvl is not None:
            break
        style_num, style_ilvl = numbering.style_nums.get(ident, (None, None))
        num_id = num_id if num_id is not None else style_num
        ilvl = ilvl if ilvl is not None else style_ilvl
    if num_id is not None and ilvl is None:
        ilvl = numbering.level_for_style(num_id, style) or 0
    return num_id, ilvl


def _indented(paragraph: Any) -> bool:
    """Whether a paragraph has a left indent of its own (`w:ind`), as a paragraph that goes
    on with a list item, its number taken off, keeps."""
    ind = paragraph.find(f"{_W}pPr/{_W}ind")
    if ind is None:
        return False
    value = ind.get(f"{_W}left") or ind.get(f"{_W}start") or "0"
    return value.lstrip("-").isdigit() and int(value) > 0


def _all_bold(paragraph: Any) -> bool:
    """Whether every run with text in the paragraph is bold (a heading typed by hand)."""
    runs = [r for r in paragraph.iter(f"{_W}r") if "".join(r.itertext()).strip()]
    return bool(runs) and all(r.find(f"{_W}rPr/{_W}b") is not None for r in runs)


def _started(blocks: list[Block]) -> bool:
    """Whether the reading found where the book begins (anything past the front matter)."""
    return any(block.kind is not BlockKind.FRONT for block in blocks)


def _empty(path: Path) -> ImportError_:
    return ImportError_(
        error(
            "import-docx-empty",
            f"{path} has no text",
            hint="check that this is the rule book and not an empty document",
        )
    )


def import_docx(
    path: str | Path,
    *,
    progress: Progress | None = None,
    title: str | None = None,
    edition: str | None = None,
    scheme: Scheme | None = None,
    source_name: str | None = None,
) -> ImportResult:
    """Import a rule book from a Word .docx file; see the module's docstring for how."""
    path = Path(path)
    try:
        import docx
    except ImportError:
        raise missing("docx") from None
    _sniff(path)
    try:
        document = docx.Document(str(path))
        body = document.element.body
        styles = _Styles(document.styles.element.findall(f"{_W}style"))
        numbering_element = None
        for rel in document.part.rels.values():
            if rel.reltype == _NUMBERING_REL and not rel.is_external:
                numbering_element = rel.target_part.element
        numbering = Numbering.parse(
            numbering_element, document.styles.element.findall(f"{_W}style")
        )
    except Exception as exc:  # python-docx and lxml raise many kinds of error on a bad package
        raise ImportError_(
            error(
                "import-docx-malformed",
                f"{path} is not a readable Word file ({type(exc).__name__}: {exc})",
                hint="open it in Word and save it again, or check that the download is complete",
            )
        ) from None
    children = list(body.iterchildren())
    elements: list[Any] = []
    toc_blocks = 0
    for child in children:
        if child.tag == f"{_W}sdt":
            gallery = child.find(f".//{_W}docPartGallery")
            if gallery is not None and "contents" in (gallery.get(f"{_W}val") or "").lower():
                toc_blocks += 1
                continue
            content = child.find(f"{_W}sdtContent")
            elements.extend(content.iterchildren() if content is not None else ())
        else:
            elements.append(child)

    def read(
        labels: Labels, opens_top: Callable[[str], bool], styled_only: bool = True
    ) -> tuple[list[Block], str | None, str | None, int, bool, int]:
        """The paragraphs as blocks: labels read with `labels`, the book starting at the first
        heading that `opens_top`."""
        skipped_toc = toc_blocks
        numbering.reset()
        blocks: list[Block] = []
        found_title = title
        found_edition = edition
        started = False
        page = 1
        paged = False
        total = len(elements)
        for number, element in enumerate(elements, start=1):
            if progress is not None and (number % 200 == 0 or number == total):
                progress(number, total)
            where = f"paragraph {number}"
            if element.tag == f"{_W}tbl":
                text = " | ".join(
                    clean(_text(cell)) for cell in element.iter(f"{_W}tc") if clean(_text(cell))
                )
                if text:
                    kind = BlockKind.UNPLACED if started else BlockKind.FRONT
                    blocks.append(Block(kind, f"[table] {text}", None, where, note="a table"))
                continue
            if element.tag != f"{_W}p":
                continue
            before, breaks = _breaks(element)
            paged = paged or breaks > 0
            here = page + before
            page += breaks
            style_element = element.find(f"{_W}pPr/{_W}pStyle")
            style = (style_element.get(f"{_W}val") if style_element is not None else None) or (
                styles.default
            )
            style_name = styles.name(style)
            if style_name.startswith("toc"):
                skipped_toc += 1
                continue
            text = clean(_text(element))
            styled = style_name.startswith(("heading", "title")) or _all_bold(element)
            num_id, ilvl = _num_pr(element, style, styles, numbering)
            label = numbering.next_label(num_id, ilvl or 0) if num_id is not None else None
            if label is not None and label.text and not label.bullet:
                line = f"{clean(label.text)} {text}".strip()
                kind = BlockKind.HEADING if labels.keyword_of(line) else BlockKind.PROVISION
                numbered = True
            else:
                if not text:
                    continue
                line = text
                numbered = False
                if labels.keyword_of(line):
                    kind = BlockKind.HEADING
                elif labels.is_label(line.split()[0]):
                    kind = BlockKind.PROVISION
                else:
                    kind = BlockKind.TEXT
            if not started:
                if (kind is BlockKind.HEADING or styled or not styled_only) and opens_top(line):
                    started = True
                else:
                    if style_name == "title" and found_title is None:
                        found_title = line
                        continue
                    match = _EDITION.fullmatch(line)
                    if (style_name == "subtitle" or match) and found_edition is None:
                        found_edition = (
                            next((g for g in match.groups() if g), line) if match else line
                        )
                        continue
                    blocks.append(Block(BlockKind.FRONT, line, None, where))
                    continue
            # Word's list level says how deep a numbered paragraph stands; a label typed by
            # hand says nothing of it (its indentation is the author's), so it has none.
            depth: float | None = 0.0 if num_id is None else float((ilvl or 0) + 1)
            if kind is BlockKind.PROVISION and not numbered and not styled:
                depth = None
            elif num_id is None and _indented(element):
                depth = None  # indented by hand: more of the item above, not after its list
            blocks.append(
                Block(
                    kind, line, here, where, numbered=numbered, styled=styled, indent=depth,
                    paragraph=True,
                )
            )  # fmt: skip

        return blocks, found_title, found_edition, page, paged, skipped_toc

    if scheme is None:
        universal = universal_labels()

        def opens(line: str) -> bool:
            return bool(universal.keyword_of(line) or universal.is_label(line.split()[0]))

        first, first_title, first_edition, *_ = read(universal, opens)
        if not _started(first):  # no heading set apart: the book starts at its first label
            first, first_title, first_edition, *_ = read(universal, opens, styled_only=False)
        if not first and first_title is None and first_edition is None:
            raise _empty(path)
        scheme = scheme_of_blocks(first)
        if scheme is None:
            raise no_rulebook(str(path), "found no numbered heading or provision")
    chosen = scheme
    labels = Labels.of(chosen)
    blocks, found_title, found_edition, page, paged, skipped_toc = read(
        labels, lambda line: labels.opens_top(line, chosen)
    )
    if not _started(blocks):
        blocks, found_title, found_edition, page, paged, skipped_toc = read(
            labels, lambda line: labels.opens_top(line, chosen), styled_only=False
        )
    if not blocks and found_title is None and found_edition is None:
        raise _empty(path)
    if not paged:
        blocks = [attrs.evolve(block, page=None) for block in blocks]
    if found_title is None:
        found_title = str(document.core_properties.title or "")
    name = source_name or path.with_suffix(".txt").name
    assembled = assemble(
        blocks,
        title=found_title,
        edition=found_edition or "",
        scheme=scheme,
        source_name=name,
        origin=str(path),
    )
    extra = (
        [("import-skipped-contents", f"skipped {skipped_toc} table-of-contents entries")]
        if skipped_toc
        else []
    )
    return ImportResult(
        source=assembled.source,
        rulebook=assembled.rulebook,
        diagnostics=(*assembled.diagnostics, *notes(extra)),
        input=str(path),
        pages=page if paged else None,
    )
