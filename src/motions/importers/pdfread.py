"""Reading a PDF's pages: PDFium's characters → words → lines, in reading order.

The first of the PDF importer's steps (`motions.importers.pdf`): each page's characters, with
their font and box, are grouped into words and the words into lines; a page set in two columns
(a contents page) is split at its gutter and read column by column. A long document is read by
worker processes. Every failure to open or read the file becomes our error.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from motions.errors import ImportError_, error
from motions.importers.deps import missing
from motions.importers.layout import Progress


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

    # Each is asked for again and again by the later steps: computed once (a line is frozen).
    @functools.cached_property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @functools.cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @functools.cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @functools.cached_property
    def size(self) -> float:
        """The size most of the line's characters are set in."""
        sizes: dict[float, int] = {}
        for word in self.words:
            key = round(word.size, 1)
            sizes[key] = sizes.get(key, 0) + len(word.text)
        return max(sizes, key=sizes.__getitem__)

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


class _Char(NamedTuple):
    """One printed character (a plain tuple: a page has thousands, made and read once)."""

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
    """Our error for a file PDFium could not open. PDFium's own error code is not to be
    trusted after a failure it did not flag (it keeps the code of an earlier document), so
    the file itself says whether it is encrypted or has no pages."""
    detail = str(exc) or type(exc).__name__
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if data.startswith(b"%PDF") and b"/Encrypt" in data:
        detail = "password"
    elif re.search(rb"/Count\s+0\b", data) and not re.search(rb"/Count\s+[1-9]", data):
        return ImportError_(
            error("import-pdf-empty", f"{path} has no pages", hint="check the file")
        )
    if "password" in detail.lower() and password:
        return ImportError_(
            error(
                "import-pdf-encrypted",
                f"{path} is encrypted and the password given does not open it",
                hint="check the password (it is case-sensitive)",
            )
        )
    if "password" in detail.lower():
        return ImportError_(
            error(
                "import-pdf-encrypted",
                f"{path} is encrypted and needs a password to read",
                hint="pass the password with --password, or save an unprotected copy "
                "(for example: qpdf --decrypt --password=... in.pdf out.pdf)",
            )
        )
    detail = detail.removeprefix("Failed to load document ").strip("().")
    return ImportError_(
        error(
            "import-pdf-malformed",
            f"{path} is not a readable PDF ({detail})",
            hint="check that the file is a complete PDF: open it in a PDF viewer, or download "
            "it again",
        )
    )


#: What PDFium's text page reports for the hyphen-minus that ends a line (its "hyphen"
#: marker: 2 from `FPDFText_GetUnicode`, U+FFFE in `FPDFText_GetText`). PDFium leaves a
#: HYPHEN (U+2010, which WeasyPrint and others print where they hyphenate) as it is, and
#: turns only the hyphen-minus the text itself had into this: the author's hyphen, which
#: `layout.Joiner` then keeps or drops by the document's own words.
_LINE_END_HYPHENS = (2, 0xFFFE)


def _page_content(page: Any, textpage: Any) -> tuple[list[_Char], int]:
    """The characters of one PDFium page (text, box, size, font), and its pictures.

    One call gives the page's text; each character then costs two more (its box, and the text
    object it belongs to), and the size and font are asked once per text object: a page has
    thousands of characters and a few hundred objects.
    """
    import ctypes

    import pypdfium2.raw as pdfium  # type: ignore[import-untyped]

    left, _bottom, _right, top = page.get_mediabox()
    count = pdfium.FPDFText_CountChars(textpage)
    buffer = (ctypes.c_ushort * (count + 1))()
    pdfium.FPDFText_GetText(textpage, 0, count, buffer)
    codes = list(buffer)
    box = pdfium.FS_RECTF()
    matrix = pdfium.FS_MATRIX()
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    get_box = pdfium.FPDFText_GetLooseCharBox
    get_object = pdfium.FPDFText_GetTextObject
    styles: dict[int, tuple[float, str]] = {}  # text object → (size as printed, font name)
    chars: list[_Char] = []
    for index in range(count):
        code = codes[index]
        # Line ends and the spaces PDFium adds between words are not printed characters:
        # words are told apart by their gaps, as they are printed.
        if code in (10, 13) or (code == 32 and pdfium.FPDFText_IsGenerated(textpage, index)):
            continue
        if code in _LINE_END_HYPHENS:
            text = "-"
        elif 0xD800 <= code <= 0xDFFF or code == 0:
            text = "\ufffd"
        else:
            text = chr(code)
        handle = get_object(textpage, index)
        key = ctypes.cast(handle, ctypes.c_void_p).value or 0
        style = styles.get(key)
        if style is None:
            # The size as printed: the font's size scaled by the text's matrix (WeasyPrint
            # sets 12 "px" type at a scale of 0.75, which prints 9-point type).
            pdfium.FPDFText_GetMatrix(textpage, index, matrix)
            size = pdfium.FPDFText_GetFontSize(textpage, index) * (
                (matrix.c * matrix.c + matrix.d * matrix.d) ** 0.5
            )
            pdfium.FPDFText_GetFontInfo(textpage, index, name, 256, flags)
            style = styles[key] = (round(size, 2), name.value.decode("utf-8", "replace"))
        get_box(textpage, index, box)
        chars.append(
            _Char(text, box.left - left, box.right - left, top - box.top, top - box.bottom, *style)
        )
    images = sum(1 for _ in page.get_objects(filter=(pdfium.FPDF_PAGEOBJ_IMAGE,), max_depth=4))
    return chars, images


