"""Import a printed rule book from PDF (with pdfplumber).

The steps, each over the words pdfplumber finds with their font and position:

1. **Lines.** Words are grouped into lines; a page set in two columns (a contents page) is
   split at its gutter and read column by column.
2. **Running headers and footers.** A line at the top or bottom of a page whose text, with its
   digits masked, recurs at the same height on several pages in a style unlike the body's (or
   which is only a page number) is a running element; once their heights and styles are known,
   any line at one of those heights in that style is one too (a chapter title that runs on one
   page only). They are dropped; the page numbers they print are kept, so every provision gets
   the page number printed on its page, not the PDF's page index.
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

import itertools
import os
import re
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

from motions.book.numbering import Scheme, from_roman, load_scheme
from motions.errors import ImportError_, error
from motions.importers.deps import missing
from motions.importers.layout import (
    Block,
    BlockKind,
    Joiner,
    Labels,
    Progress,
    assemble,
    clean,
    notes,
)
from motions.importers.result import ImportResult


@attrs.frozen
class Word:
    """A word as printed: its text, box (points from the page's top left) and type."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False


@attrs.frozen
class Line:
    """Words printed on one baseline of one column of one page, left to right."""

    words: tuple[Word, ...]
    page: int  # 0-based index of the page in the PDF
    column: int = 0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        """The size most of the line's characters are set in."""
        sizes: Counter[float] = Counter()
        for word in self.words:
            sizes[round(word.size, 1)] += len(word.text)
        return sizes.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)

    @property
    def italic(self) -> bool:
        return all(w.italic for w in self.words)


@attrs.frozen
class Page:
    """One page's lines in reading order, and whether it holds pictures."""

    index: int
    width: float
    height: float
    lines: tuple[Line, ...]
    images: int = 0


_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)


@attrs.frozen
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


def _word(chars: Sequence[_Char]) -> Word:
    font = chars[0].font.split("+", 1)[-1]
    return Word(
        text="".join(c.text for c in chars),
        x0=chars[0].x0,
        x1=max(c.x1 for c in chars),
        top=min(c.top for c in chars),
        bottom=max(c.bottom for c in chars),
        size=chars[0].size,
        bold=bool(_BOLD.search(font)),
        italic=bool(_ITALIC.search(font)),
    )


def words_from_chars(chars: Sequence[_Char]) -> list[Word]:
    """Characters grouped into words: a new word at a space, a gap, a new line or a new font.

    Characters are taken by lines (tops within a third of their size), left to right, so the
    order the PDF drew them in does not matter; a gap wider than a fifth of the type size
    separates words even where the PDF has no space character.
    """
    words: list[Word] = []
    ordered = sorted(chars, key=lambda c: c.top)
    rows: list[list[_Char]] = []
    for char in ordered:
        if rows and char.top - rows[-1][0].top <= 0.35 * max(char.size, 1.0):
            rows[-1].append(char)
        else:
            rows.append([char])
    for row in rows:
        current: list[_Char] = []
        for char in sorted(row, key=lambda c: c.x0):
            if not char.text.strip():
                if current:
                    words.append(_word(current))
                current = []
                continue
            if current and (
                char.x0 - current[-1].x1 > 0.2 * char.size or char.font != current[-1].font
            ):
                words.append(_word(current))
                current = []
            current.append(char)
        if current:
            words.append(_word(current))
    return words


# -- 1. lines and columns ---------------------------------------------------------------------


def _gutter(words: Sequence[Word], width: float) -> float | None:
    """The x of a gutter splitting the page into two columns, or None for one column."""
    if len(words) < 8:
        return None
    spans = sorted((w.x0, w.x1) for w in words)
    low, high = width * 0.3, width * 0.7
    best: tuple[float, float] | None = None
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= 4 and low <= (x0 + reach) / 2 <= high:
            gap = (reach, x0)
            # The gutter is the gap nearest the middle of the page, not the widest one (that
            # may be the space between a contents entry and its page number).
            if best is None or abs(sum(gap) - width) < abs(sum(best) - width):
                best = gap
        reach = max(reach, x1)
    if best is None:
        return None
    middle = (best[0] + best[1]) / 2
    left = sum(1 for w in words if w.x1 <= middle)
    right = len(words) - left
    if min(left, right) < 0.2 * len(words):
        return None
    # Two columns run side by side for many lines; one stretched line is not a gutter.
    rows: dict[int, set[bool]] = defaultdict(set)
    for w in words:
        rows[round(w.top / 2)].add(w.x1 <= middle)
    return middle if sum(1 for sides in rows.values() if len(sides) == 2) >= 6 else None


def _lines(words: Sequence[Word], page: int, column: int) -> Iterator[Line]:
    current: list[Word] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if current and abs(word.top - current[0].top) > 0.5 * min(word.size, current[0].size):
            yield Line(tuple(sorted(current, key=lambda w: w.x0)), page, column)
            current = []
        current.append(word)
    if current:
        yield Line(tuple(sorted(current, key=lambda w: w.x0)), page, column)


def page_lines(words: Sequence[Word], index: int, width: float) -> tuple[Line, ...]:
    """A page's words as lines in reading order: the left column first when there are two."""
    gutter = _gutter(words, width)
    if gutter is None:
        return tuple(_lines(words, index, 0))
    left = [w for w in words if w.x1 <= gutter]
    right = [w for w in words if w.x1 > gutter]
    return (*_lines(left, index, 0), *_lines(right, index, 1))


# -- reading the file ---------------------------------------------------------------------------


def _problem(path: Path, exc: BaseException, *, password: str | None = None) -> ImportError_:
    """Our error for whatever pdfminer raised while opening or reading `path`."""
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(cause).__name__
    if ("Password" in name or "Encryption" in name) and password:
        return ImportError_(
            error(
                "import-pdf-encrypted",
                f"{path} is encrypted and the password given does not open it",
                hint="check the password (it is case-sensitive)",
            )
        )
    if "Password" in name or "Encryption" in name:
        return ImportError_(
            error(
                "import-pdf-encrypted",
                f"{path} is encrypted and needs a password to read",
                hint="pass the password with --password, or save an unprotected copy "
                "(for example: qpdf --decrypt --password=... in.pdf out.pdf)",
            )
        )
    detail = str(cause) or name
    return ImportError_(
        error(
            "import-pdf-malformed",
            f"{path} is not a readable PDF ({detail})",
            hint="check that the file is a complete PDF: open it in a PDF viewer, or download "
            "it again",
        )
    )


def _page_content(layout: Any) -> tuple[list[_Char], int]:
    """The characters of a pdfminer page layout, and how many pictures it holds."""
    from pdfminer.layout import LTChar, LTFigure, LTImage

    chars: list[_Char] = []
    images = 0
    height = float(layout.y1)
    stack = list(layout)
    while stack:
        item = stack.pop()
        if isinstance(item, LTChar):
            chars.append(
                _Char(
                    item.get_text(),
                    float(item.x0) - float(layout.x0),
                    float(item.x1) - float(layout.x0),
                    height - float(item.y1),
                    height - float(item.y0),
                    round(float(item.size), 2),
                    str(item.fontname),
                )
            )
        elif isinstance(item, LTImage):
            images += 1
        elif isinstance(item, LTFigure):
            stack.extend(item)
    return chars, images


def _read_page(pdf: Any, index: int) -> Page:
    """One page's lines, from an open pdfplumber document (exceptions pass through)."""
    page = pdf.pages[index]
    layout = page.layout
    chars, images = _page_content(layout)
    width, height = float(layout.width), float(layout.height)
    result = Page(index, width, height, page_lines(words_from_chars(chars), index, width), images)
    page.close()
    return result


_WORKER: dict[str, Any] = {}  # in a worker process: the document it reads pages from
_CHUNK = 8  # pages per task for the worker processes
_PARALLEL_FROM = 32  # pages: fewer are read in this process


def _worker_open(path: str, password: str) -> None:
    import pdfplumber

    _WORKER["pdf"] = pdfplumber.open(path, password=password)