def _read_page(pdf: Any, index: int) -> Page:
    """One page's lines, from an open PDFium document (exceptions pass through)."""
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        chars, images = _page_content(page, textpage)
        width, height = page.get_size()
        lines = page_lines(words_from_chars(chars), index, width)
    finally:
        textpage.close()
        page.close()
    return Page(index, float(width), float(height), lines, images)


def _open(path: Path, password: str | None) -> Any:
    import pypdfium2

    return pypdfium2.PdfDocument(str(path), password=password or None)


_WORKER: dict[str, Any] = {}  # in a worker process: the document it reads pages from
_CHUNK = 8  # pages per task for the worker processes
_PARALLEL_FROM = 32  # pages: fewer are read in this process
#: Pages read before `early_check` decides whether to read on.
EARLY_PAGES = 20


def _worker_open(path: str, password: str) -> None:
    _WORKER["pdf"] = _open(Path(path), password)


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
    """What went wrong reading a page."""
    return str(exc) or type(exc).__name__


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
    path: Path, password: str, total: int, workers: int, progress: Progress | None, start: int = 0
) -> list[Page]:
    """Pages read by `workers` processes, a few pages per task; progress as tasks finish."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    chunks = [list(range(i, min(i + _CHUNK, total))) for i in range(start, total, _CHUNK)]
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
                progress(start + len(pages), total)
    return sorted(pages, key=lambda page: page.index)


def read_pages(
    path: str | Path,
    *,
    password: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    early_check: Callable[[Sequence[Page]], None] | None = None,
) -> tuple[list[Page], dict[str, str]]:
    """Every page's lines, and the document's metadata (Title, Subject ...).

    PDFium (pypdfium2) opens the file and gives each page's characters with their fonts and
    boxes (about ten times faster than pdfminer, which the importer used before); they are
    grouped into words and lines here. A long document is read by `workers` processes
    (default: two, or one on a one-core machine); `workers=1` reads in this process.
    `early_check`, given the first `EARLY_PAGES` pages of a longer document, may raise to stop
    reading a file that is plainly not what the caller wants.
    """
    path = Path(path)
    try:
        import pypdfium2  # noqa: F401 - only to say it is missing, before anything else
    except ImportError:
        raise missing("pypdfium2") from None
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
        pdf = _open(path, password)
    except Exception as exc:  # PdfiumError, with PDFium's reason
        raise _problem(path, exc, password=password) from None
    try:
        try:
            total = len(pdf)
            metadata = {str(k): str(v) for k, v in pdf.get_metadata_dict().items() if v}
        except Exception as exc:  # a broken page tree
            raise _problem(path, exc, password=password) from None
        if total == 0:
            raise ImportError_(
                error("import-pdf-empty", f"{path} has no pages", hint="check the file")
            )
        first = min(total, EARLY_PAGES) if early_check is not None else 0
        for index in range(first):
            try:
                pages.append(_read_page(pdf, index))
            except Exception as exc:  # a broken content stream on this page
                raise _page_error(path, index, _detail(exc)) from None
            if progress is not None:
                progress(index + 1, total)
        if early_check is not None and total > first and any(p.lines for p in pages):
            early_check(pages)
        rest: list[Page] = []
        if workers > 1 and total - first >= _PARALLEL_FROM and sys.platform == "linux":
            try:
                rest = _read_in_workers(path, password or "", total, workers, progress, first)
            except (BrokenProcessPool, OSError):  # no processes to be had: read them here
                rest = []
        pages.extend(rest)
        if not rest:
            for index in range(first, total):
                try:
                    pages.append(_read_page(pdf, index))
                except Exception as exc:  # a broken content stream on this page
                    raise _page_error(path, index, _detail(exc)) from None
                if progress is not None:
                    progress(index + 1, total)
    finally:
        pdf.close()
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