def _worker_read(indexes: list[int]) -> tuple[list[Page], tuple[int, str] | None]:
    """Pages read in a worker, or the page and message of what failed (exceptions do not
    cross processes well: ours carry diagnostics that pickling would lose)."""
    pages: list[Page] = []
    for index in indexes:
        try:
            pages.append(_read_page(_WORKER["pdf"], index))
        except Exception as exc:  # a broken content stream on this page
            return pages, (index, _detail(exc))
    return pages, None


def _detail(exc: BaseException) -> str:
    """What went wrong, from pdfplumber's wrapper around pdfminer's exception."""
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    return str(cause) or type(cause).__name__


def _page_error(path: Path, index: int, detail: str) -> ImportError_:
    return ImportError_(
        error(
            "import-pdf-malformed",
            f"{path}: page {index + 1} cannot be read ({detail})",
            hint="check that the file is a complete PDF: open it in a PDF viewer, or download "
            "it again",
        )
    )


def _read_in_workers(
    path: Path, password: str, total: int, workers: int, progress: Progress | None
) -> list[Page]:
    """Pages read by `workers` processes, a few pages per task; progress as tasks finish."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    chunks = [list(range(i, min(i + _CHUNK, total))) for i in range(0, total, _CHUNK)]
    pages: list[Page] = []
    # Fork: a spawned worker would re-run the caller's main script, which breaks any script
    # without an `if __name__ == "__main__"` guard. Where fork is not safe, read in-process.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_open,
        initargs=(str(path), password),
    ) as pool:
        futures = [pool.submit(_worker_read, chunk) for chunk in chunks]
        for future in as_completed(futures):
            read, failed = future.result()
            if failed is not None:
                for other in futures:
                    other.cancel()
                raise _page_error(path, *failed)
            pages.extend(read)
            if progress is not None:
                progress(len(pages), total)
    return sorted(pages, key=lambda page: page.index)


def read_pages(
    path: str | Path,
    *,
    password: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> tuple[list[Page], dict[str, str]]:
    """Every page's lines, and the document's metadata (Title, Subject ...).

    pdfplumber opens the file and lays out each page (`Page.layout`, pdfminer's characters with
    their fonts and boxes); the characters are grouped into words here, which is several times
    faster than building pdfplumber's per-character dictionaries. A long document is read by
    `workers` processes (default: two, or one on a one-core machine); `workers=1` reads in this
    process.
    """
    path = Path(path)
    try:
        import pdfplumber
    except ImportError:
        raise missing("pdfplumber") from None
    if not path.is_file():
        raise ImportError_(error("import-missing", f"no such file: {path}", hint="check the path"))
    if path.stat().st_size == 0:
        raise ImportError_(
            error("import-pdf-empty", f"{path} is empty (0 bytes)", hint="check the file")
        )
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    pages: list[Page] = []
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except Exception as exc:  # pdfminer raises many kinds of error on a bad file
        raise _problem(path, exc, password=password) from None
    with pdf:
        try:
            total = len(pdf.pages)
            metadata = {str(k): str(v) for k, v in (pdf.metadata or {}).items()}
        except Exception as exc:  # a broken page tree
            raise _problem(path, exc, password=password) from None
        if total == 0:
            raise ImportError_(
                error("import-pdf-empty", f"{path} has no pages", hint="check the file")
            )
        if workers > 1 and total >= _PARALLEL_FROM and sys.platform == "linux":
            try:
                pages = _read_in_workers(path, password or "", total, workers, progress)
            except (BrokenProcessPool, OSError):  # no processes to be had: read them here
                pages = []
        if not pages:
            for index in range(total):
                try:
                    pages.append(_read_page(pdf, index))
                except Exception as exc:  # a broken content stream on this page
                    raise _page_error(path, index, _detail(exc)) from None
                if progress is not None:
                    progress(index + 1, total)
    if not any(p.lines for p in pages):
        if any(p.images for p in pages):
            raise ImportError_(
                error(
                    "import-pdf-scanned",
                    f"{path} has no text layer: its {total} page(s) are pictures (a scan?)",
                    hint="run it through OCR first (for example: ocrmypdf in.pdf out.pdf), "
                    "then import the result",
                )
            )
        raise ImportError_(
            error(
                "import-pdf-empty",
                f"{path} has no text on any of its {total} page(s)",
                hint="check that this is the rule book and not a blank or image-only file",
            )
        )
    return pages, metadata


# -- 2. running headers and footers; printed page numbers ---------------------------------------

_PAGE_NUMBER = re.compile(r"(?:[Pp]age\s+)?(\d{1,4}|[ivxlcdm]{1,7})")
_DIGITS = re.compile(r"\d+")


def _mask(text: str) -> str:
    words = [
        "#" if from_roman(w.lower().strip(".")) is not None else w for w in text.lower().split()
    ]
    return _DIGITS.sub("#", " ".join(words))


def _edges(page: Page) -> list[Line]:
    ordered = sorted(page.lines, key=lambda line: line.top)
    return list(dict.fromkeys([*ordered[:2], *ordered[-2:]]))


def body_size(pages: Sequence[Page]) -> float:
    """The size most of the book's characters are set in, outside its contents pages."""
    sizes: Counter[float] = Counter()
    for page in pages:
        if is_contents(page.lines):
            continue
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _detached(line: Line, page: Page, leading: float) -> bool:
    """Whether a line at the top or foot of a page stands apart from the text next to it."""
    ordered = sorted(page.lines, key=lambda other: other.top)
    at = ordered.index(line)
    if line.top < page.height / 2:
        return at + 1 < len(ordered) and ordered[at + 1].top - line.top >= 1.5 * leading
    return at > 0 and line.top - ordered[at - 1].top >= 1.5 * leading


def _text_area(pages: Sequence[Page], body: float) -> tuple[float, float] | None:
    """Where body text runs on a typical page: the usual top of its first and last lines."""
    firsts: list[float] = []
    lasts: list[float] = []
    for page in pages:
        tops = [line.top for line in page.lines if abs(line.size - body) < 0.3]
        if len(tops) >= 3:
            firsts.append(min(tops))
            lasts.append(max(tops))
    if len(firsts) < 2:
        return None
    return statistics.median(firsts), statistics.median(lasts)


def running_lines(pages: Sequence[Page], body: float) -> set[Line]:
    """The running headers, footers and page numbers on every page."""
    at: dict[str, list[Line]] = defaultdict(list)
    for page in pages:
        for line in _edges(page):
            at[_mask(line.text)].append(line)
    repeat = 3 if len(pages) >= 6 else 2
    leading = _leading([line for page in pages for line in page.lines], body)
    area = _text_area(pages, body)
    by_index = {page.index: page for page in pages}

    def in_margin(line: Line) -> bool:
        """Above or below where body text runs (or, without enough text, near the edge)."""
        if area is not None:
            return line.top < area[0] - 0.5 * body or line.top > area[1] + 0.5 * body
        height = by_index[line.page].height
        return line.top < 0.07 * height or line.top > 0.93 * height

    running: set[Line] = set()
    for key, lines in at.items():
        for line in lines:
            if _is_page_number(line.text) and in_margin(line):
                running.add(line)
                continue
            if line.size >= 1.12 * body or (line.bold and line.size >= body - 0.3):
                continue  # set like a heading: running lines are small, or at least not bold
            same = {o.page for o in lines if abs(o.top - line.top) <= 2}
            styled = abs(line.size - body) >= 0.5 or line.italic
            if (len(same) >= repeat and (styled or "#" in key)) or (
                styled
                and not line.bold
                and in_margin(line)
                and _detached(line, by_index[line.page], leading)
            ):
                running.add(line)
    bands = {(round(line.top), line.size, line.italic) for line in running}
    for page in pages:
        for line in _edges(page):
            if any(
                abs(line.top - top) <= 2 and abs(line.size - size) <= 0.3 and line.italic == it
                for top, size, it in bands
            ):
                running.add(line)
    return running


def _is_page_number(text: str) -> bool:
    match = _PAGE_NUMBER.fullmatch(text.strip())
    if match is None:
        return False
    number = match.group(1)
    return number.isdigit() or from_roman(number) is not None


def printed_numbers(pages: Sequence[Page], running: set[Line]) -> dict[int, int]:
    """The page number printed on each page, filled in between pages that print one."""
    found: dict[int, int] = {}
    for line in running:
        match = _PAGE_NUMBER.fullmatch(line.text.strip())
        if match and match.group(1).isdigit():
            found.setdefault(line.page, int(match.group(1)))
    if not found:
        return {page.index: page.index + 1 for page in pages}
    known = sorted(found)
    numbers: dict[int, int] = {}
    for page in pages:
        before = [k for k in known if k <= page.index]
        anchor = before[-1] if before else known[0]
        number = found[anchor] + page.index - anchor
        if number >= 1:
            numbers[page.index] = number
    return numbers


# -- 3. contents pages ----------------------------------------------------------------------------


def is_contents(lines: Sequence[Line]) -> bool:
    """A contents or index page: it says so, or most of its lines end in a page number."""
    if not lines:
        return False
    if lines[0].text.strip().lower() in {"contents", "table of contents", "index"}:
        return True
    numbered = sum(1 for line in lines if line.words[-1].text.isdigit() and len(line.words) > 1)
    return len(lines) >= 4 and numbered >= 0.5 * len(lines)


# -- 4 and 5. front matter, then blocks -----------------------------------------------------------

_EDITION = re.compile(r"(?i)(?:edition\s*:?\s*(?P<a>.+)|(?P<b>.+?)\s+edition|(?P<c>(?:19|20)\d\d))")
_YEAR_AT_END = re.compile(r"\b((?:19|20)\d\d)$")


@attrs.frozen
class _Cover:
    title: str
    edition: str
    rest: tuple[Line, ...]


def read_cover(front: Sequence[Line], metadata: dict[str, str]) -> _Cover:
    """Title and edition from the front matter (or the PDF's metadata); the other lines."""
    if not front:
        title = metadata.get("Title", "")
        year = _YEAR_AT_END.search(title)
        return _Cover(title, year.group(1) if year else "", ())
    first_page = front[0].page
    cover = [line for line in front if line.page == first_page]
    biggest = max(line.size for line in cover)
    title_lines = [line for line in cover if abs(line.size - biggest) < 0.1]
    title = Joiner().join(line.text for line in title_lines)
    edition = ""
    used = set(title_lines)
    for line in cover:
        if line in used:
            continue
        match = _EDITION.fullmatch(line.text.strip())
        if match:
            edition = next(g for g in match.groups() if g)
            used.add(line)
            break
    if not edition:
        year = _YEAR_AT_END.search(title)
        edition = year.group(1) if year else ""
    return _Cover(clean(title), clean(edition), tuple(line for line in front if line not in used))


@attrs.frozen
class _Cues:
    """Measures of the body type that the block rules compare against."""

    size: float  # body type size
    leading: float  # distance between the tops of two lines of one paragraph


def _leading(lines: Sequence[Line], size: float) -> float:
    """The distance between two lines of one paragraph of body text.

    The low end of the steps between consecutive lines, not their middle: in a book of short
    paragraphs most steps cross a paragraph gap.
    """
    steps = sorted(
        b.top - a.top
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.column == b.column and abs(a.size - size) < 0.3
        and abs(b.size - size) < 0.3 and 0.8 * size < b.top - a.top < 3 * size
    )  # fmt: skip
    found = steps[len(steps) // 10] if steps else 1.2 * size
    return min(max(found, size), 1.6 * size)  # text is set between solid and 1.6 leading


def _label_stands_apart(line: Line, cues: _Cues) -> bool:
    words = line.words
    if len(words) == 1:
        return True
    gap = words[1].x0 - words[0].x1
    others = [b.x0 - a.x1 for a, b in itertools.pairwise(words[1:])]
    usual = statistics.median(others) if others else 0.3 * line.size
    return gap >= max(0.45 * line.size, 1.6 * usual)


def _margins(lines: Sequence[Line]) -> dict[tuple[int, int], float]:
    """The left edge of the text for each (page parity, column), for comparing indents."""
    margins: dict[tuple[int, int], float] = {}
    for line in lines:
        key = (line.page % 2, line.column)
        margins[key] = min(margins.get(key, line.x0), line.x0)
    return margins


def blocks_from_lines(
    lines: Sequence[Line], numbers: dict[int, int], labels: Labels, cues: _Cues, joiner: Joiner
) -> list[Block]:
    """The body's lines grouped into headings, provisions and text (see the module's step 5)."""
    blocks: list[Block] = []
    kind: BlockKind | None = None
    parts: list[str] = []
    first: Line | None = None
    prev: Line | None = None
    margins = _margins(lines)
    text_indent = 0.0  # where the current provision's text runs, after its label

    def indent(line: Line) -> float:
        return line.x0 - margins[(line.page % 2, line.column)]

    def close() -> None:
        if kind is not None and first is not None:
            page = numbers.get(first.page)
            where = f"page {page}" if page is not None else f"PDF page {first.page + 1}"
            if page is not None and page != first.page + 1:
                where += f" (PDF page {first.page + 1})"
            blocks.append(Block(kind, joiner.join(parts), page, where))

    for line in lines:
        text = line.text
        same_run = prev is not None and prev.page == line.page and prev.column == line.column
        step = line.top - prev.top if prev is not None and same_run else None
        # A paragraph gap is only known within a page: the first line of a page has none.
        gap_before = step is not None and step > cues.leading + 0.25 * cues.size
        heading_type = line.bold or line.size >= cues.size * 1.12
        # Left of the line above, or of the column where the provision's text runs (after a
        # hanging label): not a continuation of it, even at the top of a page.
        outdent = prev is not None and indent(line) < indent(prev) - 0.5 * line.size
        if kind is BlockKind.PROVISION and indent(line) < text_indent - 0.5 * line.size:
            outdent = True
        if labels.keyword_of(text) and heading_type:
            close()
            kind, parts, first = BlockKind.HEADING, [text], line
        elif (
            kind is BlockKind.HEADING
            and heading_type
            and first is not None
            and abs(line.size - first.size) < 0.5
            and step is not None
            and step <= 1.6 * line.size
        ):
            parts.append(text)
        elif labels.is_label(line.words[0].text) and (
            (_label_stands_apart(line, cues) and (len(line.words) > 1 or not same_run))
            or gap_before
            or outdent
        ):
            close()
            kind, parts, first = BlockKind.PROVISION, [text], line
            words = line.words
            text_indent = indent(line) + (words[1].x0 - words[0].x0 if len(words) > 1 else 0.0)
        elif kind is BlockKind.HEADING or kind is None or (kind is BlockKind.TEXT and gap_before):
            close()
            kind, parts, first = BlockKind.TEXT, [text], line
        else:
            parts.append(text)
        prev = line
    close()
    return blocks


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
    scheme = scheme or load_scheme("labour")
    pages, metadata = read_pages(path, password=password, progress=progress, workers=workers)
    size = body_size(pages)
    running = running_lines(pages, size)
    numbers = printed_numbers(pages, running)
    labels = Labels.of(scheme)
    tops = {level.keyword for level in scheme.roots if level.keyword}

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
    start = next(
        (
            i
            for i, line in enumerate(body)
            if labels.keyword_of(line.text) in tops and (line.bold or line.size >= size * 1.12)
        ),
        len(body),
    )
    first_page = body[start].page if start < len(body) else len(pages)
    cover = read_cover(body[:start], metadata)
    joiner = Joiner.for_lines(line.text for line in body)
    cues = _Cues(size, _leading(body, size))
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
            kinds.setdefault(_mask(line.text), line.text)
        common = Counter(_mask(line.text) for line in running).most_common(5)
        examples = ", ".join(f"'{kinds[mask]}'" for mask, _count in common)
        found.append(
            (
                "import-running-lines",
                f"dropped {len(running)} running header, footer and page-number lines, "
                f"such as {examples}",
            )
        )
    return ImportResult(
        source=assembled.source,
        rulebook=assembled.rulebook,
        diagnostics=(*assembled.diagnostics, *notes(found)),
        input=str(path),
        pages=len(pages),
    )


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
